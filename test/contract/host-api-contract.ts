// One suite, run against every adapter of the host API (HTTP/WebSocket and Electron IPC).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DeviceStatus } from '../../contract/devices.js';
import { hostMethods } from '../../contract/host-api.js';
import { RATING_VIEW } from '../../contract/role-profiles.js';
import type { RawHostTransport, HallHostClient } from '../../renderer/src/host/validated-client.js';
import { startTestHost, type TestHost } from '../helpers/test-host.js';

export interface AdapterUnderTest {
  client: HallHostClient;
  raw: RawHostTransport;
  /** The same host as the citizen-facing rating view sees it (its token, or its window). */
  ratingView: { client: HallHostClient; raw: RawHostTransport };
  close(): Promise<void>;
}

const nextEvent = <T>(subscribe: (cb: (value: T) => void) => () => void, match: (value: T) => boolean, timeoutMs = 3000) =>
  new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error('event did not arrive'));
    }, timeoutMs);
    const off = subscribe((value) => {
      if (!match(value)) return;
      clearTimeout(timer);
      off();
      resolve(value);
    });
  });

export function describeHostApiContract(adapter: string, shell: 'electron' | 'headless', connect: (test: TestHost) => Promise<AdapterUnderTest>) {
  describe(`host API contract over ${adapter}`, () => {
    let test: TestHost;
    let under: AdapterUnderTest;

    beforeAll(async () => {
      test = await startTestHost(shell);
      under = await connect(test);
    });
    afterAll(async () => {
      await under?.close();
      await test?.host.stop();
    });

    it('tells which terminal and shell it is', async () => {
      const result = await under.client.call('terminal.info', {});
      expect(result).toEqual({
        ok: true,
        value: {
          hallId: 'test-hall',
          terminalId: 'kiosk-07',
          role: 'kiosk',
          languages: ['zh-CN', 'en'],
          defaultLanguage: 'zh-CN',
          version: '9.9.9-test',
          shell,
          now: expect.any(String),
          session: { idleSeconds: 90, countdownSeconds: 20 },
          onScreenKeyboard: true,
        },
      });
      // The host's clock, which screens count from: an instant, not later than now on the same clock.
      expect(Date.parse((result as { value: { now: string } }).value.now)).toBeLessThanOrEqual(Date.now());
    });

    it('lists every configured device with its state', async () => {
      const result = await under.client.call('devices.list', {});
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value.map((d) => [d.id, d.kind, d.state])).toEqual([
        ['reader', 'idcard-reader', 'connected'],
        ['printer', 'printer', 'connected'],
      ]);
    });

    it('reports the link to the embedded platform as online', async () => {
      await expect
        .poll(
          async () =>
            (await under.client.call('sync.state', {})).ok &&
            ((await under.client.call('sync.state', {})) as { value: { connectivity: string } }).value.connectivity,
          { timeout: 30_000 },
        )
        .toBe('online');
    });

    it('refuses an unknown method with a typed error, not an exception', async () => {
      expect(await under.raw.call('terminal.selfDestruct', {})).toEqual({
        ok: false,
        error: { code: 'unknown-method', message: expect.stringContaining('terminal.selfDestruct') },
      });
    });

    it('refuses input that does not match the contract and names the field', async () => {
      const result = (await under.raw.call('devices.list', { unexpected: 1 })) as { ok: boolean; error: { code: string; message: string } };
      expect(result.ok).toBe(false);
      expect(result.error.code).toBe('bad-input');
      expect(result.error.message).toContain('unexpected');
    });

    it('pushes device status changes as events', async () => {
      const arrived = nextEvent<DeviceStatus>(
        (cb) => under.client.on('device.status', cb),
        (status) => status.id === 'printer' && status.state === 'fault',
      );
      test.devices.get('printer')!.tracker.set('fault', 'paper out');
      await expect(arrived).resolves.toMatchObject({ id: 'printer', kind: 'printer', state: 'fault', reason: 'paper out', simulated: true });
    });

    it('drops pushed events that do not match the contract', async () => {
      const seen: unknown[] = [];
      const off = under.client.on('device.status', (status) => seen.push(status));
      // A malformed event followed by a good one: only the good one may reach the UI.
      (test.host.bus as unknown as { publish(e: string, p: unknown): void }).publish('device.status', { id: 'printer', state: 'exploded' });
      const good = nextEvent<DeviceStatus>(
        (cb) => under.client.on('device.status', cb),
        (s) => s.state === 'busy',
      );
      test.devices.get('printer')!.tracker.set('busy');
      await good;
      off();
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ state: 'busy' });
    });

    it('confines the rating view to rating: every other method is refused, whatever its input', async () => {
      const info = await under.ratingView.client.call('terminal.info', {});
      expect(info).toMatchObject({ ok: true, value: { terminalId: 'kiosk-07', view: 'evaluate' } });
      for (const method of Object.keys(hostMethods).filter((name) => !RATING_VIEW.methods.includes(name as never))) {
        const result = (await under.ratingView.raw.call(method, {})) as { ok: boolean; error?: { code: string } };
        expect(result, method).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
      }
      // Its own methods reach their handlers (the rating is refused by the queue, for an unknown ticket, not by the view).
      const snapshot = await under.ratingView.client.call('queue.snapshot', {});
      expect(snapshot.ok).toBe(true);
      const rating = await under.ratingView.client.call('queue.evaluate', { ticketId: 'no-such-ticket', level: 5 });
      expect(rating.ok ? 'ok' : rating.error.code).not.toBe('unauthorized');
      // The operator's window on the same host still reaches everything.
      expect((await under.client.call('idcard.current', {})).ok).toBe(true);
    });

    it('pushes the rating view only the events of its profile', async () => {
      const seen: string[] = [];
      const off = under.ratingView.raw.on((event) => seen.push(event));
      const operatorGot = nextEvent<DeviceStatus>(
        (cb) => under.client.on('device.status', cb),
        (status) => status.id === 'reader' && status.state === 'busy',
      );
      test.devices.get('reader')!.tracker.set('busy');
      await operatorGot;
      const ratingGot = nextEvent<unknown>(
        (cb) => under.ratingView.client.on('queue.connectivity', cb),
        () => true,
      );
      (test.host.bus as unknown as { publish(e: string, p: unknown): void }).publish('queue.connectivity', { online: false, pendingOffline: 0, leased: {} });
      await ratingGot;
      off();
      expect(seen).toEqual(['queue.connectivity']);
    });

    it('implements every method in the contract', async () => {
      for (const method of Object.keys(hostMethods)) {
        const result = (await under.raw.call(method, {})) as { ok: boolean; error?: { code: string } };
        expect(result.error?.code, method).not.toBe('unknown-method');
      }
    });
  });
}
