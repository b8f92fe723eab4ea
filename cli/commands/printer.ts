import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { PrinterStatus, PrintJobResult } from '../../contract/printing.js';
import { profileFromOptions, PRINTER_PROFILES, type PrinterProfile } from '../../drivers/escpos/profile.js';
import { EscPosPrinter } from '../../drivers/printer/printer.js';
import { EscPosPrinterSimulator } from '../../drivers/printer/simulator.js';
import { startTcpPrinterSimulator } from '../../drivers/printer/tcp-simulator.js';
import { openPtyPair } from '../../drivers/simulation/pty-pair.js';
import { SerialTransport } from '../../drivers/transport/serial.js';
import { TcpTransport } from '../../drivers/transport/tcp.js';
import type { ByteTransport } from '../../drivers/transport/types.js';
import { EXIT, UsageError, optionalInt, requireString, type CliCommand, type ExitCode } from '../cli-command.js';
import { systemClock } from '../../contract/clock.js';

const linkOptions = {
  port: { type: 'string' },
  baud: { type: 'string' },
  tcp: { type: 'string' },
  profile: { type: 'string' },
} as const;

function profileFrom(values: Record<string, unknown>, baudRate?: number): PrinterProfile {
  const name = typeof values.profile === 'string' ? values.profile : undefined;
  if (name && !PRINTER_PROFILES[name]) throw new UsageError(`--profile must be one of ${Object.keys(PRINTER_PROFILES).join(', ')}`);
  return profileFromOptions({ ...(name ? { profile: name } : {}), ...(baudRate ? { baudRate } : {}) });
}

/** --port PATH [--baud N] or --tcp HOST:PORT, exactly one. */
function printerLink(values: Record<string, unknown>): { transport: ByteTransport; profile: PrinterProfile } {
  const hasPort = typeof values.port === 'string' && values.port !== '';
  const hasTcp = typeof values.tcp === 'string' && values.tcp !== '';
  if (hasPort === hasTcp) throw new UsageError('give exactly one of --port PATH or --tcp HOST:PORT');
  if (hasPort) {
    const baudRate = optionalInt(values, 'baud', 115200, 1200, 4_000_000);
    return { transport: new SerialTransport({ path: values.port as string, baudRate }), profile: profileFrom(values, baudRate) };
  }
  const match = /^(.+):(\d{1,5})$/.exec(values.tcp as string);
  const port = match ? Number(match[2]) : NaN;
  if (!match || port < 1 || port > 65535) throw new UsageError('--tcp must be HOST:PORT, e.g. 192.168.1.50:9100');
  return { transport: new TcpTransport({ host: match[1]!, port }), profile: profileFrom(values) };
}

const exitForStatus = (status: PrinterStatus): ExitCode =>
  status.condition === 'disconnected' ? EXIT.unreachable : status.blocking ? EXIT.deviceError : EXIT.ok;
const exitForJob = (result: PrintJobResult): ExitCode =>
  result.outcome === 'printed' ? EXIT.ok : result.condition === 'disconnected' ? EXIT.unreachable : EXIT.deviceError;

async function withPrinter<T>(values: Record<string, unknown>, use: (printer: EscPosPrinter) => Promise<T>): Promise<T> {
  const { transport, profile } = printerLink(values);
  const printer = new EscPosPrinter({ id: 'cli-printer', transport, profile, pollIntervalMs: 0, backoff: { initialMs: 200, maxMs: 1000 } });
  await printer.start();
  try {
    return await use(printer);
  } finally {
    await printer.stop();
    printer.dispose();
  }
}

const statusCommand: CliCommand = {
  path: ['printer', 'status'],
  summary: 'Query a receipt printer’s real-time status (DLE EOT 1–4) and print it as JSON.',
  usage: '--port PATH [--baud N] | --tcp HOST:PORT [--profile NAME]',
  options: linkOptions,
  async run(values, io) {
    const status = await withPrinter(values, (printer) => printer.checkStatus());
    io.json(status);
    return exitForStatus(status);
  },
};

const ticketCommand: CliCommand = {
  path: ['printer', 'ticket'],
  summary: 'Print a queue ticket (Chinese text, big number, QR) and report the job result.',
  usage: '--port PATH | --tcp HOST:PORT --number A012 --service NAME [--qr DATA] [--hall NAME] [--ahead N] [--profile NAME]',
  options: {
    ...linkOptions,
    number: { type: 'string' },
    service: { type: 'string' },
    qr: { type: 'string' },
    hall: { type: 'string' },
    ahead: { type: 'string' },
  },
  async run(values, io) {
    const ticketNumber = requireString(values, 'number');
    const serviceName = requireString(values, 'service');
    const waitingAhead = optionalInt(values, 'ahead', 0, 0, 100_000);
    const hallName = typeof values.hall === 'string' && values.hall ? values.hall : '政务服务中心';
    const followQr = typeof values.qr === 'string' && values.qr ? values.qr : undefined;
    const result = await withPrinter(values, (printer) =>
      printer.printTicket({ hallName, ticketNumber, serviceName, waitingAhead, issuedAt: systemClock.iso(), ...(followQr ? { followQr } : {}) }),
    );
    io.json(result);
    return exitForJob(result);
  },
};

const simPrinterCommand: CliCommand = {
  path: ['sim', 'printer'],
  summary: 'Run a simulated ESC/POS printer on a PTY (or TCP port); saves each cut ticket as PNG and text.',
  usage: '[--out DIR] [--profile NAME] [--tcp-port N]',
  options: { out: { type: 'string' }, profile: { type: 'string' }, 'tcp-port': { type: 'string' } },
  async run(values, io) {
    const profile = profileFrom(values);
    const outDir = resolve(typeof values.out === 'string' && values.out ? values.out : 'printed-tickets');
    mkdirSync(outDir, { recursive: true });
    let simulator: EscPosPrinterSimulator;
    let shutdown: () => Promise<void>;
    if (values['tcp-port'] !== undefined) {
      const server = await startTcpPrinterSimulator({ port: optionalInt(values, 'tcp-port', 9100, 0, 65535), profile });
      simulator = server.simulator;
      shutdown = server.close;
      io.json({ tcp: `${server.host}:${server.port}`, out: outDir });
    } else {
      const pair = await openPtyPair();
      simulator = new EscPosPrinterSimulator(new SerialTransport({ path: pair.devicePath, baudRate: profile.baudRate }), { profile });
      await simulator.start();
      shutdown = async () => {
        await simulator.stop();
        await pair.close();
      };
      io.json({ path: pair.hostPath, out: outDir });
    }
    simulator.onPage((page) => {
      const base = join(outDir, `ticket-${String(page.sequence).padStart(4, '0')}`);
      writeFileSync(`${base}.png`, page.png());
      writeFileSync(`${base}.txt`, `${page.text}\n`);
      io.json({ page: page.sequence, png: `${base}.png`, text: `${base}.txt` });
    });
    io.note('simulated printer running; Ctrl+C to stop');
    await io.interrupted;
    await shutdown();
    return EXIT.ok;
  },
};

export const printerCommands: CliCommand[] = [statusCommand, ticketCommand, simPrinterCommand];
