import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { EXIT, UsageError, type CliIo } from '../cli-command.js';
import { platformApi } from '../../contract/platform-api/routes.js';
import { startPlatform } from '../../platform/server.js';
import { runHallctl } from '../hallctl.js';
import { platformCommands } from './platform.js';
import { SEED_ITEMS } from '../../platform/catalog/seed-items.js';

const serve = platformCommands.find((c) => c.path.join(' ') === 'platform serve')!;
const ADMIN_TOKEN = 'cli-admin-token-0123456789';

function capture() {
  const out: Record<string, unknown>[] = [];
  const notes: string[] = [];
  const io: CliIo = { json: (v) => out.push(v as Record<string, unknown>), note: (t) => notes.push(t), interrupted: new Promise(() => undefined) };
  return { io, out, notes };
}
const codeFrom = (notes: string[]) => /enrolment code for \S+: ([0-9A-Z-]{19})/.exec(notes.join('\n'))?.[1] ?? '';

async function addTerminal(url: string, args: string[]): Promise<string> {
  const added = capture();
  expect(await runHallctl(['platform', 'terminal', 'add', '--url', url, '--admin-token', ADMIN_TOKEN, ...args], added.io)).toBe(EXIT.ok);
  return codeFrom(added.notes);
}

const enrol = async (url: string, terminalId: string, enrolmentCode: string) =>
  (
    await fetch(new URL(platformApi.enrol.path, url), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ terminalId, enrolmentCode }),
    })
  ).status;

/** Runs `hallctl platform serve` in-process; returns its address and a stop function. */
async function serveInProcess(extra: Record<string, string | boolean> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hall-cli-platform-'));
  let interrupt!: () => void;
  let listening!: (url: string) => void;
  const url = new Promise<string>((resolve) => (listening = resolve));
  const io: CliIo = {
    json: (value) => (value as { event?: string }).event === 'listening' && listening((value as { url: string }).url),
    note: () => undefined,
    interrupted: new Promise<void>((resolve) => (interrupt = resolve)),
  };
  const running = serve.run({ port: '0', data: dir, 'admin-token': ADMIN_TOKEN, ...extra }, io);
  const base = await url;
  return {
    base,
    stop: async () => {
      interrupt();
      await running;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The catalog's items as a newly enrolled kiosk pulls them (a record and a one-time code from the administrator). */
async function catalogKeys(base: string, terminalId = 'cli-test-terminal'): Promise<string[]> {
  const enrolmentCode = await addTerminal(base, ['--terminal', terminalId, '--role', 'kiosk', '--hall', 'hall-a']);
  const enrolled = await fetch(new URL(platformApi.enrol.path, base), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ terminalId, enrolmentCode }),
  });
  expect(enrolled.status).toBe(200);
  const { credential } = (await enrolled.json()) as { credential: string };
  const pullUrl = new URL(platformApi.pull.path, base);
  pullUrl.searchParams.set('dataset', 'catalog');
  pullUrl.searchParams.set('limit', '1000');
  const pulled = await fetch(pullUrl, { headers: { authorization: `Bearer ${credential}` } });
  expect(pulled.status).toBe(200);
  const body = (await pulled.json()) as { items?: Array<{ key: string }> };
  return (body.items ?? []).map((item) => item.key).sort();
}

