import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { installShiftedDate, shiftOffsetMs } from './shift-date.mjs';

const shiftModule = fileURLToPath(new URL('./shift-date.mjs', import.meta.url));

describe('HALL_TEST_NOW', () => {
  it('is no shift at all when unset', () => {
    expect(shiftOffsetMs({}, 1_000)).toBe(0);
  });

  it('anchors the shift at the first process, so later processes land on the same timeline', () => {
    const env: NodeJS.ProcessEnv = { HALL_TEST_NOW: '2027-12-31T23:59:30+08:00' };
    const first = shiftOffsetMs(env, 1_000_000);
    expect(env.HALL_TEST_NOW_ANCHOR).toBe('1000000');
    // A child started 5 s later reads the same anchor: it is 5 s further on the shifted clock, not back at the start.
    expect(shiftOffsetMs(env, 1_005_000)).toBe(first);
    expect(first + 1_000_000).toBe(Date.parse('2027-12-31T15:59:30Z'));
  });

  it('refuses an instant it cannot read, naming it', () => {
    expect(() => shiftOffsetMs({ HALL_TEST_NOW: 'next tuesday' })).toThrow(/next tuesday/);
  });

  it('moves "now" and nothing else: dates from values, parsing, instanceof and subclasses behave as before', () => {
    // Against the machine's own Date, even when this run is itself shifted by HALL_TEST_NOW.
    const RealDate = (Date as unknown as Record<symbol, DateConstructor>)[Symbol.for('hall.test-now.shifted')] ?? Date;
    const scope = { Date: RealDate } as unknown as typeof globalThis;
    installShiftedDate(365 * 86_400_000, scope);
    const Shifted = scope.Date;
    expect(new Shifted().getFullYear()).toBeGreaterThan(new RealDate().getFullYear());
    expect(Shifted.now()).toBeGreaterThan(RealDate.now() + 364 * 86_400_000);
    expect(new Shifted(0).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(new Shifted(2028, 1, 29).getDate()).toBe(29);
    expect(Shifted.parse('2028-02-29T00:00:00Z')).toBe(Date.UTC(2028, 1, 29));
    expect(new Shifted()).toBeInstanceOf(RealDate);
    expect(String((Shifted as unknown as () => string)())).toContain(String(new RealDate().getFullYear() + 1));
    class Stamp extends Shifted {}
    expect(new Stamp(5).getTime()).toBe(5);
  });

  it('gives a test that replaces Date.now exactly what it put there, and shifts again once it is restored', () => {
    const RealDate = (Date as unknown as Record<symbol, DateConstructor>)[Symbol.for('hall.test-now.shifted')] ?? Date;
    const scope = { Date: RealDate } as unknown as typeof globalThis;
    installShiftedDate(86_400_000, scope);
    const Shifted = scope.Date;
    const original = Shifted.now;
    Shifted.now = () => 42;
    expect(Shifted.now()).toBe(42);
    expect(new Shifted().getTime()).toBeGreaterThan(42);
    Shifted.now = original;
    expect(Shifted.now()).toBeGreaterThan(RealDate.now() + 86_000_000);
  });

  it('reaches child processes and their worker threads through NODE_OPTIONS', () => {
    const workerFile = join(tmpdir(), `hall-shift-worker-${process.pid}.mjs`);
    writeFileSync(workerFile, "import { parentPort } from 'node:worker_threads'; parentPort.postMessage(new Date().getFullYear());\n");
    const script = `
      const { Worker } = await import('node:worker_threads');
      const worker = new Worker(${JSON.stringify(workerFile)});
      const inWorker = await new Promise((resolve) => worker.once('message', resolve));
      console.log(JSON.stringify({ inChild: new Date().getFullYear(), inWorker }));`;
    const childFile = join(tmpdir(), `hall-shift-child-${process.pid}.mjs`);
    writeFileSync(childFile, script);
    const out = execFileSync(process.execPath, [childFile], {
      env: { ...process.env, HALL_TEST_NOW: '2031-06-01T12:00:00+08:00', HALL_TEST_NOW_ANCHOR: '', NODE_OPTIONS: `--import=${shiftModule}` },
    }).toString();
    expect(JSON.parse(out)).toEqual({ inChild: 2031, inWorker: 2031 });
  });
});
