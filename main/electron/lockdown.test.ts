import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { CrashHistory, crashBackoffSeconds, crashRestartHandler } from './lockdown.js';
import { clockFrom } from '../../contract/clock.js';

describe('crash restart', () => {
  it('waits nothing after one crash, then doubles up to a minute for crashes in the last ten minutes', () => {
    const now = 10_000_000;
    expect(crashBackoffSeconds([], now)).toBe(0);
    expect(crashBackoffSeconds([now - 1000], now)).toBe(0);
    expect(crashBackoffSeconds([now - 2000, now - 1000], now)).toBe(2);
    expect(crashBackoffSeconds([now - 3000, now - 2000, now - 1000], now)).toBe(4);
    expect(
      crashBackoffSeconds(
        Array.from({ length: 12 }, (_, i) => now - i * 1000),
        now,
      ),
    ).toBe(60);
    expect(crashBackoffSeconds([now - 11 * 60_000, now - 12 * 60_000], now)).toBe(0);
  });

  it('records the crash, flushes the log and relaunches', () => {
    const history = new CrashHistory(join(mkdtempSync(join(tmpdir(), 'crash-')), 'crash-history.json'));
    const calls: string[] = [];
    const handler = crashRestartHandler({
      relaunch: () => calls.push('relaunch'),
      exit: (code) => calls.push(`exit ${code}`),
      history,
      log: { fatal: () => calls.push('log'), flush: () => calls.push('flush') },
      clock: clockFrom(() => 42),
    });
    handler(new Error('boom'));
    expect(calls).toEqual(['log', 'flush', 'relaunch', 'exit 1']);
    expect(history.read()).toEqual([42]);
  });

  it('reads a damaged history as empty rather than failing to start', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'crash-')), 'h.json');
    const history = new CrashHistory(path);
    history.record(1);
    vi.spyOn(JSON, 'parse').mockImplementationOnce(() => {
      throw new SyntaxError('bad');
    });
    expect(history.read()).toEqual([]);
  });
});
