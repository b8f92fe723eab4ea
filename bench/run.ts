// `npm run bench`: runs every bench/*.bench.ts in turn and writes bench/RESULTS.md.
import { readdirSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, totalmem, release } from 'node:os';
import { join } from 'node:path';
import type { BenchResult, BenchSuite } from './bench-types.js';

const benchDir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((name) => f.includes(name)))
  .sort();

const format = (n: number) => (Math.abs(n) >= 100 ? n.toFixed(0) : Math.abs(n) >= 1 ? n.toFixed(2) : n.toPrecision(3));
const sections: string[] = [];
let outside = 0;
for (const file of files) {
  const suite = (await import(join(benchDir, file))).default as BenchSuite;
  console.log(`\n━━ ${suite.title} (${file}) ━━`);
  let results: BenchResult[];
  try {
    results = await suite.run();
  } catch (error) {
    console.error(`${file} failed: ${(error as Error).stack}`);
    sections.push(`## ${suite.title}\n\nFailed: ${(error as Error).message}\n`);
    outside += 1;
    continue;
  }
  const rows = results.map((r) => {
    if (r.withinLimit === false) outside += 1;
    const baseline = r.baseline ? `${r.baseline.name}: ${format(r.baseline.value)} ${r.unit}` : '';
    const row = `| ${r.name} | ${format(r.value)} ${r.unit} | ${baseline} | ${r.ratio === undefined ? '' : format(r.ratio)} | ${r.limit === undefined ? '' : `${format(r.limit)}${r.withinLimit === false ? ' ✗' : ' ✓'}`} | ${r.notes ?? ''} |`;
    console.log(row);
    return row;
  });
  sections.push(`## ${suite.title}\n\n| measure | value | baseline (same run) | ratio | limit | notes |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n`);
}

const cpu = cpus()[0]?.model ?? 'unknown CPU';
const machine = `${cpus().length} × ${cpu}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} GiB free), Linux ${release()}, Node ${process.version}`;
const header = `# Benchmark results\n\nWritten by \`npm run bench\`. Figures are compared with a baseline or a limit measured in the same run, never asserted as times in tests.\n\n- Date: ${new Date().toISOString()}\n- Machine: ${machine}\n- Load average at the end (1 / 5 / 15 min): ${loadavg()
  .map((l) => l.toFixed(2))
  .join(' / ')} (other work slows a figure and its same-run baseline alike)\n`;
if (only.length === 0) writeFileSync(join(benchDir, 'RESULTS.md'), `${header}\n${sections.join('\n')}`);
console.log(only.length === 0 ? '\nWrote bench/RESULTS.md' : '\n(partial run: RESULTS.md not rewritten)');
process.exit(outside ? 1 : 0);
