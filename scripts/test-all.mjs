// `npm test`: typecheck, lint (zero warnings), unit + integration (vitest), then the UI build and
// end-to-end tests (Playwright in Debian's Chromium). Ends with one summary line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const work = mkdtempSync(join(tmpdir(), 'hall-test-'));
const vitestJson = join(work, 'vitest.json');
const playwrightJson = join(work, 'playwright.json');
const accessibilityJson = join(work, 'accessibility.json');
const node = process.execPath;

const steps = [
  { name: 'typecheck', args: ['scripts/typecheck.mjs'] },
  { name: 'lint', args: ['node_modules/eslint/bin/eslint.js', '.', '--max-warnings', '0'] },
  { name: 'electron security', args: ['scripts/electron-security-scan.mjs'] },
  { name: 'unit+integration', args: ['node_modules/vitest/vitest.mjs', 'run'], env: { VITEST_JSON: vitestJson } },
  { name: 'build renderer', args: ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'] },
  // Flows one at a time (some measure latency); the axe matrix's independent halls two at a time.
  { name: 'end-to-end', args: ['node_modules/@playwright/test/cli.js', 'test', '--project=headless-chromium', '--project=electron'], env: { PLAYWRIGHT_JSON: playwrightJson } },
  { name: 'accessibility', args: ['node_modules/@playwright/test/cli.js', 'test', '--project=accessibility', '--workers=2'], env: { PLAYWRIGHT_JSON: accessibilityJson } },
];

const outcomes = [];
for (const step of steps) {
  console.log(`\n━━ ${step.name} ━━`);
  const started = Date.now();
  const result = spawnSync(node, step.args, { stdio: 'inherit', env: { ...process.env, ...step.env } });
  outcomes.push({ name: step.name, ok: result.status === 0, seconds: (Date.now() - started) / 1000 });
}

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}
const counts = { passed: 0, failed: 0, skipped: 0 };
const vitest = readJson(vitestJson);
if (vitest) {
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

console.log('\n━━ summary ━━');
for (const o of outcomes) console.log(`${o.ok ? 'ok  ' : 'FAIL'} ${o.name.padEnd(18)} ${o.seconds.toFixed(1)} s`);
const stepFailures = outcomes.filter((o) => !o.ok).length;
// A failing step with no failing test (typecheck, lint, a crash) still fails the run.
console.log(`tests: ${counts.passed} passed, ${counts.failed + (counts.failed === 0 ? stepFailures : 0)} failed, ${counts.skipped} skipped`);
process.exit(stepFailures ? 1 : 0);
