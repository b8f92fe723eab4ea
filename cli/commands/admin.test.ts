import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { verifyPin } from '../../main/host/features/admin/admin-pin.js';
import { EXIT, type CliIo } from '../cli-command.js';
import { createAdminCommands } from './admin.js';

function io() {
  const out: unknown[] = [];
  const notes: string[] = [];
  const value: CliIo = { json: (v) => out.push(v), note: (t) => notes.push(t), interrupted: new Promise(() => undefined) };
  return { value, out, notes };
}

describe('hallctl admin hash-pin', () => {
  it('prints a hash that verifies the PIN read from stdin', async () => {
    const [command] = createAdminCommands(Readable.from(['135790\n']));
    const target = io();
    expect(await command!.run({}, target.value)).toBe(EXIT.ok);
    const { pinHash } = target.out[0] as { pinHash: string };
    expect(pinHash).toMatch(/^scrypt\$[0-9a-f]+\$[0-9a-f]+$/);
    expect(verifyPin('135790', pinHash)).toBe(true);
  });

  it('refuses something that is not a 4–12 digit PIN', async () => {
    const [command] = createAdminCommands(Readable.from(['12ab\n']));
    const target = io();
    expect(await command!.run({}, target.value)).toBe(EXIT.usage);
    expect(target.out).toEqual([]);
  });
});
