// Runs Electronegativity over the Electron shell and fails on any high or medium finding
// (the tool itself exits 0 whatever it finds, so its SARIF report is read instead).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { input: { type: 'string', default: 'main/electron' } } });
const bin = createRequire(import.meta.url).resolve('@doyensec/electronegativity/dist/index.js');
const report = join(mkdtempSync(join(tmpdir(), 'electronegativity-')), 'report.sarif');
// -e pins the Electron version so the tool does not go looking for release data online.
const run = spawnSync(process.execPath, [bin, '-i', values.input, '-o', report, '-r', '-v', 'false', '-e', '45.0.0'], { encoding: 'utf8' });
let results;
try {
  results = JSON.parse(readFileSync(report, 'utf8')).runs[0].results;
} catch (error) {
  console.error(`electronegativity produced no report (exit ${run.status}): ${run.stderr || error.message}`);
  process.exit(2);
}
const blocking = results.filter((r) => r.level === 'error' || r.level === 'warning');
for (const r of results) {
  const where = r.locations?.[0]?.physicalLocation;
  console.log(
    `${r.level === 'note' ? 'note ' : 'FAIL '} ${r.ruleId} ${where?.artifactLocation?.uri ?? ''}:${where?.region?.startLine ?? ''} ${r.message.text}`,
  );
}
console.log(`electronegativity: ${blocking.length} high/medium finding(s), ${results.length - blocking.length} note(s)`);
process.exit(blocking.length ? 1 : 0);