describe('hallctl platform serve', () => {
  it('serves /health and the sync API from the data directory until interrupted', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-cli-platform-'));
    let interrupt!: () => void;
    const lines: Record<string, unknown>[] = [];
    const notes: string[] = [];
    let listening!: (url: string) => void;
    const url = new Promise<string>((resolve) => (listening = resolve));
    const io: CliIo = {
      json: (value) => {
        lines.push(value as Record<string, unknown>);
        if ((value as { event?: string }).event === 'listening') listening((value as { url: string }).url);
      },
      note: (text) => notes.push(text),
      interrupted: new Promise<void>((resolve) => (interrupt = resolve)),
    };
    const running = serve.run({ port: '0', data: dir, 'admin-token': ADMIN_TOKEN }, io);
    const base = await url;
    expect(((await (await fetch(`${base}/health`)).json()) as { status: string }).status).toBe('ok');
    const code = await addTerminal(base, ['--terminal', 'T1', '--role', 'kiosk', '--hall', 'hall-a']);
    expect(await enrol(base, 'T1', code)).toBe(200);
    interrupt();
    expect(await running).toBe(EXIT.ok);
    expect(lines.at(-1)).toEqual({ event: 'stopped' });
    expect(notes).toEqual([]);
    expect(existsSync(join(dir, 'pgdata', 'PG_VERSION'))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds, lists, resets and revokes terminal records; a code enrols once, an active terminal only after a reset', async () => {
    const platform = await startPlatform({ version: 't', databaseUrl: await freshDatabaseUrl(), adminToken: ADMIN_TOKEN });
    try {
      const first = await addTerminal(platform.url, ['--terminal', 'counter-01', '--role', 'counter', '--hall', 'hall-a', '--counter', 'counter-1']);
      expect(await enrol(platform.url, 'counter-01', first)).toBe(200);
      expect(await enrol(platform.url, 'counter-01', first)).toBe(401);
      const listed = capture();
      expect(await runHallctl(['platform', 'terminal', 'list', '--url', platform.url, '--admin-token', ADMIN_TOKEN], listed.io)).toBe(EXIT.ok);
      expect(listed.out[0]).toMatchObject({
        terminals: [{ terminalId: 'counter-01', role: 'counter', hallId: 'hall-a', counterId: 'counter-1', status: 'active' }],
      });
      const reset = capture();
      expect(
        await runHallctl(['platform', 'terminal', 'reset', '--url', platform.url, '--admin-token', ADMIN_TOKEN, '--terminal', 'counter-01'], reset.io),
      ).toBe(EXIT.ok);
      expect(reset.out[0]).toMatchObject({ terminalId: 'counter-01', status: 'pending' });
      expect(await enrol(platform.url, 'counter-01', first)).toBe(401);
      expect(await enrol(platform.url, 'counter-01', codeFrom(reset.notes))).toBe(200);
      const revoked = capture();
      expect(
        await runHallctl(['platform', 'terminal', 'revoke', '--url', platform.url, '--admin-token', ADMIN_TOKEN, '--terminal', 'counter-01'], revoked.io),
      ).toBe(EXIT.ok);
      expect(revoked.out[0]).toEqual({ revoked: true });
      // A counter needs its counter; a wrong token is a usage error.
      await expect(
        runHallctl(
          ['platform', 'terminal', 'add', '--url', platform.url, '--admin-token', ADMIN_TOKEN, '--terminal', 'c2', '--role', 'counter', '--hall', 'hall-a'],
          capture().io,
        ),
      ).resolves.toBe(EXIT.usage);
      expect(await runHallctl(['platform', 'terminal', 'list', '--url', platform.url, '--admin-token', 'wrong-token-0123456789'], capture().io)).toBe(
        EXIT.usage,
      );
    } finally {
      await platform.close();
    }
  });

  it('creates a named administrator whose password never appears on the command line, who then reads the audit log', async () => {
    const platform = await startPlatform({
      version: 't',
      databaseUrl: await freshDatabaseUrl(),
      adminToken: ADMIN_TOKEN,
      adminPasswordCost: { N: 2 ** 10, r: 8, p: 1 },
    });
    const saved = { next: process.env.HALL_NEW_ADMIN_PASSWORD, password: process.env.HALL_ADMIN_PASSWORD };
    try {
      process.env.HALL_NEW_ADMIN_PASSWORD = 'auditor-password-123';
      const added = capture();
      expect(
        await runHallctl(
          ['platform', 'admin', 'add', '--url', platform.url, '--admin-token', ADMIN_TOKEN, '--name', 'auditor', '--scopes', 'admins,fleet'],
          added.io,
        ),
      ).toBe(EXIT.ok);
      expect(added.out[0]).toMatchObject({ name: 'auditor', scopes: ['admins', 'fleet'] });
      process.env.HALL_ADMIN_PASSWORD = 'auditor-password-123';
      const audit = capture();
      expect(await runHallctl(['platform', 'audit', '--url', platform.url, '--admin-user', 'auditor'], audit.io)).toBe(EXIT.ok);
      expect(audit.out[0]).toMatchObject({ entries: [{ admin: 'bootstrap', route: 'adminAccountAdd', status: 200 }] });
      expect(JSON.stringify(audit.out)).not.toContain('auditor-password-123');
    } finally {
      process.env.HALL_NEW_ADMIN_PASSWORD = saved.next;
      process.env.HALL_ADMIN_PASSWORD = saved.password;
      if (saved.next === undefined) delete process.env.HALL_NEW_ADMIN_PASSWORD;
      if (saved.password === undefined) delete process.env.HALL_ADMIN_PASSWORD;
      await platform.close();
    }
  });

  it('requires --data', async () => {
    const io: CliIo = { json: () => undefined, note: () => undefined, interrupted: new Promise(() => undefined) };
    await expect(serve.run({ port: '0' }, io)).rejects.toBeInstanceOf(UsageError);
  });
});

