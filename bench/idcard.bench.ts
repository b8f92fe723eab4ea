// Card placed in the simulator → `card` event from the real driver, over a real socat PTY pair,
// against the wire time of the same bytes at 115200 baud (10 bits per byte) computed in this run;
// and the CPU the reader's idle polling costs.
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { COMMANDS, encodeRequest, encodeResponse, joinCardReadData } from '../drivers/idcard/codec.js';
import { DEFAULT_IDLE_POLL_MS, IdCardReader } from '../drivers/idcard/reader.js';
import { ucs2Field } from '../drivers/idcard/simulator/card-builder.js';
import { IdCardSimulator } from '../drivers/idcard/simulator/simulator.js';
import { testCard } from '../drivers/idcard/simulator/test-cards.js';
import { openPtyPair } from '../drivers/simulation/pty-pair.js';
import { SerialTransport } from '../drivers/transport/serial.js';
import type { BenchResult, BenchSuite } from './bench-types.js';

const BAUD = 115200;
const IDLE_SECONDS = 10;

/** Bytes on the wire for one placement: find, select, read (30 01) and additional address. */
function bytesPerRead(): number {
  const card = testCard('resident');
  const exchanges: Array<[Uint8Array, Uint8Array]> = [
    [encodeRequest(COMMANDS.findCard), encodeResponse(0x9f, new Uint8Array(4))],
    [encodeRequest(COMMANDS.selectCard), encodeResponse(0x90, new Uint8Array(8))],
    [encodeRequest(COMMANDS.readTextPhoto), encodeResponse(0x90, joinCardReadData(card.text, card.photo, undefined))],
    [encodeRequest(COMMANDS.readAdditionalAddress), encodeResponse(0x90, ucs2Field(card.additionalAddress ?? '', 70))],
  ];
  return exchanges.reduce((sum, [request, reply]) => sum + request.length + reply.length, 0);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Rig {
  reader: IdCardReader;
  simulator: IdCardSimulator;
  close: () => Promise<void>;
}

/** `pollIntervalMs` undefined: the driver's default. `lineBaud`: the simulator paces its replies like a UART. */
async function rig(pollIntervalMs: number | undefined, lineBaud: number | undefined): Promise<Rig> {
  const pair = await openPtyPair();
  const simulator = new IdCardSimulator({ placed: false, ...(lineBaud ? { lineBaud } : {}) });
  await simulator.attach(new SerialTransport({ path: pair.devicePath, baudRate: BAUD }));
  const reader = new IdCardReader({
    id: 'bench',
    ...(pollIntervalMs ? { pollIntervalMs } : {}),
    openTransport: () => new SerialTransport({ path: pair.hostPath, baudRate: BAUD }),
  });
  await reader.start();
  while (reader.status().state !== 'connected') await pause(10);
  return {
    reader,
    simulator,
    close: async () => {
      await reader.stop();
      await simulator.detach();
      await pair.close();
    },
  };
}

async function measureReads(pollIntervalMs: number | undefined, lineBaud: number | undefined, iterations: number): Promise<number[]> {
  const { reader, simulator, close } = await rig(pollIntervalMs, lineBaud);
  const samples: number[] = [];
  try {
    for (let i = 0; i < iterations; i++) {
      // Place at a random point of the poll cycle, as a person would.
      await pause(Math.random() * (pollIntervalMs ?? DEFAULT_IDLE_POLL_MS) + 5);
      const read = new Promise<number>((resolve) => {
        const off = reader.on('card', () => {
          off();
          resolve(performance.now());
        });
      });
      const placedAt = performance.now();
      simulator.placeCard();
      samples.push((await read) - placedAt);
      const removed = new Promise<void>((resolve) => {
        const off = reader.on('card-removed', () => {
          off();
          resolve();
        });
      });
      simulator.removeCard();
      await removed;
    }
  } finally {
    await close();
  }
  return samples;
}

/**
 * This process's CPU (user + system, ms per second) over an idle period: the reader polling for a
 * card that never comes, with the simulator answering from a process of its own.
 */
async function idleCpu(pollIntervalMs: number | undefined): Promise<{ perSecond: number; finds: number }> {
  const pair = await openPtyPair();
  const child = fork(join(import.meta.dirname, 'idcard-simulator-process.ts'), [pair.devicePath, String(BAUD)], { execArgv: ['--import', 'tsx'] });
  const message = () =>
    new Promise<unknown>((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`simulator process exited (${code})`)));
    });
  const finds = async () => {
    const answer = message();
    child.send('finds');
    return ((await answer) as { finds: number }).finds;
  };
  await message();
  const reader = new IdCardReader({
    id: 'bench',
    ...(pollIntervalMs ? { pollIntervalMs } : {}),
    openTransport: () => new SerialTransport({ path: pair.hostPath, baudRate: BAUD }),
  });
  try {
    await reader.start();
    while (reader.status().state !== 'connected') await pause(10);
    await pause(500);
    const findsBefore = await finds();
    const before = process.cpuUsage();
    const started = performance.now();
    await pause(IDLE_SECONDS * 1000);
    const used = process.cpuUsage(before);
    const seconds = (performance.now() - started) / 1000;
    return { perSecond: (used.user + used.system) / 1000 / seconds, finds: ((await finds()) - findsBefore) / seconds };
  } finally {
    await reader.stop();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.send('stop');
    await exited;
    await pair.close();
  }
}

