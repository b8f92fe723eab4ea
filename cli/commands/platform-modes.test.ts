import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, type CliIo } from '../cli-command.js';
import { platformCommands } from './platform.js';

const serve = platformCommands.find((c) => c.path.join(' ') === 'platform serve')!;
const startUmask = process.umask();
afterEach(() => void process.umask(startUmask));

describe('hallctl platform serve file modes', () => {
  it('started under umask 022, it leaves the platform folder 0700 and its database files 0600', async () => {
    process.umask(0o022);
    const dir = join(mkdtempSync(join(tmpdir(), 'hall-cli-modes-')), 'platform-data');
    let interrupt!: () => void;
    let listening!: (url: string) => void;
    const url = new Promise<string>((resolve) => (listening = resolve));
    const io: CliIo = {
      json: (value) => {
        if ((value as { event?: string }).event === 'listening') listening((value as { url: string }).url);
      },
      note: () => undefined,
      interrupted: new Promise<void>((resolve) => (interrupt = resolve)),
    };
    const running = serve.run({ port: '0', data: dir, 'enrolment-secret': 'cli-secret' }, io);
    expect((await fetch(`${await url}/health`)).status).toBe(200);
    interrupt();
    expect(await running).toBe(EXIT.ok);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const entries = readdirSync(dir, { recursive: true }).map(String);
    expect(entries).toContain(join('pgdata', 'PG_VERSION'));
    for (const entry of entries) {
      const mode = statSync(join(dir, entry)).mode;
      expect(mode & 0o077, `${entry} ${(mode & 0o777).toString(8)}`).toBe(0);
    }
    rmSync(join(dir, '..'), { recursive: true, force: true });
  });
});