describe('hallctl platform catalog', () => {
  it('publishes the seed catalog by default, and a file when one is named', async () => {
    const platform = await serveInProcess();
    try {
      const seed = capture();
      expect(await runHallctl(['platform', 'catalog', 'publish', '--url', platform.base, '--admin-token', ADMIN_TOKEN], seed.io)).toBe(EXIT.ok);
      expect(seed.out.at(-1)).toMatchObject({ event: 'published', dataset: 'catalog', items: SEED_ITEMS.length, source: 'seed' });
      expect(await catalogKeys(platform.base)).toEqual(SEED_ITEMS.map((item) => item.code).sort());

      const file = join(mkdtempSync(join(tmpdir(), 'hall-cli-catalog-')), 'catalog.json');
      writeFileSync(file, JSON.stringify({ items: [{ ...SEED_ITEMS[0]!, revision: SEED_ITEMS[0]!.revision + 1 }] }));
      const named = capture();
      expect(await runHallctl(['platform', 'catalog', 'publish', file, '--url', platform.base, '--admin-token', ADMIN_TOKEN], named.io)).toBe(EXIT.ok);
      expect(named.out.at(-1)).toMatchObject({ event: 'published', items: 1, source: file });
    } finally {
      await platform.stop();
    }
  });

  it('refuses a file that is not a catalog, naming the bad field, and a wrong admin token', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hall-cli-catalog-')), 'bad.json');
    writeFileSync(file, JSON.stringify([{ code: 'x' }]));
    const bad = capture();
    expect(await runHallctl(['platform', 'catalog', 'publish', file, '--url', 'http://127.0.0.1:9', '--admin-token', ADMIN_TOKEN], bad.io)).toBe(EXIT.usage);
    expect(bad.notes.join('\n')).toMatch(/not a catalog[\s\S]*0\.name/);
    const two = capture();
    expect(await runHallctl(['platform', 'catalog', 'publish', file, file, '--url', 'http://127.0.0.1:9'], two.io)).toBe(EXIT.usage);

    const platform = await serveInProcess();
    try {
      const wrong = capture();
      expect(
        await runHallctl(['platform', 'catalog', 'publish', '--url', platform.base, '--admin-token', 'not-the-admin-token-0123456789'], wrong.io),
      ).not.toBe(EXIT.ok);
    } finally {
      await platform.stop();
    }
  });

  it('takes the reverse proxies to trust as addresses or CIDRs (--trust-proxy), and refuses anything else', async () => {
    const wrong = capture();
    expect(
      await runHallctl(
        ['platform', 'serve', '--port', '0', '--data', mkdtempSync(join(tmpdir(), 'hall-cli-platform-')), '--trust-proxy', '10.0.0.5,proxy.county.lan'],
        wrong.io,
      ),
    ).toBe(EXIT.usage);
    const platform = await serveInProcess({ 'trust-proxy': '10.0.0.5, 10.1.0.0/16' });
    await platform.stop();
  });

  it('serves with the seed catalog published when asked (--seed-catalog)', async () => {
    const platform = await serveInProcess({ 'seed-catalog': true });
    try {
      expect(await catalogKeys(platform.base)).toEqual(SEED_ITEMS.map((item) => item.code).sort());
    } finally {
      await platform.stop();
    }
  });
});
