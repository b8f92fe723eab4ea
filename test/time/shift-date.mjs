// HALL_TEST_NOW=<ISO 8601 instant>: the whole test run lives at another date. Loaded with
// `--import` through NODE_OPTIONS (scripts/test-time.mjs sets it), so vitest's workers, the hosts,
// platforms and CLIs the tests start, and the worker threads inside them all read one shifted
// timeline: the first process to load this records the real instant it started (the anchor) in the
// environment, and every later process shifts by the same amount. The clock then advances normally.
// Plain JavaScript, no dependencies: it must load before any TypeScript loader does.
// libfaketime is not an option: vitest's workers die under it on this machine.

import { createRequire, syncBuiltinESMExports } from 'node:module';

const SHIFTED = Symbol.for('hall.test-now.shifted');

export function shiftOffsetMs(env = process.env, realNowMs = Date.now()) {
  const target = env.HALL_TEST_NOW;
  if (!target) return 0;
  const targetMs = Date.parse(target);
  if (!Number.isFinite(targetMs)) throw new Error(`HALL_TEST_NOW is not an ISO 8601 instant: ${target}`);
  if (!env.HALL_TEST_NOW_ANCHOR) env.HALL_TEST_NOW_ANCHOR = String(realNowMs);
  const anchorMs = Number(env.HALL_TEST_NOW_ANCHOR);
  if (!Number.isFinite(anchorMs)) throw new Error(`HALL_TEST_NOW_ANCHOR is not a number: ${env.HALL_TEST_NOW_ANCHOR}`);
  return targetMs - anchorMs;
}

/** Replaces globalThis.Date with one whose "now" is offsetMs away; dates built from values are untouched. */
export function installShiftedDate(offsetMs, scope = globalThis) {
  const RealDate = scope.Date[SHIFTED] ?? scope.Date;
  if (offsetMs === 0) return;
  const now = () => RealDate.now() + offsetMs;
  // A test that replaces Date.now (vi.spyOn) gets exactly what it put there, unshifted.
  let replacedNow;
  const replaceNow = (value) => {
    replacedNow = value === now ? undefined : value;
    return true;
  };
  const Shifted = new Proxy(RealDate, {
    construct(target, args, newTarget) {
      return Reflect.construct(target, args.length === 0 ? [now()] : args, newTarget === Shifted ? target : newTarget);
    },
    // Date() called as a function gives the current time as a string.
    apply() {
      return new RealDate(now()).toString();
    },
    get(target, property, receiver) {
      if (property === 'now') return replacedNow ?? now;
      if (property === SHIFTED) return RealDate;
      return Reflect.get(target, property, receiver === Shifted ? target : receiver);
    },
    set(target, property, value, receiver) {
      if (property === 'now') return replaceNow(value);
      return Reflect.set(target, property, value, receiver === Shifted ? target : receiver);
    },
    defineProperty(target, property, descriptor) {
      if (property === 'now' && 'value' in descriptor) return replaceNow(descriptor.value);
      return Reflect.defineProperty(target, property, descriptor);
    },
    getOwnPropertyDescriptor(target, property) {
      if (property === 'now') return { value: replacedNow ?? now, writable: true, enumerable: false, configurable: true };
      return Reflect.getOwnPropertyDescriptor(target, property);
    },
  });
  scope.Date = Shifted;
}

/** Worker threads start with their own Date and without NODE_OPTIONS' preloads: give them this module too. */
function shiftWorkerThreads() {
  const require = createRequire(import.meta.url);
  const threads = require('node:worker_threads');
  if (threads.Worker[SHIFTED]) return;
  const self = import.meta.url;
  class ShiftedWorker extends threads.Worker {
    static [SHIFTED] = true;
    constructor(script, options = {}) {
      super(script, { ...options, execArgv: ['--import', self, ...(options.execArgv ?? process.execArgv)] });
    }
  }
  threads.Worker = ShiftedWorker;
  syncBuiltinESMExports();
}

if (!globalThis.Date[SHIFTED]) {
  const offsetMs = shiftOffsetMs();
  installShiftedDate(offsetMs);
  if (offsetMs !== 0) shiftWorkerThreads();
}

/** Hands the shift to every process started from here on (they inherit NODE_OPTIONS and the anchor). */
export function shareWithChildProcesses(env = process.env) {
  if (!env.HALL_TEST_NOW) return;
  shiftOffsetMs(env);
  const flag = `--import=${import.meta.url}`;
  if (!(env.NODE_OPTIONS ?? '').split(' ').includes(flag)) env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} ${flag}`.trim();
}
