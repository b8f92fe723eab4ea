import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import type { HostHandlers } from '../../contract/host-api.js';
import { parseConfig } from './config-loader.js';
import { deferHostStart, HOST_START_AFTER_INFO_MS, HOST_START_DELAY_MS } from './deferred-start.js';
import type { HostEventBus } from './event-bus.js';
import type { Host } from './host.js';

const config = parseConfig(
  { hallId: 'demo-hall', terminalId: 'kiosk-deferred', role: 'kiosk', platformUrl: 'embedded', languages: ['zh-CN'], defaultLanguage: 'zh-CN', devices: [] },
  'test',
);
const about = { version: '9.9.9-test', shell: 'electron' as const, clock: new ManualClock('2026-03-02T08:30:00+08:00') };

/** A start that makes a host answering devices.list (or fails), and the buses it was given. */
function fakeStart(outcome: 'starts' | Error = 'starts') {
  const buses: HostEventBus[] = [];
  const start = vi.fn(async (bus: HostEventBus) => {
    buses.push(bus);
    if (outcome instanceof Error) throw outcome;
    return { handlers: { 'devices.list': async () => [] } as unknown as HostHandlers } as Host;
  });
  return { start, buses };
}

describe('the host started after its page', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('answers terminal.info without starting, and starts a while after it', async () => {
    const { start, buses } = fakeStart();
    const deferred = deferHostStart({ config, about, start });
    await expect(deferred.handlers['terminal.info']({})).resolves.toMatchObject({ terminalId: 'kiosk-deferred', shell: 'electron' });
    await vi.advanceTimersByTimeAsync(HOST_START_AFTER_INFO_MS - 1);
    expect(start).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(start).toHaveBeenCalledTimes(1);
    // The host is made on the bus the shell was given before it, so its events reach the page.
    expect(buses).toEqual([deferred.bus]);
    await deferred.started;
  });

  it('starts on the first call that needs the host, and answers it from the started host', async () => {
    const { start } = fakeStart();
    const deferred = deferHostStart({ config, about, start });
    await expect(deferred.handlers['devices.list']({})).resolves.toEqual([]);
    expect(start).toHaveBeenCalledTimes(1);
    await deferred.handlers['devices.list']({});
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('starts by itself when no page asks', async () => {
    const { start } = fakeStart();
    deferHostStart({ config, about, start });
    await vi.advanceTimersByTimeAsync(HOST_START_DELAY_MS - 1);
    expect(start).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(start).toHaveBeenCalledTimes(1);
  });

  it('fails the calls waiting for a host that could not start, with its error', async () => {
    const { start } = fakeStart(new Error('the store cannot open'));
    const deferred = deferHostStart({ config, about, start });
    const waiting = deferred.handlers['devices.list']({});
    await expect(waiting).rejects.toThrow('the store cannot open');
    await expect(deferred.started).rejects.toThrow('the store cannot open');
  });
});
