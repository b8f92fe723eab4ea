import { afterEach, describe, expect, it } from 'vitest';
import { COMMANDS, decodeResponsePayload, encodeRequest, encodeSetBaud, encodeSetMaxRfFrameSize, type DecodedResponse } from '../codec.js';
import { decodeUcs2 } from '../card-text.js';
import { FrameParser } from '../frame-parser.js';
import { memoryLink } from '../../testing/memory-transport.js';
import { IdCardSimulator, type IdCardSimulatorOptions } from './simulator.js';
import { testCard } from './test-cards.js';

const detachers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const detach of detachers.splice(0)) await detach();
});

/** Talks to the simulator with raw frames and collects reply frames and the chunks they came in. */
async function harness(options: IdCardSimulatorOptions = {}) {
  const { host, device } = memoryLink();
  const simulator = new IdCardSimulator(options);
  await simulator.attach(device);
  await host.open();
  detachers.push(() => simulator.detach());
  const parser = new FrameParser({ minLength: 4 });
  const replies: Array<{ response: DecodedResponse; checksumOk: boolean }> = [];
  let chunks = 0;
  host.onData((chunk) => {
    chunks++;
    for (const out of parser.push(chunk)) {
      if (out.type === 'frame') replies.push({ response: decodeResponsePayload(out.payload)!, checksumOk: true });
      if (out.type === 'rejected' && out.reason === 'bad-checksum')
        replies.push({ response: { sw1: 0, sw2: 0, sw3: -1, data: new Uint8Array() }, checksumOk: false });
    }
  });
  async function send(frame: Uint8Array): Promise<{ response: DecodedResponse; checksumOk: boolean }> {
    const before = replies.length;
    await host.write(frame);
    const deadline = Date.now() + 3000;
    while (replies.length === before) {
      if (Date.now() > deadline) throw new Error('no reply');
      await new Promise((r) => setTimeout(r, 2));
    }
    return replies[before]!;
  }
  return { simulator, send, chunkCount: () => chunks };
}

const sw3Of = async (reply: Promise<{ response: DecodedResponse }>) => (await reply).response.sw3;

describe('IdCardSimulator', () => {
  it('walks find → select → read and answers with the card blocks', async () => {
    const { send } = await harness();
    expect(await sw3Of(send(encodeRequest(COMMANDS.samStatus)))).toBe(0x90);
    expect(await sw3Of(send(encodeRequest(COMMANDS.findCard)))).toBe(0x9f);
    expect(await sw3Of(send(encodeRequest(COMMANDS.selectCard)))).toBe(0x90);
    const read = await send(encodeRequest(COMMANDS.readTextPhoto));
    expect(read.response.sw3).toBe(0x90);
    expect(read.response.data.length).toBe(4 + 256 + 1024);
    const address = await send(encodeRequest(COMMANDS.readAdditionalAddress));
    expect(decodeUcs2(address.response.data)).toBe('北京市海淀区样例街88号');
  });

  it('answers 80 to find and 81 to select without a card, and 41 to an unselected read', async () => {
    const { send, simulator } = await harness({ placed: false });
    expect(await sw3Of(send(encodeRequest(COMMANDS.findCard)))).toBe(0x80);
    expect(await sw3Of(send(encodeRequest(COMMANDS.selectCard)))).toBe(0x81);
    simulator.placeCard();
    expect(await sw3Of(send(encodeRequest(COMMANDS.readTextPhoto)))).toBe(0x41);
  });

  it('answers 91 for a card without an additional address', async () => {
    const { send } = await harness({ card: testCard('gat') });
    await send(encodeRequest(COMMANDS.findCard));
    await send(encodeRequest(COMMANDS.selectCard));
    expect(await sw3Of(send(encodeRequest(COMMANDS.readAdditionalAddress)))).toBe(0x91);
  });

  it('answers 10 to a request with a bad checksum and 11 to an impossible length', async () => {
    const { send, simulator } = await harness();
    const bad = encodeRequest(COMMANDS.findCard);
    bad[bad.length - 1] = bad[bad.length - 1]! ^ 0x01;
    expect(await sw3Of(send(bad))).toBe(0x10);
    expect(await sw3Of(send(Uint8Array.of(0xaa, 0xaa, 0xaa, 0x96, 0x69, 0x00, 0x01, 0x00)))).toBe(0x11);
    expect(simulator.stats).toMatchObject({ badChecksumRequests: 1, badLengthRequests: 1 });
  });

  it('answers 21 to unknown commands and acknowledges set-baud and RF frame size', async () => {
    const { send, simulator } = await harness();
    expect(await sw3Of(send(encodeRequest({ cmd: 0x77, para: 0x01 })))).toBe(0x21);
    expect(await sw3Of(send(encodeSetBaud(9600)))).toBe(0x90);
    expect(await sw3Of(send(encodeSetMaxRfFrameSize(0x50)))).toBe(0x90);
    expect(simulator.stats).toMatchObject({ requestedBaudCode: 0x04, maxRfFrameSize: 0x50 });
  });

  it('returns the SAM ID bytes', async () => {
    const { send } = await harness();
    expect((await send(encodeRequest(COMMANDS.samId))).response.data.length).toBe(16);
  });

  it('injects SAM failure, read failure, no card and bad reply checksums', async () => {
    const { send, simulator } = await harness({ faults: { samFailure: true } });
    expect(await sw3Of(send(encodeRequest(COMMANDS.samStatus)))).toBe(0x60);
    simulator.setFaults({ samFailure: false, noCard: true });
    expect(await sw3Of(send(encodeRequest(COMMANDS.findCard)))).toBe(0x80);
    simulator.setFaults({ noCard: false, readFailure: true });
    await send(encodeRequest(COMMANDS.findCard));
    await send(encodeRequest(COMMANDS.selectCard));
    expect(await sw3Of(send(encodeRequest(COMMANDS.readTextPhoto)))).toBe(0x41);
    simulator.setFaults({ readFailure: false, badReplyChecksum: true });
    expect((await send(encodeRequest(COMMANDS.samStatus))).checksumOk).toBe(false);
  });

  it('fragments replies into small chunks', async () => {
    const { send, chunkCount } = await harness({ faults: { fragment: { chunkSize: 3, delayMs: 1 } } });
    const reply = await send(encodeRequest(COMMANDS.samStatus));
    expect(reply.response.sw3).toBe(0x90);
    expect(chunkCount()).toBe(4); // 11 bytes in chunks of 3
  });

  it('halts the card after a read when configured for firmware where find then fails', async () => {
    const { send, simulator } = await harness({ findAfterRead: 'not-found' });
    await send(encodeRequest(COMMANDS.findCard));
    await send(encodeRequest(COMMANDS.selectCard));
    await send(encodeRequest(COMMANDS.readTextPhoto));
    expect(await sw3Of(send(encodeRequest(COMMANDS.findCard)))).toBe(0x80);
    simulator.removeCard();
    simulator.placeCard();
    expect(await sw3Of(send(encodeRequest(COMMANDS.findCard)))).toBe(0x9f);
  });
});
