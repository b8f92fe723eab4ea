import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freshDatabaseUrl } from '../../../../test/postgres/databases.js';
import { startPlatform, type RunningPlatform } from '../../../../platform/server.js';
import { FeedUpdater } from './feed-updater.js';
import { RELEASE_PUBLIC_KEYS, signFeed } from './release-signature.js';
import { isNewer, rolloutBucket } from './update-feed.js';
import { UpdatePolicy } from './update-policy.js';

const PACKAGE = 'hall-terminal-1.2.0.AppImage';
const bytes = Buffer.from(Array.from({ length: 200_000 }, (_, i) => (i * 7) % 256));
const sha512 = createHash('sha512').update(bytes).digest('base64');

// A release key made for this test; the terminal under test trusts only it.
const releaseKey = generateKeyPairSync('ed25519');
const TEST_KEYS = { 'test-release': releaseKey.publicKey.export({ format: 'jwk' }).x! };
const releasePem = releaseKey.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
const feedText = (extra = '') => `version: 1.2.0\npath: ${PACKAGE}\nsha512: ${sha512}\nreleaseDate: '2026-11-20T08:00:00.000Z'\n${extra}`;

/** Publishes the package and its feed file, signed with the test release key unless told otherwise. */
function publish(updatesDir: string, extra = '', signature: 'signed' | 'unsigned' = 'signed') {
  writeFileSync(join(updatesDir, PACKAGE), bytes);
  writeFileSync(join(updatesDir, 'latest-linux.yml'), feedText(extra));
  rmSync(join(updatesDir, 'latest-linux.yml.sig'), { force: true });
  if (signature === 'signed') writeFileSync(join(updatesDir, 'latest-linux.yml.sig'), signFeed(Buffer.from(feedText(extra)), 'test-release', releasePem));
}

