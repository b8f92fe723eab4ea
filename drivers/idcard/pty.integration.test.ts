// The real driver against the simulator over a real socat PTY pair, through node-serialport.
import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openPtyPair, type PtyPair } from '../simulation/pty-pair.js';
import { SerialTransport } from '../transport/serial.js';
import { IdCardReader, type IdCardReaderOptions } from './reader.js';
import { IdCardSimulator, type IdCardSimulatorOptions } from './simulator/simulator.js';
import { FOREIGN_2023_TEXT, FOREIGN_OLD_TEXT, GAT_TEXT, INVALID_CHECK_TEXT, RESIDENT_TEXT, testCard, type TestCardName } from './simulator/test-cards.js';
import { nextEvent, waitFor } from './testing/wait.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function overPty(simOptions: IdCardSimulatorOptions = {}, readerOptions: Partial<IdCardReaderOptions> = {}) {
  const pair = await openPtyPair();
  cleanups.push(() => pair.close());
  const simulator = new IdCardSimulator(simOptions);
  await simulator.attach(new SerialTransport({ path: pair.devicePath, baudRate: 115200 }));
  cleanups.push(() => simulator.detach());
  const reader = new IdCardReader({
    id: 'idcard',
    openTransport: () => new SerialTransport({ path: pair.hostPath, baudRate: 115200 }),
    pollIntervalMs: 50,
    reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    ...readerOptions,
  });
  cleanups.push(() => reader.stop());
  return { pair, simulator, reader };
}

describe('ID card reader over a socat PTY pair', () => {
  it('reads every card type, once per placement, and reports each removal', async () => {
    const { simulator, reader } = await overPty({ placed: false });
    await reader.start();
    const cases: Array<[TestCardName, Record<string, unknown>]> = [
      ['resident', { cardType: 'resident', name: RESIDENT_TEXT.name, nation: { code: '01', name: '汉' }, idNumberValid: true, validTo: '2040-01-01' }],
      ['gat', { cardType: 'gat-residence-permit', name: GAT_TEXT.name, passNumber: GAT_TEXT.passNumber, issueCount: 1, idNumberValid: true, gender: 'female' }],
      [
        'foreign-old',
        {
          cardType: 'foreign-permanent-old',
          englishName: FOREIGN_OLD_TEXT.englishName,
          idNumber: FOREIGN_OLD_TEXT.idNumber,
          nationality: 'USA',
          idNumberValid: true,
        },
      ],
      [
        'foreign-2023',
        { cardType: 'foreign-permanent-2023', englishName: FOREIGN_2023_TEXT.englishName, idNumber: FOREIGN_2023_TEXT.idNumber, idNumberValid: true },
      ],
      ['invalid-check', { cardType: 'resident', idNumber: INVALID_CHECK_TEXT.idNumber, idNumberValid: false, longTerm: true, validTo: null }],
    ];
    let cards = 0;
    reader.on('card', () => cards++);
    for (const [name, expected] of cases) {
      const read = nextEvent(reader, 'card');
      simulator.placeCard(testCard(name));
      const [reading] = await read;
      expect(reading.card).toMatchObject({ ...expected, photoLength: 1024 });
      const removed = nextEvent(reader, 'card-removed');
      simulator.removeCard();
      await removed;
    }
    expect(cards).toBe(cases.length);
    expect(simulator.stats.byCommand['30 01']).toBe(cases.length);
  });

  it('reads text, photo and fingerprint (2321-byte reply) delivered in small delayed fragments', async () => {
    const { reader } = await overPty({ faults: { fragment: { chunkSize: 16, delayMs: 1 } } }, { readFingerprint: true });
    const result = await reader.readOnce({ timeoutMs: 5000 });
    expect(result.ok && result.value.fingerprint.length).toBe(1024);
    expect(result.ok && result.value.card.name).toBe(RESIDENT_TEXT.name);
  });

  it('no card: readOnce ends with no-card', async () => {
    const { reader } = await overPty({ faults: { noCard: true } });
    expect(await reader.readOnce({ timeoutMs: 300 })).toMatchObject({ ok: false, error: { code: 'no-card' } });
  });

  it('bad reply checksums: protocol-error, then recovery once replies are sound', async () => {
    const { simulator, reader } = await overPty({ faults: { badReplyChecksum: true } });
    expect(await reader.readOnce({ timeoutMs: 500 })).toMatchObject({ ok: false, error: { code: 'protocol-error' } });
    await reader.start();
    await waitFor(() => reader.status().state !== 'connected', 'not connected');
    simulator.clearFaults();
    await nextEvent(reader, 'card');
  });

  it('slow replies within the timeouts still read; slower than the timeout is a timeout', async () => {
    const { simulator, reader } = await overPty({ faults: { replyDelayMs: 120 } });
    expect((await reader.readOnce({ timeoutMs: 5000 })).ok).toBe(true);
    simulator.setFaults({ replyDelayMs: 700 });
    expect(await reader.readOnce({ timeoutMs: 1000 })).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('SAM failure: fault status until the SAM recovers', async () => {
    const { simulator, reader } = await overPty({ faults: { samFailure: true } });
    await reader.start();
    await waitFor(() => reader.status().state === 'fault', 'fault');
    expect(reader.status().reason).toContain('SAM');
    simulator.clearFaults();
    await nextEvent(reader, 'card');
    expect(reader.status().state).toBe('connected');
  });

  it('read failure: a read-error with SW3 0x41, then the card reads once the fault clears', async () => {
    const { simulator, reader } = await overPty({ faults: { readFailure: true } });
    await reader.start();
    const [error] = await nextEvent(reader, 'read-error');
    expect(error).toMatchObject({ code: 'read-failed', sw3: 0x41 });
    simulator.clearFaults();
    await nextEvent(reader, 'card');
  });

  it('port vanishing and coming back at the same path: disconnected, then reconnect and read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'idcard-port-'));
    const stablePath = join(dir, 'ttyID0');
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const simulator = new IdCardSimulator();
    cleanups.push(() => simulator.detach());
    let pair: PtyPair = await openPtyPair();
    cleanups.push(() => pair.close());
    symlinkSync(pair.hostPath, stablePath);
    await simulator.attach(new SerialTransport({ path: pair.devicePath, baudRate: 115200 }));
    const reader = new IdCardReader({
      id: 'idcard',
      openTransport: () => new SerialTransport({ path: stablePath, baudRate: 115200 }),
      pollIntervalMs: 50,
      reconnect: { initialDelayMs: 50, maxDelayMs: 200 },
    });
    cleanups.push(() => reader.stop());
    await reader.start();
    await nextEvent(reader, 'card');

    const removed = nextEvent(reader, 'card-removed');
    await simulator.detach();
    await pair.close(); // the USB adapter is unplugged
    await removed;
    await waitFor(() => reader.status().state === 'disconnected', 'disconnected');

    pair = await openPtyPair(); // plugged in again, same configured path
    unlinkSync(stablePath);
    symlinkSync(pair.hostPath, stablePath);
    await simulator.attach(new SerialTransport({ path: pair.devicePath, baudRate: 115200 }));
    await nextEvent(reader, 'card');
    expect(reader.status().state).toBe('connected');
  });
});