const suite: BenchSuite = {
  title: 'ID card reader (SAM_V over a socat PTY)',
  async run(): Promise<BenchResult[]> {
    const wireBytes = bytesPerRead();
    const wireMs = (wireBytes * 10 * 1000) / BAUD;
    const baseline = { name: `wire time of ${wireBytes} bytes at ${BAUD} baud`, value: wireMs };
    const results: BenchResult[] = [];
    const reads: Array<[number | undefined, number | undefined, number, string, string]> = [
      [
        undefined,
        BAUD,
        20,
        `default settings (${DEFAULT_IDLE_POLL_MS} ms idle poll), simulator paced at ${BAUD} baud`,
        'the simulator answers each exchange after its bytes would have crossed the wire, so the read itself takes its real wire time and the ratio is what a citizen waits beyond it',
      ],
      [
        undefined,
        undefined,
        20,
        `default settings (${DEFAULT_IDLE_POLL_MS} ms idle poll), unpaced PTY`,
        "measured as the issue's 1.44 ×: a PTY has no baud limit, so this is the poll wait and the driver's own time against the wire time",
      ],
      [400, BAUD, 12, 'former default 400 ms poll, simulator paced', 'for comparison: up to one interval of waiting on top of the wire time'],
    ];
    for (const [pollIntervalMs, lineBaud, iterations, label, notes] of reads) {
      const samples = await measureReads(pollIntervalMs, lineBaud, iterations);
      const value = median(samples);
      const limited = pollIntervalMs === undefined && lineBaud !== undefined;
      results.push({
        name: `idcard: card placed → card read (${label})`,
        value,
        unit: 'ms',
        baseline,
        ratio: value / wireMs,
        ...(limited ? { limit: 1.15 * wireMs, withinLimit: value <= 1.15 * wireMs } : {}),
        notes: `median of ${samples.length}; min ${Math.min(...samples).toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms; ${notes}${limited ? '; limit 1.15 × the wire time' : ''}`,
      });
    }
    for (const pollIntervalMs of [undefined, 400]) {
      const { perSecond, finds } = await idleCpu(pollIntervalMs);
      results.push({
        name: `idcard: reader loop idle CPU (${pollIntervalMs ?? `default ${DEFAULT_IDLE_POLL_MS}`} ms idle poll, no card)`,
        value: perSecond,
        unit: 'ms',
        ratio: perSecond / 1000,
        notes: `CPU ms per second (process.cpuUsage over ${IDLE_SECONDS} s; ratio: share of one core); ${finds.toFixed(1)} finds/s; the reader alone (the simulator answers from another process); nearly all of it is node-serialport's thread-pool reads and writes, not the driver's JavaScript`,
      });
    }
    return results;
  },
};

export default suite;
