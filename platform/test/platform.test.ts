import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { platformApi } from '../../contract/platform-api/routes.js';
import { type MutationEnvelope } from '../../contract/sync-protocol.js';
import { syncPaths } from '../../contract/platform-api/paths.js';
import { buildPlatform, platformContext, startPlatform, type RunningPlatform } from '../server.js';
import { TEST_ADMIN_TOKEN, adminHeaders, enrolTerminal } from './enrolment.js';

let dataDir: string;
let databaseUrl: string;
let platform: RunningPlatform;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hall-platform-test-'));
  databaseUrl = await freshDatabaseUrl();
  platform = await startPlatform({ version: 't', dataDir, databaseUrl, adminToken: TEST_ADMIN_TOKEN });
});
afterEach(async () => {
  await platform.close();
  rmSync(dataDir, { recursive: true, force: true });
});

async function call(path: string, init: { method?: string; headers?: Record<string, string>; body?: unknown } = {}) {
  const isBytes = init.body instanceof Uint8Array;
  const res = await fetch(platform.url + path, {
    method: init.method ?? 'GET',
    headers: { ...(init.body === undefined ? {} : { 'content-type': isBytes ? 'application/octet-stream' : 'application/json' }), ...init.headers },
    body: init.body === undefined ? undefined : isBytes ? (init.body as Uint8Array) : JSON.stringify(init.body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

async function register(terminalId: string) {
  return (await enrolTerminal(platform.app, terminalId)).headers;
}

const mutation = (mutationId: number, extra: Partial<MutationEnvelope> = {}): MutationEnvelope => ({
  mutationId,
  idempotencyKey: `T1-${mutationId}-${'k'.repeat(8)}`,
  kind: 'ticket',
  payload: { n: mutationId },
  personal: null,
  blobs: [],
  createdAt: new Date().toISOString(),
  ...extra,
});

describe('platform server', () => {
  it('keeps GET /health and the buildPlatform({version}) call working', async () => {
    expect((await call('/health')).body).toMatchObject({ status: 'ok', version: 't' });
    const app = await buildPlatform({ version: 'x', databaseUrl: await freshDatabaseUrl() });
    expect((await app.inject({ url: '/health' })).json()).toMatchObject({ version: 'x' });
    await app.close();
  });

  it('refuses enrolment with a wrong code, unknown terminals and wrong credentials with 401', async () => {
    const added = await call(platformApi.adminTerminalAdd.path, {
      method: 'POST',
      headers: adminHeaders(),
      body: { terminalId: 'T1', role: 'kiosk', hallId: 'hall-a' },
    });
    const code = added.body.enrolmentCode as string;
    expect((await call(syncPaths.register, { method: 'POST', body: { terminalId: 'T1', enrolmentCode: 'AAAA-AAAA-AAAA-AAAA' } })).status).toBe(401);
    expect((await call(syncPaths.register, { method: 'POST', body: { terminalId: 'T2', enrolmentCode: code } })).status).toBe(401);
    expect((await call(syncPaths.status, { headers: { authorization: 'Bearer abc' } })).status).toBe(401);
    const enrolled = await call(syncPaths.register, { method: 'POST', body: { terminalId: 'T1', enrolmentCode: code.toLowerCase() } });
    expect(enrolled.body).toMatchObject({ terminalId: 'T1', role: 'kiosk', hallId: 'hall-a' });
    const headers = { authorization: `Bearer ${enrolled.body.credential as string}` };
    expect((await call(syncPaths.status, { headers: { authorization: 'Bearer wrong-credential-wrong-credential-000' } })).status).toBe(401);
    expect((await call(syncPaths.status, { headers })).body).toEqual({ terminalId: 'T1', highestMutationId: 0 });
    expect((await call(syncPaths.seed('catalog'), { method: 'POST', body: { items: [] } })).status).toBe(401);
  });

  it('refuses a revoked terminal with 403; it cannot enrol again, and no reset brings it back', async () => {
    const headers = await register('T2');
    expect((await call(syncPaths.revoke('T2'), { method: 'POST', headers: adminHeaders(), body: {} })).body).toEqual({ revoked: true });
    expect((await call(syncPaths.push, { method: 'POST', headers, body: { mutations: [mutation(1)] } })).status).toBe(403);
    expect((await call(syncPaths.register, { method: 'POST', body: { terminalId: 'T2', enrolmentCode: 'AAAA-AAAA-AAAA-AAAA' } })).status).toBe(401);
    expect((await call(platformApi.adminTerminalReset.path.replace(':terminalId', 'T2'), { method: 'POST', headers: adminHeaders(), body: {} })).status).toBe(
      409,
    );
  });

  it('applies each mutation once and answers a retried batch as duplicate', async () => {
    const headers = await register('T1');
    const first = await call(syncPaths.push, { method: 'POST', headers, body: { mutations: [mutation(1), mutation(2)] } });
    expect(first.body).toEqual({
      results: [
        { mutationId: 1, outcome: 'applied' },
        { mutationId: 2, outcome: 'applied' },
      ],
      highestMutationId: 2,
    });
    const retry = await call(syncPaths.push, { method: 'POST', headers, body: { mutations: [mutation(2), mutation(3)] } });
    expect(retry.body).toEqual({
      results: [
        { mutationId: 2, outcome: 'duplicate' },
        { mutationId: 3, outcome: 'applied' },
      ],
      highestMutationId: 3,
    });
    const { store } = platformContext(platform.app);
    expect((await store.db.one<{ n: number }>('SELECT count(*) AS n FROM mutations'))!.n).toBe(3);
  });

  it('rejects for a business reason without blocking later mutations, and repeats the rejection on retry', async () => {
    const headers = await register('T1');
    const batch = [mutation(1), mutation(2, { kind: 'unheard-of' }), mutation(3)];
    const res = await call(syncPaths.push, { method: 'POST', headers, body: { mutations: batch } });
    expect((res.body.results as { outcome: string }[]).map((r) => r.outcome)).toEqual(['applied', 'rejected', 'applied']);
    const again = await call(syncPaths.push, { method: 'POST', headers, body: { mutations: [batch[1]] } });
    expect(again.body.results).toEqual([{ mutationId: 2, outcome: 'rejected', reason: "unknown mutation kind 'unheard-of'" }]);
    expect((await call(syncPaths.rejected, { headers: adminHeaders() })).body.rejected).toHaveLength(1);
  });

  it('holds a mutation whose materials are not verified, and everything after it', async () => {
    const headers = await register('T1');
    const sha = createHash('sha256').update('missing').digest('hex');
    const res = await call(syncPaths.push, { method: 'POST', headers, body: { mutations: [mutation(1), mutation(2, { blobs: [sha] }), mutation(3)] } });
    expect(res.body).toEqual({
      results: [
        { mutationId: 1, outcome: 'applied' },
        { mutationId: 2, outcome: 'waiting-blobs', missingBlobs: [sha] },
      ],
      highestMutationId: 1,
    });
  });

  it('continues an upload from the confirmed offset and verifies the hash', async () => {
    const headers = await register('T1');
    const bytes = randomBytes(100_000);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const put = (offset: number, end: number) =>
      call(`${syncPaths.blob(sha)}?offset=${offset}&size=${bytes.length}`, { method: 'PUT', headers, body: bytes.subarray(offset, end) });
    expect((await put(0, 40_000)).body).toMatchObject({ offset: 40_000, verified: false });
    // A client that lost the reply resends from 0: told where to continue.
    expect(await put(0, 40_000)).toEqual({ status: 409, body: { error: 'offset-mismatch', offset: 40_000 } });
    expect((await call(syncPaths.blob(sha), { headers })).body).toMatchObject({ offset: 40_000, size: 100_000, verified: false });
    expect((await put(40_000, 100_000)).body).toMatchObject({ offset: 100_000, verified: true });
    expect(platformContext(platform.app).blobs.read(sha).equals(bytes)).toBe(true);
    // On disk it is sealed, under a name that is not its hash.
    const file = platformContext(platform.app).blobs.finalPath(sha);
    expect(file).not.toContain(sha);
    expect(readFileSync(file).includes(bytes.subarray(0, 64))).toBe(false);
  });

  it('refuses a completed upload whose bytes do not match the hash, and restarts it at 0', async () => {
    const headers = await register('T1');
    const sha = createHash('sha256').update('the real content').digest('hex');
    const res = await call(`${syncPaths.blob(sha)}?offset=0&size=5`, { method: 'PUT', headers, body: Buffer.from('forge') });
    expect(res.status).toBe(422);
    expect((await call(syncPaths.blob(sha), { headers })).body).toMatchObject({ offset: 0, verified: false });
    expect(existsSync(platformContext(platform.app).blobs.finalPath(sha))).toBe(false);
  });

  it('serves seeded datasets from a checkpoint, in pages', async () => {
    const headers = await register('T1');
    const admin = adminHeaders();
    await call(syncPaths.seed('catalog'), {
      method: 'POST',
      headers: admin,
      body: {
        items: [
          { key: 'S1', value: { title: 'a' } },
          { key: 'S2', value: 2 },
          { key: 'S3', value: 3 },
        ],
      },
    });
    // Versions come from one counter across datasets (other datasets may publish first): compare, don't count.
    const first = await call(`${syncPaths.pull}?dataset=catalog&since=0&limit=2`, { headers });
    expect(first.body).toMatchObject({ items: [{ key: 'S1' }, { key: 'S2' }], more: true });
    const c1 = (first.body as { checkpoint: number }).checkpoint;
    const second = await call(`${syncPaths.pull}?dataset=catalog&since=${c1}&limit=2`, { headers });
    expect(second.body).toMatchObject({ items: [{ key: 'S3', value: 3 }], more: false });
    const c2 = (second.body as { checkpoint: number; items: { version: number }[] }).checkpoint;
    expect(c2).toBeGreaterThan(c1);
    expect(c2).toBe((second.body as { items: { version: number }[] }).items[0]!.version);
    await call(syncPaths.seed('catalog'), { method: 'POST', headers: admin, body: { items: [{ key: 'S1', value: null, deleted: true }] } });
    const third = (await call(`${syncPaths.pull}?dataset=catalog&since=${c2}`, { headers })).body as {
      items: { key: string; deleted?: boolean }[];
      checkpoint: number;
    };
    expect(third.items).toMatchObject([{ key: 'S1', deleted: true }]);
    expect(third.checkpoint).toBeGreaterThan(c2);
  });

  it('keeps exactly-once state across a restart on the same data directory', async () => {
    const headers = await register('T9');
    await call(syncPaths.push, { method: 'POST', headers, body: { mutations: [mutation(1)] } });
    await platform.close();
    platform = await startPlatform({ version: 't', dataDir, databaseUrl, adminToken: TEST_ADMIN_TOKEN });
    expect((await call(syncPaths.push, { method: 'POST', headers, body: { mutations: [mutation(1)] } })).body.results).toEqual([
      { mutationId: 1, outcome: 'duplicate' },
    ]);
  });
});
