import { afterAll, describe, expect, it } from 'vitest';
import { startTestHost, type TestHost } from '../../../../test/helpers/test-host.js';

describe('device status events in the outbox', () => {
  let test: TestHost;
  afterAll(async () => test?.host.stop());

  it('records ready/fault/gone transitions once each, not busy flicker, and syncs them', async () => {
    test = await startTestHost('headless');
    const printer = test.devices.get('printer')!;
    printer.tracker.set('busy');
    printer.tracker.set('fault', 'paper out');
    printer.tracker.set('fault', 'paper out');
    printer.tracker.set('connected');
    // Start-up (reader and printer connected) + fault + connected again = 4; busy and the repeat are not recorded.
    await expect.poll(() => test.host.store.countRecords('status-event'), { timeout: 10_000 }).toBe(4);
    // The engine then pushes them all to the platform.
    await expect.poll(async () => (await test.host.handlers['sync.state']({})).pendingCount, { timeout: 10_000 }).toBe(0);
  });
});
