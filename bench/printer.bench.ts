// Print request → last byte of a queue ticket received by the printer simulator, over a real socat
// PTY pair, against the wire time of the same exchange at the profile's baud (10 bits per byte),
// computed from the bytes counted in this run. A PTY ignores baud, so only the ratio is meaningful.
import { performance } from 'node:perf_hooks';
import { profileFromOptions, type PrinterProfile } from '../drivers/escpos/profile.js';
import { queueTicketBytes } from '../drivers/receipts/index.js';
import { EscPosPrinter } from '../drivers/printer/printer.js';
import { EscPosPrinterSimulator } from '../drivers/printer/simulator.js';
import { openPtyPair } from '../drivers/simulation/pty-pair.js';
import { SerialTransport } from '../drivers/transport/serial.js';
import type { BenchResult, BenchSuite } from './bench-types.js';

const RUNS = 20;
/** Real-time status checks before a job reaches the wire: acceptance and pre-job (12 bytes out, 4 back each). */
const STATUS_BYTES_BEFORE_JOB = 2 * (12 + 4);

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const ticket = () => ({
  hallName: '市民服务中心',
  ticketNumber: 'A012',
  serviceName: '社会保障卡业务',
  waitingAhead: 12,
  estimatedWaitMinutes: 25,
  windowArea: '二楼B区 5–8号窗口',
  issuedAt: new Date().toISOString(),
  followQr: 'https://zwfw.example.gov.cn/queue/follow?hall=demo&ticket=A012',
});

async function measure(profile: PrinterProfile): Promise<{ elapsedMs: number; wireMs: number; bytes: number }> {
  const pair = await openPtyPair();
  const simulator = new EscPosPrinterSimulator(new SerialTransport({ path: pair.devicePath, baudRate: profile.baudRate }), { profile });
  await simulator.start();
  const printer = new EscPosPrinter({
    id: 'bench',
    transport: new SerialTransport({ path: pair.hostPath, baudRate: profile.baudRate }),
    profile,
    pollIntervalMs: 0,
  });
  const samples: number[] = [];
  const jobBytes = queueTicketBytes(ticket(), profile).length;
  try {
    await printer.start();
    await printer.checkStatus();
    for (let i = 0; i < RUNS; i++) {
      const lastByte = new Promise<number>((resolve) => {
        const off = simulator.onPage(() => {
          off();
          resolve(performance.now());
        });
      });
      const requested = performance.now();
      const result = await printer.printTicket(ticket());
      if (result.outcome !== 'printed') throw new Error(`bench job not printed: ${result.reason}`);
      samples.push((await lastByte) - requested);
    }
  } finally {
    await printer.stop();
    await simulator.stop();
    await pair.close();
  }
  const bytes = jobBytes + STATUS_BYTES_BEFORE_JOB;
  return { elapsedMs: median(samples), wireMs: (bytes * 10 * 1000) / profile.baudRate, bytes };
}

const suite: BenchSuite = {
  title: 'Receipt printer: ticket job over a PTY',
  async run(): Promise<BenchResult[]> {
    const results: BenchResult[] = [];
    for (const profile of [profileFromOptions({ profile: 'generic-80' }), profileFromOptions({ profile: 'zj-58' })]) {
      const { elapsedMs, wireMs, bytes } = await measure(profile);
      const limit = wireMs * 2;
      results.push({
        name: `printer: print request → last ticket byte at the printer (${profile.name}, ${profile.nativeQr ? 'native QR' : 'raster QR'})`,
        value: Number(elapsedMs.toFixed(2)),
        unit: 'ms',
        baseline: { name: `wire time of ${bytes} bytes at ${profile.baudRate} baud, 10 bits per byte`, value: Number(wireMs.toFixed(2)) },
        ratio: elapsedMs / wireMs,
        limit: Number(limit.toFixed(2)),
        withinLimit: elapsedMs <= limit,
        notes: `median of ${RUNS} jobs; includes the two real-time status checks before the job; a PTY ignores baud`,
      });
    }
    return results;
  },
};

export default suite;
