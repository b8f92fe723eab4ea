import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../../test/postgres/databases.js';
import { asciiJson, parsePersonalCode } from '../../../../contract/personal-code.js';
import { startPlatform, type RunningPlatform } from '../../../../platform/server.js';
import { startTestHost, type TestHost } from '../../../../test/helpers/test-host.js';

const SECRET = 'personal-code-test-secret-0123456789';

describe('personal codes (反向扫码), verified offline', () => {
  let platform: RunningPlatform;
  let test: TestHost;
  const admin = async (path: string, body: unknown) => {
    const response = await fetch(new URL(path, platform.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${SECRET}` },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, string> };
  };
  const verify = (code: string) => test.host.handlers['personalCode.verify']({ code });
  const issue = async (validSeconds?: number) =>
    (await admin('/v1/admin/personal-codes', { maskedName: '王**', ...(validSeconds ? { validSeconds } : {}) })).body;

  beforeAll(async () => {
    platform = await startPlatform({ version: 't', databaseUrl: await freshDatabaseUrl(), adminToken: SECRET });
    test = await startTestHost('headless', { platformUrl: platform.url, sync: { pollIntervalMs: 500 } }, platform.app);
  });
  afterAll(async () => {
    await test?.host.stop();
    await platform?.close();
  });

  it('accepts a code the platform issued, once its keys have synced, and it carries no full name', async () => {
    const { code, subject } = await issue();
    await expect.poll(async () => (await verify(code!)).valid, { timeout: 10_000 }).toBe(true);
    expect(await verify(code!)).toMatchObject({ valid: true, subject, maskedName: '王**' });
    expect(code).not.toContain('王');
    expect(JSON.stringify(parsePersonalCode(code!)!.payload)).not.toMatch(/\d{17}[\dX]/);
  });

  it('refuses the platform issuing a code with an unmasked name', async () => {
    expect((await admin('/v1/admin/personal-codes', { maskedName: '王小明' })).status).toBe(400);
  });

  it('refuses a forged code, a malformed one and an expired one, each for its own reason, and records each', async () => {
    const { code } = await issue();
    await expect.poll(async () => (await verify(code!)).valid, { timeout: 10_000 }).toBe(true);
    const parsed = parsePersonalCode(code!)!;
    // A careful forger: a well-formed payload (another name, a longer life) under the old signature.
    const forgedPayload = Buffer.from(asciiJson({ ...parsed.payload, mn: '李*', exp: parsed.payload.exp + 10 * 365 * 86_400 })).toString('base64url');
    const before = await test.host.store.countRecords('status-event');
    expect(await verify(`HTPC1.${forgedPayload}.${parsed.signature}`)).toEqual({ valid: false, refusal: 'forged' });
    expect(await verify('HTPC1.not-base64!.x')).toEqual({ valid: false, refusal: 'malformed' });
    expect(await verify('https://example.com/?q=1')).toEqual({ valid: false, refusal: 'malformed' });
    const shortLived = (await issue(1)).code!;
    await new Promise((r) => setTimeout(r, 2100));
    expect(await verify(shortLived)).toEqual({ valid: false, refusal: 'expired' });
    expect(await test.host.store.countRecords('status-event')).toBe(before + 4);
  });

  it('refuses a revoked subject after the revocation syncs, and a new code for that person works', async () => {
    const { code, subject } = await issue();
    await expect.poll(async () => (await verify(code!)).valid, { timeout: 10_000 }).toBe(true);
    expect((await admin('/v1/admin/personal-codes/revoke', { subject, reason: 'paper lost' })).status).toBe(200);
    await expect.poll(async () => verify(code!), { timeout: 10_000 }).toEqual({ valid: false, refusal: 'revoked' });
    await new Promise((r) => setTimeout(r, 1100));
    const renewed = (await admin('/v1/admin/personal-codes', { maskedName: '王**', subject })).body.code!;
    await expect.poll(async () => (await verify(renewed)).valid, { timeout: 10_000 }).toBe(true);
  });

  it('keeps verifying codes across a key rotation, and stops when a key is revoked', async () => {
    const old = await issue();
    const { kid: newKid } = (await admin('/v1/admin/personal-codes/rotate-key', {})).body;
    expect(newKid).not.toBe(old.kid);
    const fresh = await issue();
    expect(fresh.kid).toBe(newKid);
    await expect.poll(async () => (await verify(fresh.code!)).valid, { timeout: 10_000 }).toBe(true);
    expect((await verify(old.code!)).valid).toBe(true);
    await admin('/v1/admin/personal-codes/revoke-key', { kid: old.kid });
    await expect.poll(async () => verify(old.code!), { timeout: 10_000 }).toEqual({ valid: false, refusal: 'revoked' });
    expect((await verify(fresh.code!)).valid).toBe(true);
  });
});
