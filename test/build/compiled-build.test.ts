// The production build cannot rot unnoticed: compile every Node program with the real build script
// (into a folder of its own, so a host running from dist/node/ is not disturbed), then run the
// compiled host, hallctl and platform in plain Node — no tsx loader, so a TypeScript file reached at
// run time (a worker thread's entry, say) fails here.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildNode, NODE_ENTRIES } from '../../scripts/build-node.mjs';

const root = join(import.meta.dirname, '..', '..');
// Inside the checkout (dist/ is ignored by git): the compiled code finds package.json above it, as in dist/node/.
const outDir = join(root, 'dist', `node-test-${process.pid}`);
const children: ChildProcess[] = [];

/** Plain Node: NODE_OPTIONS may only carry the test clock, never a TypeScript loader. */
function plainEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  expect(env.NODE_OPTIONS ?? '').not.toMatch(/tsx/);
  return env;
}

function firstJsonLine(child: ChildProcess): Promise<Record<string, unknown>> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`exited (${code}) before printing its address: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (line.startsWith('{')) resolve(JSON.parse(line) as Record<string, unknown>);
    });
  });
}

beforeAll(async () => {
  await buildNode({ clean: true, outDir });
}, 120_000);

afterAll(async () => {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }),
  );
  rmSync(outDir, { recursive: true, force: true });
});

describe('the production build (scripts/build-node.mjs)', () => {
  it('writes one JavaScript file per program, the worker beside them, and no TypeScript', () => {
    const files = readdirSync(outDir);
    for (const name of Object.keys(NODE_ENTRIES)) expect(files).toContain(`${name}.js`);
    expect(files).toContain('preload.cjs');
    expect(files.filter((f) => f.endsWith('.ts'))).toEqual([]);
    // Native modules load from node_modules at run time; plain JavaScript packages are bundled; no TypeScript loader.
    const chunks = files.filter((f) => f.endsWith('.js')).map((f) => readFileSync(join(outDir, f), 'utf8')).join('\n');
    expect(chunks).toMatch(/from\s*"better-sqlite3"/);
    expect(chunks).not.toMatch(/from\s*"zod"/);
    expect(chunks).not.toMatch(/from\s*"tsx|tsx\/esm/);
    // An ES import of http would read its lazy getters and load the fetch library at every start.
    expect(chunks).not.toMatch(/from\s*"(node:)?http"/);
    expect(chunks).toMatch(/process\.getBuiltinModule\("node:http"\)/);
  });

  it('starts the compiled headless host, whose store runs in the compiled worker thread, and answers terminal.info', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-compiled-'));
    const rendererDir = join(dataDir, 'renderer');
    mkdirSync(rendererDir);
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>hall</title>');
    const config = { hallId: 'build-hall', terminalId: 'kiosk-build', role: 'kiosk', platformUrl: 'embedded', phonePages: { address: 'off' }, languages: ['zh-CN'], defaultLanguage: 'zh-CN', devices: [] };
    writeFileSync(join(dataDir, 'terminal.json'), JSON.stringify(config), { mode: 0o600 });
    const host = spawn(process.execPath, [join(outDir, 'host.js'), '--port', '0', '--json', '--data-dir', dataDir, '--renderer-dir', rendererDir, '--config', join(dataDir, 'terminal.json')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: plainEnv(),
    });
    children.push(host);
    const { url, token } = (await firstJsonLine(host)) as { url: string; token: string };
    const info = await fetch(new URL('api/v1/call/terminal.info', url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
    expect(info.status).toBe(200);
    expect(await info.json()).toMatchObject({ ok: true, value: { terminalId: 'kiosk-build', role: 'kiosk' } });
    // terminal.info answers while the host's parts start; sync.state waits for them.
    const sync = await fetch(new URL('api/v1/call/sync.state', url), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{}' });
    expect(await sync.json()).toMatchObject({ ok: true });
    // The embedded platform, loaded on demand from its own chunk, made its files.
    expect(existsSync(join(dataDir, 'platform'))).toBe(true);
    const page = await fetch(url);
    expect(await page.text()).toContain('<title>hall</title>');
  });

  it('runs the compiled hallctl', () => {
    // What bin/hallctl.mjs does with dist/node/hallctl.js.
    const launcher = join(outDir, 'run-hallctl.mjs');
    writeFileSync(launcher, `const { main } = await import(${JSON.stringify(pathToFileURL(join(outDir, 'hallctl.js')).href)});\nawait main();\n`);
    const help = spawnSync(process.execPath, [launcher, 'help'], { encoding: 'utf8', env: plainEnv() });
    expect(help.stderr).toContain('hallctl platform serve');
    expect(help.status).toBe(0);
    const unknown = spawnSync(process.execPath, [launcher, 'no-such-command'], { encoding: 'utf8', env: plainEnv() });
    expect(unknown.stderr).toContain('unknown command');
    expect(unknown.status).toBe(64);
  });

  it('serves the compiled platform on its own', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'hall-compiled-platform-'));
    const platform = spawn(process.execPath, [join(outDir, 'platform-serve.js'), '--port', '0', '--data', dataDir], { stdio: ['ignore', 'pipe', 'pipe'], env: plainEnv() });
    children.push(platform);
    const { url } = (await firstJsonLine(platform)) as { url: string };
    const health = await fetch(new URL('/health', url));
    expect(await health.json()).toMatchObject({ status: 'ok', service: 'hall-platform' });
  });
});
