// `npm test`: typecheck, lint (zero warnings) and the format check, unit + integration (vitest) on today's date and again
// at a shifted one (HALL_TEST_NOW), then the UI build and end-to-end tests (Playwright in Debian's
// Chromium). Ends with one summary line.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const work = mkdtempSync(join(tmpdir(), 'hall-test-'));
const vitestJson = join(work, 'vitest.json');
const shiftedJson = join(work, 'vitest-shifted.json');
const playwrightJson = join(work, 'playwright.json');
const accessibilityJson = join(work, 'accessibility.json');
const node = process.execPath;
const compiledHost = join(process.cwd(), 'dist', 'node');

// A second unit pass lives at another date: the first 31 December, 30 seconds before midnight in
// China Standard Time, at least 400 days ahead, so a clock read past the injected one fails here.
function shiftedInstant(nowMs = Date.now()) {
  const ahead = new Date(nowMs + 400 * 86_400_000);
  let year = ahead.getUTCFullYear();
  if (Date.parse(`${year}-12-31T23:59:30+08:00`) < ahead.getTime()) year += 1;
  return `${year}-12-31T23:59:30+08:00`;
}
const shiftedNow = process.env.HALL_TEST_SHIFTED_NOW ?? shiftedInstant();

// The shifted pass skips what cannot depend on the date: files that build, scan or lint code, drive
// bytes through PTYs, faults and kills, or check the shells' adapters, processes and file modes.
// Everything that stamps, compares, formats or counts days runs at both dates.
const DATE_AGNOSTIC = [
  'offline-store/test/crash.test.ts', // SIGKILLs during pushes: order and counts only
  'test/helpers/fault-proxy.test.ts', // drops, delays and resets on the link: order and counts only
  'offline-store/test/worker-loading.test.ts', // how the store's worker is found and compiled
  'scripts/**', // the Electron security scan, voice clips from fixed text
  'tools/**', // lint rules on fixed sources
  'test/build/**', // the production build
  'test/soak/**', // resources before and after, on its own manual clock
  'test/contract/**', // the two host API adapters carry values, not dates
  'main/headless/**', // the headless shell: HTTP security, its process, file modes
  'main/host/embedded-platform.test.ts', // the platform child process killed and restarted
  'drivers/**/*pty*', // device protocols over real PTYs (the slip layouts, with times, run at both dates)
  'renderer/src/features/keyboard/**', // pinyin and stroke matching
];
const shiftedExcludes = DATE_AGNOSTIC.flatMap((file) => ['--exclude', file]);

