import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { startPlatform, type RunningPlatform } from '../../platform/server.js';
import { EXIT, type CliIo } from '../cli-command.js';
import { runHallctl } from '../hallctl.js';

const SECRET = 'cli-clerk-secret-0123456789';
let platform: RunningPlatform;
beforeAll(async () => {
  platform = await startPlatform({ version: 't', databaseUrl: await freshDatabaseUrl(), adminToken: SECRET, queue: { clerkPinCost: { N: 1024, r: 8, p: 1 } } });
});
afterAll(async () => {
  await platform?.close();
});

function capture() {
  const out: Record<string, unknown>[] = [];
  const notes: string[] = [];
  const io: CliIo = { json: (v) => out.push(v as Record<string, unknown>), note: (t) => notes.push(t), interrupted: new Promise(() => undefined) };
  return { io, out, notes };
}

describe('hallctl platform clerk', () => {
  it('adds a clerk with the PIN only on stderr, lists masked names, and disables', async () => {
    const admin = ['--url', platform.url, '--admin-token', SECRET];
    const add = capture();
    expect(await runHallctl(['platform', 'clerk', 'add', ...admin, '--clerk', 'C1001', '--name', '王小明', '--hall', 'hall-a'], add.io)).toBe(EXIT.ok);
    expect(add.out[0]).toEqual({ clerkId: 'C1001', hallId: 'hall-a', maskedName: '王**', status: 'active' });
    expect(add.notes.join('\n')).toMatch(/PIN for C1001: \d{6}/);

    const list = capture();
    expect(await runHallctl(['platform', 'clerk', 'list', ...admin, '--hall', 'hall-a'], list.io)).toBe(EXIT.ok);
    expect(list.out[0]).toEqual({ clerks: [{ clerkId: 'C1001', hallId: 'hall-a', maskedName: '王**', status: 'active' }] });
    expect(JSON.stringify(list.out)).not.toContain('王小明');

    const disable = capture();
    expect(await runHallctl(['platform', 'clerk', 'disable', ...admin, '--clerk', 'C1001'], disable.io)).toBe(EXIT.ok);
    expect(disable.out[0]).toEqual({ disabled: true });
    expect(await runHallctl(['platform', 'clerk', 'disable', ...admin, '--clerk', 'C9999'], capture().io)).not.toBe(EXIT.ok);
  });
});
