import { describe, expect, it } from 'vitest';
import { switchBaudRate } from './baud-switch.js';
import { IdCardSimulator } from './simulator/simulator.js';
import { memoryLink } from '../testing/memory-transport.js';

/** Over memory the speed is nominal; the test checks the sequence and the speeds requested. */
async function setup(baudAck: 'old-speed' | 'new-speed', samFailure = false) {
  const link = memoryLink();
  const simulator = new IdCardSimulator({ baudAck, faults: { samFailure } });
  await simulator.attach(link.device);
  const speeds: number[] = [];
  return {
    simulator,
    speeds,
    openTransport: (baud: number) => {
      speeds.push(baud);
      return link.host;
    },
  };
}

describe('switchBaudRate', () => {
  it('waits for the acknowledgement at the old speed, then checks the SAM at the new one', async () => {
    const { simulator, speeds, openTransport } = await setup('old-speed');
    expect(await switchBaudRate({ openTransport, from: 115200, to: 9600, ackAt: 'old' })).toEqual({ ok: true, value: undefined });
    expect(speeds).toEqual([115200, 9600]);
    expect(simulator.stats.requestedBaudCode).toBe(0x04);
    expect(simulator.stats.byCommand['11 FF']).toBe(1);
    await simulator.detach();
  });

  it("with ackAt 'new' it does not wait for an unreadable acknowledgement", async () => {
    const { simulator, openTransport } = await setup('new-speed');
    expect((await switchBaudRate({ openTransport, from: 115200, to: 57600, ackAt: 'new' })).ok).toBe(true);
    expect(simulator.stats.requestedBaudCode).toBe(0x01);
    await simulator.detach();
  });

  it("with ackAt 'old' against a reader that acknowledges at the new speed, reports a timeout", async () => {
    const { simulator, openTransport } = await setup('new-speed');
    expect(await switchBaudRate({ openTransport, from: 115200, to: 57600, ackAt: 'old', timeoutMs: 100 })).toMatchObject({
      ok: false,
      error: { code: 'timeout' },
    });
    await simulator.detach();
  });

  it('reports a SAM fault as an error value', async () => {
    const { simulator, openTransport } = await setup('old-speed', true);
    expect(await switchBaudRate({ openTransport, from: 115200, to: 9600, ackAt: 'old' })).toMatchObject({ ok: false, error: { code: 'sam-fault', sw3: 0x60 } });
    await simulator.detach();
  });
});