const steps = [
  // Typecheck, lint, the format check and the Electron scan share the two cores.
  [
    { name: 'typecheck', args: ['scripts/typecheck.mjs'] },
    { name: 'lint', args: ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings', '0'] },
    { name: 'format', args: ['node_modules/prettier/bin/prettier.cjs', '--check', '.', '--log-level', 'warn'] },
    { name: 'electron security', args: ['scripts/electron-security-scan.mjs'] },
  ],
  { name: 'unit+integration', args: ['node_modules/vitest/vitest.mjs', 'run'], env: { VITEST_JSON: vitestJson } },
  {
    name: `unit+integration at ${shiftedNow}`,
    args: ['node_modules/vitest/vitest.mjs', 'run', ...shiftedExcludes],
    env: { VITEST_JSON: shiftedJson, HALL_TEST_NOW: shiftedNow },
  },
  // The production build, which the end-to-end specs then run as `npm start` does (HALL_HOST_BUILD).
  { name: 'build', args: ['scripts/build.mjs'] },
  // Spec files two at a time (each starts its own hall on its own ports; no spec asserts a duration).
  {
    name: 'end-to-end',
    args: ['node_modules/@playwright/test/cli.js', 'test', '--project=headless-chromium', '--project=electron', '--workers=2'],
    env: { PLAYWRIGHT_JSON: playwrightJson, HALL_HOST_BUILD: compiledHost },
  },
  {
    name: 'accessibility',
    args: ['node_modules/@playwright/test/cli.js', 'test', '--project=accessibility', '--workers=2'],
    env: { PLAYWRIGHT_JSON: accessibilityJson, HALL_HOST_BUILD: compiledHost },
  },
];

const outcomes = [];
function run(step) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(node, step.args, { stdio: 'inherit', env: { ...process.env, ...step.env } });
    child.on('exit', (code) => resolve({ name: step.name, ok: code === 0, seconds: (performance.now() - started) / 1000 }));
  });
}
for (const step of steps) {
  const group = Array.isArray(step) ? step : [step];
  console.log(`\n━━ ${group.map((s) => s.name).join(' + ')} ━━`);
  outcomes.push(...(await Promise.all(group.map(run))));
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
const counts = { passed: 0, failed: 0, skipped: 0 };
for (const vitest of [readJson(vitestJson), readJson(shiftedJson)]) {
  if (!vitest) continue;
  counts.passed += vitest.numPassedTests ?? 0;
  counts.failed += vitest.numFailedTests ?? 0;
  counts.skipped += (vitest.numPendingTests ?? 0) + (vitest.numTodoTests ?? 0);
}
for (const playwright of [readJson(playwrightJson), readJson(accessibilityJson)]) {
  if (!playwright?.stats) continue;
  counts.passed += playwright.stats.expected ?? 0;
  counts.failed += (playwright.stats.unexpected ?? 0) + (playwright.stats.flaky ?? 0);
  counts.skipped += playwright.stats.skipped ?? 0;
}

// CI shows only the end of this output, so the summary names each failing test and its first error line.
function firstLine(text) {
  return (
    stripVTControlCharacters(String(text ?? ''))
      .split('\n')
      .map((l) => l.trim())
      .find(Boolean)
      ?.slice(0, 200) ?? ''
  );
}
const failures = [];
for (const vitest of [readJson(vitestJson), readJson(shiftedJson)]) {
  for (const file of vitest?.testResults ?? []) {
    for (const t of file.assertionResults ?? []) {
      if (t.status === 'failed') failures.push(`${file.name.replace(process.cwd() + '/', '')} › ${t.fullName} — ${firstLine(t.failureMessages?.[0])}`);
    }
    if (file.status === 'failed' && !(file.assertionResults ?? []).some((t) => t.status === 'failed'))
      failures.push(`${file.name.replace(process.cwd() + '/', '')} — ${firstLine(file.message)}`);
  }
}
function playwrightFailures(suite, path) {
  const here = suite.title ? [...path, suite.title] : path;
  for (const spec of suite.specs ?? []) {
    for (const test of spec.tests ?? []) {
      if (test.status === 'unexpected' || test.status === 'flaky') {
        const result = test.results?.find((r) => r.error);
        const error = result?.error;
        // A timeout's first error has no place; the step it stopped in is among the others.
        const location = error?.location ?? result?.errors?.find((e) => e.location)?.location;
        const at = location ? ` (at ${location.file.replace(process.cwd() + '/', '')}:${location.line})` : '';
        failures.push(`${[...here, spec.title].join(' › ')} [${test.projectName}] — ${firstLine(error?.message)}${at}`);
      }
    }
  }
  for (const child of suite.suites ?? []) playwrightFailures(child, here);
}
for (const playwright of [readJson(playwrightJson), readJson(accessibilityJson)]) {
  for (const suite of playwright?.suites ?? []) playwrightFailures(suite, []);
  for (const error of playwright?.errors ?? []) failures.push(`playwright — ${firstLine(error.message)}`);
}

console.log('\n━━ summary ━━');
for (const failure of failures.slice(0, 20)) console.log(`failed: ${failure}`);
for (const o of outcomes) console.log(`${o.ok ? 'ok  ' : 'FAIL'} ${o.name.padEnd(40)} ${o.seconds.toFixed(1)} s`);
const stepFailures = outcomes.filter((o) => !o.ok).length;
// A failing step with no failing test (typecheck, lint, a crash) still fails the run.
console.log(`tests: ${counts.passed} passed, ${counts.failed + (counts.failed === 0 ? stepFailures : 0)} failed, ${counts.skipped} skipped`);
process.exit(stepFailures ? 1 : 0);
