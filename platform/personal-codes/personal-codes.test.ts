import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { withIdNumberCheckCharacter } from '../../contract/idcard.js';
import { asciiJson, parsePersonalCode } from '../../contract/personal-code.js';
import { syncPaths } from '../../contract/platform-api/paths.js';
import { makeTrackingCode } from '../../contract/tracking-code.js';
import { SEED_ITEMS } from '../catalog/seed-items.js';
import { TEST_ADMIN_TOKEN, adminHeaders } from '../test/enrolment.js';
import { buildPlatform } from '../server.js';
import { MATCHES_PER_MINUTE } from './code-routes.js';
import { applicationPackage, enrol, envelope, push, terminalKey } from '../test/package-fixtures.js';

const ALLOWANCE = SEED_ITEMS.find((item) => item.name === '高龄津贴申领')!;
const HOLDER = { name: '王老示', idNumber: withIdNumberCheckCharacter('11010519440307122'), phone: '13800001234' };
const OTHER_ID = withIdNumberCheckCharacter('11010519500101001');

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildPlatform({ version: 'test', databaseUrl: await freshDatabaseUrl(), adminToken: TEST_ADMIN_TOKEN, seedCatalog: true });
});
afterEach(async () => {
  await app.close();
});

const post = (url: string, headers: Record<string, string>, payload: unknown) => app.inject({ method: 'POST', url, headers, payload: payload as object });

async function terminal(terminalId: string, role: string) {
  const headers = await enrol(app, terminalId);
  const key = terminalKey(role);
  expect(await push(app, headers, envelope(terminalId, 'terminal-key', key.payload))).toMatchObject({ outcome: 'applied' });
  return { headers, key };
}

