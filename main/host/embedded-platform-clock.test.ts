// The embedded platform dates things on its host's clock, and follows it when it moves after the
// start (a clock set by the operator, a test's manual clock): the platform's health answer tells its time.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import { EmbeddedPlatform } from './embedded-platform.js';
import { createLogger } from './logging.js';

const dataDir = mkdtempSync(join(tmpdir(), 'hall-embedded-clock-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const platformTime = async (platform: EmbeddedPlatform) => ((await (await fetch(`${platform.url}/health`)).json()) as { time: string }).time;

it('dates on the host clock from the start, and follows it when it is moved', async () => {
  const clock = new ManualClock('2031-02-03T04:05:06Z');
  const platform = await EmbeddedPlatform.start({
    dataDir,
    version: '9.9.9-test',
    adminToken: 'embedded-clock-test-token',
    clock,
    log: createLogger({}),
    localTerminal: { terminalId: 'kiosk-clock', role: 'kiosk', hallId: 'test-hall' },
  });
  try {
    // A manual clock stands still while the system's runs: the platform's time stays near the host's.
    expect((await platformTime(platform)).slice(0, 10)).toBe('2031-02-03');
    clock.advance(40 * 24 * 3_600_000);
    await expect.poll(async () => (await platformTime(platform)).slice(0, 10), { timeout: 30_000 }).toBe('2031-03-15');
  } finally {
    await platform.close();
  }
}, 180_000);
