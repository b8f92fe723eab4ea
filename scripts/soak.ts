// `npm run soak`: the full day, 2,000 citizen sessions at one kiosk (test/soak/soak.ts), with its
// figures printed; exits non-zero when memory grew more than 10 % or a handle, timer, descriptor or
// listener was left behind. `npm run soak -- 500` runs another count; `--skip=application,ticket`
// leaves steps out, to find which one a growth comes from.
import { spawnSync } from 'node:child_process';
import { HOST_ENV, HOST_NODE_FLAGS, hostEnv } from './build-node.mjs';
import type { SoakStep } from '../test/soak/soak.js';

// The host runs in this process: it must have the allocator settings and the Node flags `npm start`
// gives the host, which the C library and V8 read only when a process starts (V8's young generation
// is sized by a flag: without it the soak measured a heap the host never has).
// `HALL_SOAK_DEFAULT_MALLOC=1` keeps glibc's defaults, for comparison.
const lacksEnv = process.env.HALL_SOAK_DEFAULT_MALLOC !== '1' && Object.keys(HOST_ENV).some((name) => process.env[name] === undefined);
const lacksFlags = HOST_NODE_FLAGS.some((flag) => !process.execArgv.includes(flag));
if (lacksEnv || lacksFlags) {
  const again = spawnSync(process.execPath, [...HOST_NODE_FLAGS, ...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: process.env.HALL_SOAK_DEFAULT_MALLOC === '1' ? process.env : hostEnv(),
  });
  process.exit(again.status ?? 1);
}
const { grownResources, runSoak, SOAK_STEPS } = await import('../test/soak/soak.js');

const skipArgument = process.argv.find((arg) => arg.startsWith('--skip='));
const skip = skipArgument ? skipArgument.slice('--skip='.length).split(',') : [];
const unknown = skip.filter((step) => !(SOAK_STEPS as readonly string[]).includes(step));
if (unknown.length) throw new Error(`--skip takes ${SOAK_STEPS.join(', ')}; got ${unknown.join(', ')}`);
const sessions = Number(process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? 2000);
if (!Number.isInteger(sessions) || sessions < 1) throw new Error(`the session count must be a positive integer, got ${process.argv[2]}`);
const started = performance.now();
const report = await runSoak({
  sessions,
  skip: skip as SoakStep[],
  progress: async (done, total, snapshot) => {
    if (done % 100 !== 0 && done !== total) return;
    const { rssMiB, heapUsedMiB, heapTotalMiB, externalMiB, storeWorkerHeap, nativeMiB, openFds } = await snapshot();
    console.log(
      `${done}/${total} sessions, ${((performance.now() - started) / 1000).toFixed(0)} s: RSS ${rssMiB.toFixed(0)} MiB, heap ${heapUsedMiB.toFixed(0)} of ${heapTotalMiB.toFixed(0)} MiB, external ${externalMiB.toFixed(0)} MiB, store worker heap ${storeWorkerHeap.usedMiB.toFixed(0)} of ${storeWorkerHeap.totalMiB.toFixed(0)} MiB, native ${nativeMiB.toFixed(0)} MiB, ${openFds} fds`,
    );
  },
});
const grown = grownResources(report);
console.log(JSON.stringify({ ...report, grownResources: grown }, null, 2));
const failures = [
  report.rssGrowth > 0.1 && `RSS grew ${(report.rssGrowth * 100).toFixed(1)} % (limit 10 %)`,
  report.end.openFds > report.start.openFds && `open file descriptors ${report.start.openFds} → ${report.end.openFds}`,
  Object.keys(grown).length > 0 && `active resources grew: ${JSON.stringify(grown)}`,
  report.end.listeners.bus > report.start.listeners.bus && `event-bus listeners ${report.start.listeners.bus} → ${report.end.listeners.bus}`,
  report.end.listeners.process > report.start.listeners.process && `process listeners ${report.start.listeners.process} → ${report.end.listeners.process}`,
].filter(Boolean);
console.log(
  failures.length
    ? `soak FAILED: ${failures.join('; ')}`
    : `soak passed: ${sessions} sessions, RSS ${(report.rssGrowth * 100).toFixed(1)} %, descriptors, resources and listeners back to start`,
);
process.exit(failures.length ? 1 : 0);
