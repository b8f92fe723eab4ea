// Each layer is checked with its own tsconfig, so Node types cannot leak into the renderer or
// contract, and DOM types cannot leak into Node code.
import { spawn } from 'node:child_process';

const projects = ['contract/tsconfig.json', 'renderer/tsconfig.json', 'tsconfig.node.json', 'main/electron/tsconfig.json', 'tsconfig.browser-tests.json'];
const tsc = 'node_modules/typescript/bin/tsc';

function check(project) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [tsc, '-p', project, '--noEmit', '--pretty'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    child.on('exit', (code) => resolve({ project, code, output }));
  });
}

// Two at a time: the machines this runs on have two cores.
const results = [];
for (let i = 0; i < projects.length; i += 2) results.push(...(await Promise.all(projects.slice(i, i + 2).map(check))));
let failed = 0;
for (const { project, code, output } of results) {
  console.log(`${code === 0 ? 'ok  ' : 'FAIL'} typecheck ${project}`);
  if (code !== 0) {
    failed += 1;
    process.stdout.write(output);
  }
}
process.exit(failed ? 1 : 0);
