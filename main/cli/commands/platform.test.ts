import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT, UsageError, type CliIo } from '../cli-command.js';
import { platformCommands } from './platform.js';

const serve = platformCommands.find((c) => c.path.join(' ') === 'platform serve')!;

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
