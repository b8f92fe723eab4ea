import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { RESIDENT_TEXT } from '../../drivers/idcard/simulator/test-cards.js';
import { EXIT, UsageError, type CliIo } from '../cli-command.js';
import { idcardCommands } from './idcard.js';

function fakeIo() {
  const out: unknown[] = [];
  const notes: string[] = [];
  let interrupt!: () => void;
  const io: CliIo = { json: (v) => void out.push(v), note: (t) => void notes.push(t), interrupted: new Promise<void>((r) => (interrupt = r)) };
  return { io, out, notes, interrupt };
}

/** Parses argv the way hallctl does and runs the matching idcard command. */
function run(argv: string[], io: CliIo) {
  const command = idcardCommands.find((c) => c.path.every((word, i) => argv[i] === word));
  if (!command) throw new Error(`no command for ${argv.join(' ')}`);
  const { values } = parseArgs({ args: argv.slice(command.path.length), options: command.options, strict: true, allowPositionals: false });
  return command.run(values, io);
}

/** Starts `sim idcard …`, waits for its {"path"} line, and returns a stopper. */
async function startSim(args: string[]) {
  const sim = fakeIo();
  const exit = run(['sim', 'idcard', ...args], sim.io);
  const deadline = Date.now() + 10_000;
  while (sim.out.length === 0) {
    if (Date.now() > deadline) throw new Error('simulator printed no path');
    await new Promise((r) => setTimeout(r, 10));
  }
  const { path } = sim.out[0] as { path: string };
  return {
    path,
    stop: async () => {
      sim.interrupt();
      return exit;
    },
  };
}

describe('hallctl idcard commands', () => {
  it('exports idcard read and sim idcard', () => {
    expect(idcardCommands.map((c) => c.path.join(' '))).toEqual(['idcard read', 'sim idcard']);
  });

  it('reads a card from the simulator: exit 0 with card JSON, check validity and photo length', async () => {
    const sim = await startSim([]);
    try {
      const { io, out } = fakeIo();
      expect(await run(['idcard', 'read', '--port', sim.path, '--timeout-ms', '3000'], io)).toBe(EXIT.ok);
      expect(out[0]).toMatchObject({
        ok: true,
        card: { cardType: 'resident', name: RESIDENT_TEXT.name, idNumber: RESIDENT_TEXT.idNumber, idNumberValid: true, photoLength: 1024 },
        photo: { format: 'wlt', length: 1024, decoder: 'no-decoder' },
      });
    } finally {
      expect(await sim.stop()).toBe(EXIT.ok);
    }
  });

  it('reports an invalid check character in the JSON', async () => {
    const sim = await startSim(['--card', 'invalid-check']);
    try {
      const { io, out } = fakeIo();
      expect(await run(['idcard', 'read', '--port', sim.path], io)).toBe(EXIT.ok);
      expect(out[0]).toMatchObject({ ok: true, card: { idNumberValid: false } });
    } finally {
      await sim.stop();
    }
  });

  it.each([
    [['--fault', 'no-card'], EXIT.nothingToRead, 'no-card'],
    [['--fault', 'sam-failure'], EXIT.deviceError, 'sam-fault'],
    [['--fault', 'read-failure'], EXIT.deviceError, 'read-failed'],
    [['--fault', 'bad-checksum'], EXIT.deviceError, 'protocol-error'],
  ])('sim %j → exit %i (%s)', async (simArgs, exitCode, errorCode) => {
    const sim = await startSim(simArgs);
    try {
      const { io, out } = fakeIo();
      expect(await run(['idcard', 'read', '--port', sim.path, '--timeout-ms', '400'], io)).toBe(exitCode);
      expect(out[0]).toMatchObject({ ok: false, error: { code: errorCode } });
    } finally {
      await sim.stop();
    }
  });

  it('reads through slow and fragmented replies together', async () => {
    const sim = await startSim(['--fault', 'slow', '--fault', 'fragmented']);
    try {
      const { io } = fakeIo();
      expect(await run(['idcard', 'read', '--port', sim.path], io)).toBe(EXIT.ok);
    } finally {
      await sim.stop();
    }
  });

  it('exits 3 when the port does not exist', async () => {
    const { io, out } = fakeIo();
    expect(await run(['idcard', 'read', '--port', '/nonexistent/ttyID9', '--timeout-ms', '200'], io)).toBe(EXIT.unreachable);
    expect(out[0]).toMatchObject({ ok: false, error: { code: 'unreachable' } });
  });

  it('rejects a missing port, a bad baud, an unknown card and an unknown fault as usage errors', async () => {
    const { io } = fakeIo();
    await expect(run(['idcard', 'read'], io)).rejects.toThrow(UsageError);
    await expect(run(['idcard', 'read', '--port', '/dev/null', '--baud', 'fast'], io)).rejects.toThrow(UsageError);
    await expect(run(['sim', 'idcard', '--card', 'passport'], io)).rejects.toThrow(UsageError);
    await expect(run(['sim', 'idcard', '--fault', 'fire'], io)).rejects.toThrow(UsageError);
  });
});
