import { afterEach, describe, expect, it } from 'vitest';
import { looksLikeWlt, type WltDecoder } from './photo.js';
import { IdCardReader, type IdCardReaderOptions } from './reader.js';
import { IdCardSimulator, type IdCardSimulatorOptions } from './simulator/simulator.js';
import { RESIDENT_TEXT } from './simulator/test-cards.js';
import { memoryLink } from '../testing/memory-transport.js';
import { nextEvent, pause, waitFor } from './testing/wait.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Rig {
  link: ReturnType<typeof memoryLink>;
  simulator: IdCardSimulator;
  reader: IdCardReader;
  logs: unknown[];
  states: string[];
}

async function rig(simOptions: IdCardSimulatorOptions = {}, readerOptions: Partial<IdCardReaderOptions> = {}): Promise<Rig> {
  const link = memoryLink();
  const simulator = new IdCardSimulator(simOptions);
  await simulator.attach(link.device);
  const logs: unknown[] = [];
  const record = (obj: object, msg?: string) => void logs.push({ obj, msg });
  const reader = new IdCardReader({
    id: 'idcard',
    openTransport: () => link.host,
    pollIntervalMs: 20,
    reconnect: { initialDelayMs: 20, maxDelayMs: 100 },
    log: { info: record, warn: record, error: record },
    ...readerOptions,
  });
  const states: string[] = [];
  reader.onStatus((s) => states.push(s.reason ? `${s.state}:${s.reason}` : s.state));
  cleanups.push(async () => {
    await reader.stop();
    await simulator.detach();
  });
  return { link, simulator, reader, logs, states };
}

describe('IdCardReader polling', () => {
  it('emits one card event per placement and card-removed when the card leaves', async () => {
    const { reader, simulator, states } = await rig({ placed: false });
    const cards: unknown[] = [];
    reader.on('card', (reading) => cards.push(reading));
    await reader.start();
    await waitFor(() => reader.status().state === 'connected', 'connected');

    simulator.placeCard();
    const [reading] = await nextEvent(reader, 'card');
    expect(reading.card).toMatchObject({ cardType: 'resident', name: RESIDENT_TEXT.name, idNumber: RESIDENT_TEXT.idNumber, idNumberValid: true });
    expect(reading.card.additionalAddress).toBe('北京市海淀区样例街88号');
    expect(reading.card.photoLength).toBe(1024);
    expect(looksLikeWlt(reading.photo.wlt)).toBe(true);
    expect(reading.photo.status).toBe('no-decoder');
    expect(states).toContain('busy');

    await pause(200); // several more polls while the card stays on the reader
    expect(cards).toHaveLength(1);
    expect(simulator.stats.byCommand['30 01']).toBe(1);

    const removed = nextEvent(reader, 'card-removed');
    simulator.removeCard();
    await removed;
    simulator.placeCard();
    await nextEvent(reader, 'card');
    expect(cards).toHaveLength(2);
  });

  it('polls quickly while waiting for a card and at the slower present cadence while a read card lies there', async () => {
    const { reader, simulator } = await rig({ placed: false }, { pollIntervalMs: 5, presentPollIntervalMs: 60_000 });
    await reader.start();
    await waitFor(() => reader.status().state === 'connected', 'connected');
    const finds = () => simulator.stats.byCommand['20 01'] ?? 0;
    const idleFinds = finds();
    await waitFor(() => finds() >= idleFinds + 3, 'repeated finds while no card is there');
    simulator.placeCard();
    await nextEvent(reader, 'card');
    const afterRead = finds();
    await pause(100);
    // Twenty idle gaps have passed; at the present cadence no find has gone out since the read.
    expect(finds()).toBe(afterRead);
  });

  it('reads fingerprints with 30 10 when configured', async () => {
    const { reader, simulator } = await rig({}, { readFingerprint: true });
    await reader.start();
    const [reading] = await nextEvent(reader, 'card');
    expect(reading.fingerprint.length).toBe(1024);
    expect(reading.card.fingerprintLength).toBe(1024);
    expect(simulator.stats.byCommand['30 10']).toBe(1);
  });

  it('sends 61 FF nn after the SAM check when a max RF frame size is configured', async () => {
    const { reader, simulator } = await rig({ placed: false }, { maxRfFrameSize: 0x50 });
    await reader.start();
    await waitFor(() => reader.status().state === 'connected', 'connected');
    expect(simulator.stats.maxRfFrameSize).toBe(0x50);
  });

  it('reports a SAM failure as fault and recovers once the SAM works', async () => {
    const { reader, simulator } = await rig({ faults: { samFailure: true } });
    await reader.start();
    await waitFor(() => reader.status().state === 'fault', 'fault');
    expect(reader.status().reason).toMatch(/SAM self-test failed/);
    simulator.clearFaults();
    await nextEvent(reader, 'card');
    expect(reader.status().state).toBe('connected');
  });

  it('reports read failures as read-error values and reads once the card reads again', async () => {
    const { reader, simulator } = await rig({ faults: { readFailure: true } });
    await reader.start();
    const [error] = await nextEvent(reader, 'read-error');
    expect(error).toMatchObject({ code: 'read-failed', sw3: 0x41, status: 'card-read-failed' });
    simulator.clearFaults();
    await nextEvent(reader, 'card');
  });

  it('reconnects after the link vanishes, with the port unreachable for a while', async () => {
    const { reader, link } = await rig();
    await reader.start();
    await nextEvent(reader, 'card');
    link.host.unreachable = true;
    const removed = nextEvent(reader, 'card-removed');
    link.host.cut();
    await removed;
    await waitFor(() => reader.status().state === 'disconnected', 'disconnected');
    link.host.unreachable = false;
    await nextEvent(reader, 'card');
    expect(reader.status().state).toBe('connected');
  });

  it('treats repeated silence as a lost link and reconnects', async () => {
    const { reader, simulator } = await rig({ placed: false }, { timeouts: { sam: 100, find: 100 } });
    await reader.start();
    await waitFor(() => reader.status().state === 'connected', 'connected');
    simulator.setFaults({ replyDelayMs: 300 });
    await waitFor(() => reader.status().state !== 'connected', 'leaving connected', 10_000);
    simulator.clearFaults();
    simulator.placeCard();
    await nextEvent(reader, 'card');
  });

  it('with firmware that stops answering find after a read, reports removal but never reads the same placement twice', async () => {
    const { reader, simulator } = await rig({ findAfterRead: 'not-found' });
    let cards = 0;
    reader.on('card', () => cards++);
    await reader.start();
    await nextEvent(reader, 'card-removed');
    await pause(150);
    expect(cards).toBe(1);
    simulator.removeCard();
    simulator.placeCard();
    await nextEvent(reader, 'card');
    expect(cards).toBe(2);
  });

  it('hands the WLT photo to an installed decoder', async () => {
    const bmp = Uint8Array.of(0x42, 0x4d);
    const decoder: WltDecoder = { name: 'fake', available: true, decode: async (wlt) => (looksLikeWlt(wlt) ? bmp : Promise.reject(new Error('not WLT'))) };
    const { reader } = await rig({}, { wltDecoder: decoder });
    await reader.start();
    const [reading] = await nextEvent(reader, 'card');
    expect(reading.photo).toMatchObject({ status: 'decoded', bmp });
  });

  it('never logs personal data', async () => {
    const { reader, simulator, logs } = await rig({ faults: { readFailure: true } });
    await reader.start();
    await nextEvent(reader, 'read-error');
    simulator.clearFaults();
    await nextEvent(reader, 'card');
    const text = JSON.stringify(logs);
    expect(logs.length).toBeGreaterThan(0);
    for (const personal of [RESIDENT_TEXT.name, RESIDENT_TEXT.idNumber, RESIDENT_TEXT.address, RESIDENT_TEXT.birthDate, '海淀']) {
      expect(text).not.toContain(personal);
    }
  });
});

