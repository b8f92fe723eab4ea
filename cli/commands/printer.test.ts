import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EXIT, UsageError, type CliCommand, type CliIo } from '../cli-command.js';
import { printerCommands } from './printer.js';

function fakeIo() {
  const out: unknown[] = [];
  const notes: string[] = [];
  let stop!: () => void;
  const interrupted = new Promise<void>((r) => (stop = r));
  const io: CliIo = { json: (v) => out.push(v), note: (t) => notes.push(t), interrupted };
  return { io, out, notes, stop };
}

const find = (commands: CliCommand[], path: string) => commands.find((c) => c.path.join(' ') === path)!;
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

async function until<T>(get: () => T | undefined, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('printer commands', () => {
  it('prints a ticket to `sim printer`, which saves it as PNG and text; status reports ready', async () => {
    const outDir = mkdtempSync(join(tmpdir(), 'hall-sim-printer-'));
    dirs.push(outDir);
    const sim = fakeIo();
    const running = find(printerCommands, 'sim printer').run({ out: outDir }, sim.io);
    const { path } = await until(() => sim.out[0] as { path: string } | undefined);

    const ticket = fakeIo();
    const code = await find(printerCommands, 'printer ticket').run(
      { port: path, number: 'A012', service: '社保业务', qr: 'https://hall.example/q/A012' },
      ticket.io,
    );
    expect(code).toBe(EXIT.ok);
    expect(ticket.out[0]).toMatchObject({ outcome: 'printed' });

    await until(() => (readdirSync(outDir).includes('ticket-0001.txt') ? true : undefined));
    expect(readFileSync(join(outDir, 'ticket-0001.txt'), 'utf8')).toContain('社保业务');
    expect(existsSync(join(outDir, 'ticket-0001.png'))).toBe(true);

    const status = fakeIo();
    expect(await find(printerCommands, 'printer status').run({ port: path }, status.io)).toBe(EXIT.ok);
    expect(status.out[0]).toMatchObject({ condition: 'ready', blocking: false });

    sim.stop();
    expect(await running).toBe(EXIT.ok);
  });

  it('reports an unreachable printer with exit code 3 and rejects ambiguous links', async () => {
    const { io, out } = fakeIo();
    expect(await find(printerCommands, 'printer status').run({ port: '/nonexistent/ttyUSB9' }, io)).toBe(EXIT.unreachable);
    expect(out[0]).toMatchObject({ condition: 'disconnected' });
    await expect(find(printerCommands, 'printer status').run({ port: '/dev/x', tcp: 'h:9100' }, io)).rejects.toBeInstanceOf(UsageError);
    await expect(find(printerCommands, 'printer status').run({ tcp: 'nohost' }, io)).rejects.toBeInstanceOf(UsageError);
    await expect(find(printerCommands, 'printer ticket').run({ port: '/dev/x', service: 'x' }, io)).rejects.toThrow(/--number/);
  });
});
