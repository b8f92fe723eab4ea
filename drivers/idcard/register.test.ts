import { describe, expect, it } from 'vitest';
import { DeviceConfig } from '../../contract/config.js';
import { DriverRegistry } from '../registry.js';
import { IdCardReader } from './reader.js';
import { registerIdCardDrivers } from './register.js';
import { GAT_TEXT } from './simulator/test-cards.js';
import { nextEvent, waitFor } from './testing/wait.js';

function context() {
  const warnings: object[] = [];
  return { warnings, context: { log: { info: () => {}, warn: (obj: object) => void warnings.push(obj), error: () => {} } } };
}

describe('registerIdCardDrivers', () => {
  it('builds a serial reader that reports the port as unreachable without throwing', async () => {
    const registry = new DriverRegistry();
    registerIdCardDrivers(registry);
    const config = DeviceConfig.parse({ id: 'idcard', kind: 'idcard-reader', transport: { type: 'serial', path: '/nonexistent/ttyUSB7' } });
    const device = registry.create(config, context().context);
    expect(device).toBeInstanceOf(IdCardReader);
    expect(device.kind).toBe('idcard-reader');
    await device.start();
    await waitFor(() => device.status().state === 'disconnected' && device.status().reason !== undefined, 'disconnected with a reason');
    await device.stop();
  });

  it('runs the real driver against a simulator with no card placed until the host places one', async () => {
    const registry = new DriverRegistry();
    registerIdCardDrivers(registry);
    const config = DeviceConfig.parse({
      id: 'idcard',
      kind: 'idcard-reader',
      transport: { type: 'simulated' },
      options: { pollIntervalMs: 50, simulatedCard: 'gat' },
    });
    const device = registry.create(config, context().context) as IdCardReader;
    expect(device.status().simulated).toBe(true);
    expect(device.simulator?.cardPlaced).toBe(false);
    try {
      await device.start();
      await waitFor(() => device.status().state === 'connected', 'connected');
      device.simulator!.placeCard();
      const [reading] = await nextEvent(device, 'card');
      expect(reading.card).toMatchObject({ cardType: 'gat-residence-permit', name: GAT_TEXT.name });
      const removed = nextEvent(device, 'card-removed');
      device.simulator!.removeCard();
      await removed;
    } finally {
      await device.stop();
    }
    expect(device.simulator?.attached).toBe(false);
    expect(device.status().state).toBe('disconnected');
  });

  it('turns invalid options into a fault that names them, as every driver does, instead of guessing defaults', async () => {
    const registry = new DriverRegistry();
    registerIdCardDrivers(registry);
    const { context: ctx } = context();
    for (const type of ['serial', 'simulated'] as const) {
      const transport = type === 'serial' ? { type, path: '/dev/ttyS0' } : { type };
      const config = DeviceConfig.parse({ id: 'idcard', kind: 'idcard-reader', transport, options: { pollIntervalMs: 'soon' } });
      const device = registry.create(config, ctx);
      expect(device).not.toBeInstanceOf(IdCardReader);
      await device.start();
      expect(device.status()).toMatchObject({ state: 'fault', reason: expect.stringMatching(/^invalid idcard-reader options: pollIntervalMs/) });
    }
  });
});