describe('personal codes issued at a counter and matched to a card', () => {
  it('issues only at a counter, with the name masked and the same subject for the same person', async () => {
    const counter = await terminal('counter-1', 'counter');
    const kiosk = await terminal('kiosk-1', 'kiosk');
    expect((await post('/v1/personal-codes/issue', kiosk.headers, { idNumber: HOLDER.idNumber, name: HOLDER.name })).statusCode).toBe(403);
    expect((await post('/v1/personal-codes/issue', counter.headers, { idNumber: 'x', name: HOLDER.name })).statusCode).toBe(400);
    const first = (await post('/v1/personal-codes/issue', counter.headers, { idNumber: HOLDER.idNumber, name: HOLDER.name })).json() as {
      code: string;
      maskedName: string;
    };
    const second = (await post('/v1/personal-codes/issue', counter.headers, { idNumber: HOLDER.idNumber, name: HOLDER.name })).json() as { code: string };
    expect(first.maskedName).toBe('王**');
    expect(first.code).not.toContain(HOLDER.idNumber);
    const subject = parsePersonalCode(first.code)!.payload.sub;
    expect(parsePersonalCode(second.code)!.payload.sub).toBe(subject);

    // Lost paper: only a counter voids the person's codes; one printed right after is not void.
    expect((await post('/v1/personal-codes/revoke', kiosk.headers, { idNumber: HOLDER.idNumber })).statusCode).toBe(403);
    expect((await post('/v1/personal-codes/revoke', counter.headers, { idNumber: HOLDER.idNumber })).json()).toEqual({ revoked: true });
    const pulled = (await app.inject({ url: `${syncPaths.pull}?dataset=code-revocations&since=0&limit=10`, headers: kiosk.headers })).json() as {
      items: { key: string; value: { issuedBefore: number } }[];
    };
    const voidBefore = pulled.items.find((item) => item.key === subject)!.value.issuedBefore;
    expect(parsePersonalCode(first.code)!.payload.iat).toBeLessThan(voidBefore);
    const reprinted = (await post('/v1/personal-codes/issue', counter.headers, { idNumber: HOLDER.idNumber, name: HOLDER.name })).json() as { code: string };
    expect(parsePersonalCode(reprinted.code)!.payload.iat).toBeGreaterThanOrEqual(voidBefore);

    // The match route says yes or no, and nothing else.
    const match = (idNumber: string) => post('/v1/personal-codes/match', kiosk.headers, { subject, idNumber }).then((r) => r.json() as { match: boolean });
    expect(await match(HOLDER.idNumber)).toEqual({ match: true });
    expect(await match(OTHER_ID)).toEqual({ match: false });
    expect((await post('/v1/personal-codes/match', {}, { subject, idNumber: HOLDER.idNumber })).statusCode).toBe(401);

    // Guessing ID numbers against a found code: each terminal gets a small budget per minute.
    const statuses: number[] = [];
    for (let i = 0; i < MATCHES_PER_MINUTE; i++)
      statuses.push((await post('/v1/personal-codes/match', kiosk.headers, { subject, idNumber: OTHER_ID })).statusCode);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    expect(statuses.at(-1)).toBe(429);
    // Another terminal still has its own.
    const other = await terminal('kiosk-2', 'kiosk');
    expect((await post('/v1/personal-codes/match', other.headers, { subject, idNumber: HOLDER.idNumber })).json()).toEqual({ match: true });
  });

  it("opens a case from a package made with the holder's code, and refuses someone else's or a forged one", async () => {
    const kiosk = await terminal('kiosk-1', 'kiosk');
    const issued = (await post('/v1/admin/personal-codes', adminHeaders(), { maskedName: '王**', idNumber: HOLDER.idNumber })).json() as {
      code: string;
      subject: string;
    };
    const stranger = (await post('/v1/admin/personal-codes', adminHeaders(), { maskedName: '王**', idNumber: OTHER_ID })).json() as {
      code: string;
      subject: string;
    };
    let n = 1;
    const submit = async (identity: Parameters<typeof applicationPackage>[1]['identity'], createdAt?: string) =>
      push(
        app,
        kiosk.headers,
        await applicationPackage(app, {
          terminalId: 'kiosk-1',
          key: kiosk.key,
          trackingCode: makeTrackingCode([n++, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
          serviceCode: ALLOWANCE.code,
          personal: HOLDER,
          identity,
          ...(createdAt ? { createdAt } : {}),
        }),
      );

    expect(await submit({ method: 'personal-code-and-id-card', personalCode: issued.code, subject: issued.subject, confirmedOnline: false })).toMatchObject({
      outcome: 'applied',
    });
    // Offline, the kiosk could only compare masked names: 王** is on both. The platform knows better.
    expect(await submit({ method: 'personal-code-and-id-card', personalCode: stranger.code, subject: stranger.subject, confirmedOnline: false })).toMatchObject(
      {
        outcome: 'rejected',
        reason: 'the personal code does not belong to the applicant',
      },
    );
    const parsed = parsePersonalCode(issued.code)!;
    const forged = `HTPC1.${Buffer.from(asciiJson({ ...parsed.payload, exp: parsed.payload.exp + 86_400 * 365 })).toString('base64url')}.${parsed.signature}`;
    expect(await submit({ method: 'personal-code-and-id-card', personalCode: forged, subject: issued.subject, confirmedOnline: false })).toMatchObject({
      outcome: 'rejected',
      reason: 'personal code signature does not verify',
    });
    expect(
      await submit(
        { method: 'personal-code-and-id-card', personalCode: issued.code, subject: issued.subject, confirmedOnline: false },
        '2020-01-01T00:00:00.000Z',
      ),
    ).toMatchObject({
      outcome: 'rejected',
      reason: 'the personal code was not valid when the package was made',
    });
    expect(await submit({ method: 'id-card' })).toMatchObject({ outcome: 'applied' });

    // Her paper is lost and revoked. A package made before that still stands; one made after is refused.
    const madeBefore = new Date().toISOString();
    expect((await post('/v1/admin/personal-codes/revoke', adminHeaders(), { subject: issued.subject, reason: '遗失' })).statusCode).toBe(200);
    const madeAfter = new Date(Date.now() + 5000).toISOString();
    const identity = { method: 'personal-code-and-id-card' as const, personalCode: issued.code, subject: issued.subject, confirmedOnline: false };
    expect(await submit(identity, madeBefore)).toMatchObject({ outcome: 'applied' });
    expect(await submit(identity, madeAfter)).toMatchObject({ outcome: 'rejected', reason: 'the personal code had been revoked when the package was made' });
  });
});
