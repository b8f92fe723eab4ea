import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { EXIT, UsageError, type CliCommand, type CliIo } from '../cli-command.js';
import { createSimScannerCommand, scannerCommands } from './scanner.js';

function fakeIo() {
  const out: unknown[] = [];
  const notes: string[] = [];
  let stop!: () => void;
  const interrupted = new Promise<void>((r) => (stop = r));
  const io: CliIo = { json: (v) => out.push(v), note: (t) => notes.push(t), interrupted };
  return { io, out, notes, stop };
}

const find = (commands: CliCommand[], path: string) => commands.find((c) => c.path.join(' ') === path)!;

async function until<T>(get: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('scanner commands', () => {
  it('`scanner listen` prints the codes `sim scanner` emits as JSON lines', async () => {
    const sim = fakeIo();
    const simCommand = createSimScannerCommand(() => Readable.from(['受理编号SB01\n']));
    const running = simCommand.run({ emit: ['A012', 'https://hall.example/q/1'], terminator: 'crlf', aim: ']Q1', 'delay-ms': '1000' }, sim.io);
    const { path } = await until(() => sim.out[0] as { path: string } | undefined);
    const listen = fakeIo();
    const code = await find(scannerCommands, 'scanner listen').run({ port: path, terminator: 'crlf', count: '3' }, listen.io);
    expect(code).toBe(EXIT.ok);
    expect(listen.out).toMatchObject([
      { data: 'A012', aimId: ']Q1', symbology: 'qr', source: 'serial' },
      { data: 'https://hall.example/q/1' },
      { data: '受理编号SB01', encoding: 'utf-8' },
    ]);
    sim.stop();
    expect(await running).toBe(EXIT.ok);
  });

  it('exits 3 when the port cannot be opened and 64-style usage errors for bad options', async () => {
    const { io } = fakeIo();
    expect(await find(scannerCommands, 'scanner listen').run({ port: '/nonexistent/ttyACM9' }, io)).toBe(EXIT.unreachable);
    await expect(find(scannerCommands, 'scanner listen').run({ port: '/x', terminator: 'nul' }, io)).rejects.toBeInstanceOf(UsageError);
  });
});
