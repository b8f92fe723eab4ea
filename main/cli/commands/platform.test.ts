import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, UsageError, type CliIo } from '../cli-command.js';
import { platformCommands } from './platform.js';
import { runHallctl } from '../hallctl.js';
import { SEED_ITEMS } from '../../../platform/catalog/seed-items.js';

const serve = platformCommands.find((c) => c.path.join(' ') === 'platform serve')!;

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
  const running = serve.run({ port: '0', data: dir, 'enrolment-secret': 'cli-secret-long-enough', ...extra }, io);
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

/** The catalog's items as a newly registered terminal pulls them. */
async function catalogKeys(base: string): Promise<string[]> {
  const terminalId = 'cli-test-terminal';
  const register = await fetch(`${base}/v1/terminals`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-enrolment-secret': 'cli-secret-long-enough' }, body: JSON.stringify({ terminalId }) });
  const { credential } = (await register.json()) as { credential: string };
  const pulled = await fetch(`${base}/v1/pull?dataset=catalog&limit=1000`, { headers: { authorization: `Bearer ${credential}`, 'x-terminal-id': terminalId } });
  const body = (await pulled.json()) as { items?: Array<{ key: string }> };
  return (body.items ?? []).map((item) => item.key).sort();
}

function capture() {
  const lines: Record<string, unknown>[] = [];
  const notes: string[] = [];
  const io: CliIo = { json: (value) => lines.push(value as Record<string, unknown>), note: (text) => notes.push(text), interrupted: new Promise(() => undefined) };
  return { io, lines, notes };
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
    const running = serve.run({ port: '0', data: dir, 'enrolment-secret': 'cli-secret' }, io);
    const base = await url;
    expect(((await (await fetch(`${base}/health`)).json()) as { status: string }).status).toBe('ok');
    const register = await fetch(`${base}/v1/terminals`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-enrolment-secret': 'cli-secret' }, body: JSON.stringify({ terminalId: 'T1' }) });
    expect(register.status).toBe(200);
    interrupt();
    expect(await running).toBe(EXIT.ok);
    expect(lines.at(-1)).toEqual({ event: 'stopped' });
    expect(notes).toEqual([]);
    expect(existsSync(join(dir, 'platform.db'))).toBe(true);
    rmSync(dir, { recursive: true, force: true });
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
      expect(await runHallctl(['platform', 'catalog', 'publish', '--url', platform.base, '--secret', 'cli-secret-long-enough'], seed.io)).toBe(EXIT.ok);
      expect(seed.lines.at(-1)).toMatchObject({ event: 'published', dataset: 'catalog', items: SEED_ITEMS.length, source: 'seed' });
      expect(await catalogKeys(platform.base)).toEqual(SEED_ITEMS.map((item) => item.code).sort());

      const file = join(mkdtempSync(join(tmpdir(), 'hall-cli-catalog-')), 'catalog.json');
      writeFileSync(file, JSON.stringify({ items: [{ ...SEED_ITEMS[0]!, revision: SEED_ITEMS[0]!.revision + 1 }] }));
      const named = capture();
      expect(await runHallctl(['platform', 'catalog', 'publish', file, '--url', platform.base, '--secret', 'cli-secret-long-enough'], named.io)).toBe(EXIT.ok);
      expect(named.lines.at(-1)).toMatchObject({ event: 'published', items: 1, source: file });
    } finally {
      await platform.stop();
    }
  });

  it('refuses a file that is not a catalog, naming the bad field, and a wrong secret', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'hall-cli-catalog-')), 'bad.json');
    writeFileSync(file, JSON.stringify([{ code: 'x' }]));
    const bad = capture();
    expect(await runHallctl(['platform', 'catalog', 'publish', file, '--url', 'http://127.0.0.1:9', '--secret', 's'], bad.io)).toBe(EXIT.usage);
    expect(bad.notes.join('\n')).toMatch(/not a catalog[\s\S]*0\.name/);
    const two = capture();
    expect(await runHallctl(['platform', 'catalog', 'publish', file, file, '--url', 'http://127.0.0.1:9'], two.io)).toBe(EXIT.usage);

    const platform = await serveInProcess();
    try {
      const wrong = capture();
      expect(await runHallctl(['platform', 'catalog', 'publish', '--url', platform.base, '--secret', 'not-the-secret'], wrong.io)).not.toBe(EXIT.ok);
    } finally {
      await platform.stop();
    }
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
