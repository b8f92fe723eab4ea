import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { ScanEvent } from '../../contract/scanning.js';
import type { LineTerminator } from '../../drivers/scanner/line-framer.js';
import { Scanner } from '../../drivers/scanner/scanner.js';
import { ScannerSimulator } from '../../drivers/scanner/simulator.js';
import { openPtyPair } from '../../drivers/simulation/pty-pair.js';
import { SerialTransport } from '../../drivers/transport/serial.js';
import { EXIT, UsageError, optionalInt, requireString, type CliCommand } from '../cli-command.js';

const TERMINATORS: LineTerminator[] = ['cr', 'lf', 'crlf', 'tab', 'none'];

function terminatorFrom(values: Record<string, unknown>): LineTerminator {
  const value = values.terminator ?? 'cr';
  if (!TERMINATORS.includes(value as LineTerminator)) throw new UsageError(`--terminator must be one of ${TERMINATORS.join(', ')}`);
  return value as LineTerminator;
}

const listenCommand: CliCommand = {
  path: ['scanner', 'listen'],
  summary: 'Read codes from a serial/virtual-COM scanner and print each scan as a JSON line.',
  usage: '--port PATH [--baud N] [--terminator cr|lf|crlf|tab|none] [--count N]',
  options: { port: { type: 'string' }, baud: { type: 'string' }, terminator: { type: 'string' }, count: { type: 'string' } },
  async run(values, io) {
    const path = requireString(values, 'port');
    const baudRate = optionalInt(values, 'baud', 9600, 1200, 4_000_000);
    const terminator = terminatorFrom(values);
    const count = values.count === undefined ? Infinity : optionalInt(values, 'count', 1, 1, 1_000_000);
    const transport = new SerialTransport({ path, baudRate });
    try {
      await transport.open();
    } catch (error) {
      io.note(`scanner listen: ${(error as Error).message}`);
      return EXIT.unreachable;
    }
    const scanner = new Scanner({ id: 'cli-scanner', transport, mode: 'line', source: 'serial', terminator });
    let seen = 0;
    let lost: string | undefined;
    const finished = new Promise<void>((resolve) => {
      scanner.onScan((event: ScanEvent) => {
        if (seen >= count) return;
        seen++;
        io.json(event);
        if (seen >= count) resolve();
      });
      transport.onClose((error) => {
        lost = error?.message ?? 'port closed';
        resolve();
      });
    });
    await scanner.start();
    await Promise.race([finished, io.interrupted]);
    await scanner.stop();
    scanner.dispose();
    if (lost && seen < count) {
      io.note(`scanner listen: ${lost}`);
      return EXIT.unreachable;
    }
    return seen === 0 && count !== Infinity ? EXIT.nothingToRead : EXIT.ok;
  },
};

/** `sim scanner`; stdin is injectable so tests can type codes. */
export function createSimScannerCommand(stdin: () => Readable | undefined = () => process.stdin): CliCommand {
  return {
    path: ['sim', 'scanner'],
    summary: 'Run a simulated serial scanner on a PTY; emits each --emit code, then every line typed on stdin.',
    usage: '[--emit CODE]… [--terminator cr|lf|crlf|tab|none] [--aim ]Q1] [--gb18030] [--delay-ms N]',
    options: {
      emit: { type: 'string', multiple: true },
      terminator: { type: 'string' },
      aim: { type: 'string' },
      gb18030: { type: 'boolean' },
      'delay-ms': { type: 'string' },
    },
    async run(values, io) {
      const terminator = terminatorFrom(values);
      const aim = typeof values.aim === 'string' ? values.aim : undefined;
      if (aim !== undefined && !/^\][A-Za-z][0-9A-Za-z]$/.test(aim)) throw new UsageError('--aim must look like ]Q1');
      // Gives the reader time to open the host end before the first code goes out.
      const delayMs = optionalInt(values, 'delay-ms', 1000, 0, 600_000);
      const codes = Array.isArray(values.emit) ? values.emit.filter((c): c is string => typeof c === 'string') : [];
      const pair = await openPtyPair();
      const simulator = new ScannerSimulator(new SerialTransport({ path: pair.devicePath, baudRate: 9600 }), {
        terminator,
        ...(aim ? { aim } : {}),
        encoding: values.gb18030 ? 'gb18030' : 'utf-8',
      });
      await simulator.start();
      io.json({ path: pair.hostPath });
      const emit = async (code: string) => {
        await simulator.scan(code);
        io.json({ emitted: code });
      };
      const input = stdin();
      const lines = input ? createInterface({ input, crlfDelay: Infinity }) : undefined;
      // Everything goes out in order: the delay, the --emit codes, then lines typed on stdin.
      let queue: Promise<unknown> = Promise.race([new Promise((r) => setTimeout(r, delayMs)), io.interrupted]);
      const enqueue = (code: string) => {
        queue = queue.then(() => emit(code)).catch((error: Error) => io.note(`sim scanner: ${error.message}`));
      };
      codes.forEach(enqueue);
      lines?.on('line', (line) => {
        const code = line.trim();
        if (code) enqueue(code);
      });
      try {
        await io.interrupted;
        await queue;
      } finally {
        lines?.close();
        await simulator.stop();
        await pair.close();
      }
      return EXIT.ok;
    },
  };
}

export const scannerCommands: CliCommand[] = [listenCommand, createSimScannerCommand()];
