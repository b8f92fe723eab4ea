// Whoever takes the platform's disk without its key finds no citizen in clear: after an application,
// a lookup, a personal code and an appointment check-in, no file under the data folder (database,
// write-ahead log, blobs, keys; the embedded PostgreSQL's files) holds the ID number, name, phone or address, and every file is the platform's alone.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import { withIdNumberCheckCharacter } from '../../contract/idcard.js';
import { makeTrackingCode } from '../../contract/tracking-code.js';
import { SEED_ITEMS } from '../catalog/seed-items.js';
import { DEMO_HALL_CONFIG } from '../queue/demo.js';
import { platformContext, startPlatform, type RunningPlatform } from '../server.js';
import { TEST_ADMIN_TOKEN, adminHeaders, enrolTerminal } from './enrolment.js';
import { applicationPackage, envelope, push, terminalKey } from './package-fixtures.js';
import { rawRequest } from './raw-http.js';

const PERSON = { name: '王示例', idNumber: withIdNumberCheckCharacter('11010519800101123'), phone: '13912345678', address: '示例省示例市示例路1号' };
const SBK = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;

let platform: RunningPlatform;
let dataDir: string;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? files(join(dir, entry.name)) : [join(dir, entry.name)]));
}

function clearTextFindings(): string[] {
  const needles = [PERSON.idNumber, PERSON.name, PERSON.phone, PERSON.address, createHash('sha256').update(`citizen:${PERSON.idNumber}`).digest('hex')];
  return files(dataDir).flatMap((file) => {
    const bytes = readFileSync(file);
    return needles.filter((needle) => bytes.includes(Buffer.from(needle, 'utf8'))).map((needle) => `${file.slice(dataDir.length)}: ${needle}`);
  });
}

beforeAll(async () => {
  dataDir = join(mkdtempSync(join(tmpdir(), 'hall-sealed-')), 'platform');
  platform = await startPlatform({ version: 't', dataDir, adminToken: TEST_ADMIN_TOKEN, seedCatalog: true, clock: new ManualClock('2026-11-23T01:30:00Z') });
  const { app } = platform;
  const kiosk = await enrolTerminal(app, 'kiosk-a');
  const counter = await enrolTerminal(app, 'counter-a', { role: 'counter', counterId: 'counter-1' });
  const post = (target: string, headers: Record<string, string>, body: unknown) =>
    rawRequest(platform.url, 'POST', target, { ...headers, 'content-type': 'application/json' }, JSON.stringify(body));

  // The application: its form blob uploaded as a terminal does, its personal fields in the mutation.
  const form = Buffer.from(JSON.stringify(PERSON));
  const formSha = createHash('sha256').update(form).digest('hex');
  const put = await rawRequest(
    platform.url,
    'PUT',
    `/v1/blobs/${formSha}?offset=0&size=${form.length}`,
    { ...kiosk.headers, 'content-type': 'application/octet-stream' },
    form,
  );
  expect(put.status).toBe(200);
  const key = terminalKey('kiosk');
  expect(await push(app, kiosk.headers, envelope('kiosk-a', 'terminal-key', key.payload))).toMatchObject({ outcome: 'applied' });
  const code = makeTrackingCode([5, 5, 1, 2, 3, 4, 5, 6, 7, 8]);
  expect(
    await push(app, kiosk.headers, await applicationPackage(app, { terminalId: 'kiosk-a', key, trackingCode: code, serviceCode: SBK.code, personal: PERSON })),
  ).toMatchObject({ outcome: 'applied' });
  const pkg = JSON.parse((await rawRequest(platform.url, 'GET', `/v1/cases/${code}/package`, counter.headers)).body) as {
    packages: { form: { name: string } }[];
  };
  expect(pkg.packages[0]?.form.name).toBe(PERSON.name);
  expect(JSON.parse((await post('/v1/citizens/lookup', kiosk.headers, { idNumber: PERSON.idNumber })).body)).toEqual({
    maskedPhone: '139****5678',
    maskedAddress: '示例省示例市*****',
  });
  // A personal code printed at the counter, and an appointment checked in by card.
  expect((await post('/v1/personal-codes/issue', counter.headers, { idNumber: PERSON.idNumber, name: PERSON.name })).status).toBe(200);
  expect(
    (
      await rawRequest(
        platform.url,
        'PUT',
        '/v1/admin/queue/config',
        { ...adminHeaders(), 'content-type': 'application/json' },
        JSON.stringify(DEMO_HALL_CONFIG),
      )
    ).status,
  ).toBe(200);
  expect(
    (
      await post('/v1/admin/queue/appointments', adminHeaders(), {
        items: [{ service: 'social-security', slot: '09:00', idNumber: PERSON.idNumber, maskedName: '王**' }],
      })
    ).status,
  ).toBe(200);
  expect((await post('/v1/queue/check-in', kiosk.headers, { idNumber: PERSON.idNumber })).status).toBe(200);
  // A ticket with a phone for reminders: the number is sealed until the ticket ends.
  expect((await post('/v1/queue/tickets', kiosk.headers, { service: 'social-security', phone: PERSON.phone, maskedName: '王*先生' })).status).toBe(200);
  const blob = await rawRequest(platform.url, 'GET', `/v1/blobs/${formSha}`, kiosk.headers);
  expect(JSON.parse(blob.body)).toMatchObject({ verified: true });
});

