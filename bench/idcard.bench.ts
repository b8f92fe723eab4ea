// Card placed in the simulator → `card` event from the real driver, over a real socat PTY pair,
// against the wire time of the same bytes at 115200 baud (10 bits per byte) measured in this run.
import { performance } from 'node:perf_hooks';
import { COMMANDS, encodeRequest, encodeResponse, joinCardReadData } from '../drivers/idcard/codec.js';
import { IdCardReader } from '../drivers/idcard/reader.js';
import { ucs2Field } from '../drivers/idcard/simulator/card-builder.js';
import { IdCardSimulator } from '../drivers/idcard/simulator/simulator.js';
import { testCard } from '../drivers/idcard/simulator/test-cards.js';
import { openPtyPair } from '../drivers/testing/pty-pair.js';
import { SerialTransport } from '../drivers/transport/serial.js';
import type { BenchResult, BenchSuite } from './bench-types.js';

const BAUD = 115200;

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

async function measure(pollIntervalMs: number, iterations: number): Promise<number[]> {
  const pair = await openPtyPair();
  const simulator = new IdCardSimulator({ placed: false });
  await simulator.attach(new SerialTransport({ path: pair.devicePath, baudRate: BAUD }));
  const reader = new IdCardReader({ id: 'bench', pollIntervalMs, openTransport: () => new SerialTransport({ path: pair.hostPath, baudRate: BAUD }) });
  const samples: number[] = [];
  try {
    await reader.start();
    while (reader.status().state !== 'connected') await new Promise((r) => setTimeout(r, 10));
    for (let i = 0; i < iterations; i++) {
      // Place at a random point of the poll cycle, as a person would.
      await new Promise((r) => setTimeout(r, Math.random() * pollIntervalMs));
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
    await reader.stop();
    await simulator.detach();
    await pair.close();
  }
  return samples;
}

const suite: BenchSuite = {
  title: 'ID card reader (SAM_V over a socat PTY)',
  async run(): Promise<BenchResult[]> {
    const wireBytes = bytesPerRead();
    const wireMs = (wireBytes * 10 * 1000) / BAUD;
    const baseline = { name: `wire time of ${wireBytes} bytes at ${BAUD} baud`, value: wireMs };
    const results: BenchResult[] = [];
    for (const [pollIntervalMs, iterations, label] of [
      [400, 8, 'default 400 ms poll'],
      [20, 20, '20 ms poll (driver overhead)'],
    ] as const) {
      const samples = await measure(pollIntervalMs, iterations);
      const value = median(samples);
      results.push({
        name: `idcard: card placed → card read (${label})`,
        value,
        unit: 'ms',
        baseline,
        ratio: value / wireMs,
        notes: `median of ${samples.length}; min ${Math.min(...samples).toFixed(1)} ms, max ${Math.max(...samples).toFixed(1)} ms. A PTY has no baud limit; the poll interval adds up to one interval of waiting.`,
      });
    }
    return results;
  },
};

export default suite;