describe('IdCardReader.readOnce', () => {
  it('returns the card and closes the link it opened', async () => {
    const { reader, link } = await rig();
    const result = await reader.readOnce({ timeoutMs: 2000 });
    expect(result.ok && result.value.card.name).toBe(RESIDENT_TEXT.name);
    expect(link.host.isOpen).toBe(false);
  });

  it('returns no-card when nothing is placed before the deadline', async () => {
    const { reader } = await rig({ placed: false });
    expect(await reader.readOnce({ timeoutMs: 150 })).toMatchObject({ ok: false, error: { code: 'no-card', sw3: 0x80 } });
  });

  it('returns unreachable when the port cannot be opened', async () => {
    const { reader, link } = await rig();
    link.host.unreachable = true;
    expect(await reader.readOnce({ timeoutMs: 150 })).toMatchObject({ ok: false, error: { code: 'unreachable' } });
  });

  it('returns timeout when the reader is slower than the command timeout', async () => {
    const { reader } = await rig({ faults: { replyDelayMs: 200 } }, { timeouts: { sam: 50 } });
    expect(await reader.readOnce({ timeoutMs: 500 })).toMatchObject({ ok: false, error: { code: 'timeout' } });
  });

  it('still reads when replies are slow but within the timeouts', async () => {
    const { reader } = await rig({ faults: { replyDelayMs: 60 } });
    expect((await reader.readOnce({ timeoutMs: 3000 })).ok).toBe(true);
  });

  it('returns protocol-error for replies with bad checksums', async () => {
    const { reader } = await rig({ faults: { badReplyChecksum: true } });
    expect(await reader.readOnce({ timeoutMs: 500 })).toMatchObject({ ok: false, error: { code: 'protocol-error' } });
  });

  it('returns sam-fault with SW3 0x60', async () => {
    const { reader } = await rig({ faults: { samFailure: true } });
    expect(await reader.readOnce({ timeoutMs: 500 })).toMatchObject({ ok: false, error: { code: 'sam-fault', sw3: 0x60, status: 'sam-self-test-failed' } });
  });

  it('reads the SAM ID', async () => {
    const { reader } = await rig();
    expect(await reader.readSamId()).toEqual({ ok: true, value: '05.01-20260101-001234567-089012345' });
  });
});