describe('updates from the hall platform, installed only when idle', () => {
  let platform: RunningPlatform;
  const dataDir = mkdtempSync(join(tmpdir(), 'platform-updates-'));
  let databaseUrl: string;
  beforeAll(async () => {
    databaseUrl = await freshDatabaseUrl();
    platform = await startPlatform({ version: 't', dataDir, databaseUrl });
  });
  afterAll(async () => platform?.close());

  const setup = (options: { terminalId?: string; currentVersion?: string } = {}) => {
    const installed: string[] = [];
    const downloadDir = mkdtempSync(join(tmpdir(), 'downloads-'));
    const updater = new FeedUpdater({
      feedUrl: new URL('/updates/', platform.url).toString(),
      channelFile: 'latest-linux.yml',
      currentVersion: options.currentVersion ?? '1.0.0',
      terminalId: options.terminalId ?? 'kiosk-01',
      downloadDir,
      install: (file) => installed.push(file),
      trustedKeys: TEST_KEYS,
    });
    let idle = false;
    const log = { info: vi.fn(), warn: vi.fn() };
    const policy = new UpdatePolicy({ updater, isIdle: () => idle, checkEveryMs: 60_000, idleCheckMs: 1000, log });
    return { policy, installed, downloadDir, log, setIdle: (value: boolean) => (idle = value) };
  };

  it('downloads a newer release while busy, and installs it only once the kiosk is idle', async () => {
    publish(join(dataDir, 'updates'));
    const { policy, installed, downloadDir, setIdle } = setup();
    expect(await policy.tick()).toEqual({ phase: 'ready', version: '1.2.0' });
    expect(installed).toEqual([]);
    expect(readFileSync(join(downloadDir, PACKAGE)).equals(bytes)).toBe(true);
    expect(await policy.tick()).toEqual({ phase: 'ready', version: '1.2.0' });
    setIdle(true);
    expect(await policy.tick()).toEqual({ phase: 'installing', version: '1.2.0' });
    expect(installed).toEqual([join(downloadDir, PACKAGE)]);
  });

  it('offers nothing to a terminal already on that version, or outside a staged rollout', async () => {
    publish(join(dataDir, 'updates'), 'stagingPercentage: 0\n');
    expect(await setup().policy.tick()).toEqual({ phase: 'idle' });
    publish(join(dataDir, 'updates'));
    expect(await setup({ currentVersion: '1.2.0' }).policy.tick()).toEqual({ phase: 'idle' });
  });

  it('resumes a broken download with a Range request', async () => {
    publish(join(dataDir, 'updates'));
    const { policy, downloadDir } = setup();
    writeFileSync(join(downloadDir, PACKAGE), bytes.subarray(0, 50_000));
    expect((await policy.tick()).phase).toBe('ready');
    expect(readFileSync(join(downloadDir, PACKAGE)).equals(bytes)).toBe(true);
  });

  it('throws away a package that does not match its hash', async () => {
    publish(join(dataDir, 'updates'));
    writeFileSync(join(dataDir, 'updates', PACKAGE), Buffer.concat([bytes.subarray(0, 1000), Buffer.from('tampered')]));
    const { policy, log, installed } = setup();
    expect(await policy.tick()).toEqual({ phase: 'idle' });
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ message: expect.stringContaining('sha512') }), expect.any(String));
    expect(installed).toEqual([]);
  });

  it('refuses an unsigned update feed and downloads nothing', async () => {
    publish(join(dataDir, 'updates'), '', 'unsigned');
    const { policy, log, installed, downloadDir, setIdle } = setup();
    setIdle(true);
    expect(await policy.tick()).toEqual({ phase: 'refused', reason: 'the update feed is not signed' });
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ event: 'update-refused' }), expect.any(String));
    expect(existsSync(join(downloadDir, PACKAGE))).toBe(false);
    expect(installed).toEqual([]);
  });

  it('refuses a feed changed after signing (another package hash) and one signed by a key not built in', async () => {
    const updatesDir = join(dataDir, 'updates');
    publish(updatesDir);
    // Whoever controls the folder swaps the package and its hash, keeping the old signature.
    const evil = Buffer.from('not the release');
    writeFileSync(join(updatesDir, PACKAGE), evil);
    writeFileSync(join(updatesDir, 'latest-linux.yml'), feedText().replace(sha512, createHash('sha512').update(evil).digest('base64')));
    const first = setup();
    first.setIdle(true);
    expect(await first.policy.tick()).toEqual({ phase: 'refused', reason: 'the update feed signature does not match its content' });
    expect(first.installed).toEqual([]);
    // A well-formed signature by a key of the attacker's own.
    const attacker = generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    writeFileSync(join(updatesDir, 'latest-linux.yml.sig'), signFeed(readFileSync(join(updatesDir, 'latest-linux.yml')), 'test-release', attacker));
    const second = setup();
    second.setIdle(true);
    expect((await second.policy.tick()).phase).toBe('refused');
    writeFileSync(join(updatesDir, 'latest-linux.yml.sig'), signFeed(readFileSync(join(updatesDir, 'latest-linux.yml')), 'attacker-key', attacker));
    expect(await setup().policy.tick()).toEqual({ phase: 'refused', reason: 'the update feed is signed by an unknown key (attacker-key)' });
    expect(second.installed).toEqual([]);
  });

  it('the built-in release keys are real Ed25519 public keys, and the test key is not one of them', () => {
    for (const raw of Object.values(RELEASE_PUBLIC_KEYS))
      expect(createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw }, format: 'jwk' }).asymmetricKeyType).toBe('ed25519');
    expect(Object.values(RELEASE_PUBLIC_KEYS)).not.toContain(TEST_KEYS['test-release']);
  });

  it('stays quiet while the feed is unreachable, and picks the release up when it returns', async () => {
    const { policy, log, setIdle } = setup();
    const port = Number(new URL(platform.url).port);
    await platform.close();
    expect((await policy.tick()).phase).toBe('unreachable');
    expect((await policy.tick()).phase).toBe('unreachable');
    expect(log.info).toHaveBeenCalledTimes(1);
    expect(log.warn).not.toHaveBeenCalled();
    platform = await startPlatform({ version: 't', dataDir, databaseUrl, port });
    publish(join(dataDir, 'updates'));
    setIdle(true);
    expect(await policy.tick()).toEqual({ phase: 'installing', version: '1.2.0' });
    expect(existsSync(join(dataDir, 'updates', PACKAGE))).toBe(true);
  });
});

describe('version and rollout rules', () => {
  it('compares versions numerically and ranks a release above its pre-release', () => {
    expect(isNewer('1.10.0', '1.9.9')).toBe(true);
    expect(isNewer('1.2.0', '1.2.0')).toBe(false);
    expect(isNewer('1.2.0', '1.2.0-beta.1')).toBe(true);
    expect(isNewer('1.2.0-beta.1', '1.2.0')).toBe(false);
  });

  it('puts terminals in stable, spread-out rollout buckets', () => {
    const buckets = Array.from({ length: 400 }, (_, i) => rolloutBucket(`kiosk-${i}`, '1.2.0'));
    expect(rolloutBucket('kiosk-1', '1.2.0')).toBe(buckets[1]);
    expect(buckets.filter((b) => b < 50).length).toBeGreaterThan(150);
    expect(buckets.filter((b) => b < 50).length).toBeLessThan(250);
  });
});