afterAll(async () => {
  await platform?.close();
  rmSync(join(dataDir, '..'), { recursive: true, force: true });
});

describe('citizen data sealed at rest on the platform', () => {
  it('leaves no ID number, name, phone or address in clear in any file, nor an unkeyed hash of the ID number, while running and after closing', async () => {
    expect(clearTextFindings()).toEqual([]);
    await platform.close();
    expect(clearTextFindings()).toEqual([]);
    platform = await startPlatform({ version: 't', dataDir, adminToken: TEST_ADMIN_TOKEN });
    // The platform itself still reads what it sealed.
    const kiosk = await enrolTerminal(platform.app, 'kiosk-b');
    const lookup = await rawRequest(
      platform.url,
      'POST',
      '/v1/citizens/lookup',
      { ...kiosk.headers, 'content-type': 'application/json' },
      JSON.stringify({ idNumber: PERSON.idNumber }),
    );
    expect(JSON.parse(lookup.body)).toEqual({ maskedPhone: '139****5678', maskedAddress: '示例省示例市*****' });
  });

  it('keeps a material sealed while it is half uploaded, under a name that does not tell which file it is', async () => {
    const kiosk = await enrolTerminal(platform.app, 'kiosk-c');
    const material = Buffer.from(JSON.stringify({ ...PERSON, note: '户口簿首页' }));
    const sha256 = createHash('sha256').update(material).digest('hex');
    const half = Math.floor(material.length / 2);
    const put = (offset: number, bytes: Buffer) =>
      rawRequest(
        platform.url,
        'PUT',
        `/v1/blobs/${sha256}?offset=${offset}&size=${material.length}`,
        { ...kiosk.headers, 'content-type': 'application/octet-stream' },
        bytes,
      );
    expect((await put(0, material.subarray(0, half))).status).toBe(200);
    expect(clearTextFindings()).toEqual([]);
    expect(files(dataDir).filter((file) => file.includes(sha256))).toEqual([]);
    expect((await put(half, material.subarray(half))).status).toBe(200);
    expect(JSON.parse((await rawRequest(platform.url, 'GET', `/v1/blobs/${sha256}`, kiosk.headers)).body)).toMatchObject({
      verified: true,
      offset: material.length,
    });
    expect(clearTextFindings()).toEqual([]);
    expect(readdirSync(join(dataDir, 'blobs', 'partial'))).toEqual([]);
  });

  it('keeps no personal fields of an application once its case holds the form', async () => {
    const { db } = platformContext(platform.app).store;
    expect(await db.query("SELECT personal_json FROM mutations WHERE kind = 'application'")).toEqual([{ personal_json: null }]);
  });

  it('keeps its folder 0700 and every file in it readable by its own user only', () => {
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const open = files(dataDir)
      .filter((file) => (statSync(file).mode & 0o077) !== 0)
      .map((file) => file.slice(dataDir.length));
    expect(open).toEqual([]);
  });
});
