// A whole hall for the queue end-to-end tests: one platform process (the hall service) and
// several real headless hosts — kiosks, counters with an LED screen, and the hall display.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TerminalConfigInput } from '../contract/config.js';
import type { MethodInput, MethodOutput, HostMethodName } from '../contract/host-api.js';
import { DEMO_HALL_CONFIG } from '../platform/queue/demo.js';
import { ADMIN_TOKEN, startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { terminalConfig } from './host-call.js';

export async function api<M extends HostMethodName>(hall: RunningHall, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const response = await fetch(new URL(`/api/v1/call/${method}`, hall.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${hall.token}` },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: true; value: MethodOutput<M> } | { ok: false; error: { code: string; message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export async function waitFor<T>(probe: () => Promise<T | undefined | false>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface QueueHall {
  platform: PlatformProcess;
  platformData: string;
  kiosks: RunningHall[];
  counters: RunningHall[];
  display: RunningHall;
  all: RunningHall[];
  stop(): Promise<void>;
}

const terminal = (
  terminalId: string,
  role: TerminalConfigInput['role'],
  platformUrl: string,
  devices: TerminalConfigInput['devices'],
  queue: TerminalConfigInput['queue'] = { leasePrefixes: [] },
): TerminalConfigInput => terminalConfig(platformUrl, 'demo-hall', terminalId, role, devices, { queue });

/**
 * Recalls may follow each other after one second here, so the morning fits in a test. The demo
 * appointment is checked in at whatever hour the test runs, so it ranks as an appointment at once
 * rather than at its slot (the slot rule is tested on the service, on a set clock).
 */
export async function setHallConfig(platform: PlatformProcess, extra: Record<string, unknown> = {}): Promise<void> {
  const response = await fetch(`${platform.url}/v1/admin/queue/config`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body: JSON.stringify({
      ...DEMO_HALL_CONFIG,
      recall: { max: 2, minGapSeconds: 1 },
      leaseBlockSize: 10,
      callingRules: { appointmentsAtSlot: false },
      ...extra,
    }),
  });
  if (!response.ok) throw new Error(`hall config refused: ${await response.text()}`);
}

export async function startQueueHall(): Promise<QueueHall> {
  const platformData = mkdtempSync(join(tmpdir(), 'hall-queue-platform-'));
  const platform = await startPlatformProcess(platformData);
  await setHallConfig(platform);
  const url = platform.url;
  const printer = { id: 'printer', kind: 'printer', transport: { type: 'simulated' } } as const;
  const idcard = { id: 'idcard', kind: 'idcard-reader', transport: { type: 'simulated' } } as const;
  const led = { id: 'led', kind: 'led-screen', transport: { type: 'simulated' } } as const;
  const started = await Promise.all([
    startHall(terminal('kiosk-01', 'kiosk', url, [printer, idcard]), platform),
    startHall(terminal('kiosk-02', 'kiosk', url, [printer]), platform),
    startHall(terminal('kiosk-03', 'kiosk', url, [printer, idcard]), platform),
    startHall(
      terminal('counter-01', 'counter', url, [led, idcard], { counterId: 'counter-1', leasePrefixes: [], evaluatorKeys: ['F1', 'F2', 'F3', 'F4', 'F5'] }),
      platform,
    ),
    startHall(terminal('counter-02', 'counter', url, [], { counterId: 'counter-2', leasePrefixes: [] }), platform),
    startHall(terminal('display-01', 'display', url, []), platform),
  ]);
  const [k1, k2, k3, c1, c2, display] = started as [RunningHall, RunningHall, RunningHall, RunningHall, RunningHall, RunningHall];
  const hall: QueueHall = {
    platform,
    platformData,
    kiosks: [k1, k2, k3],
    counters: [c1, c2],
    display,
    all: started,
    stop: async () => {
      await Promise.all(started.map((h) => h.stop()));
      await hall.platform.stop();
    },
  };
  // Every terminal follows the stream, and each kiosk holds leased numbers, before the doors open.
  for (const h of started) await waitFor(async () => (await api(h, 'queue.snapshot', {})).connectivity.online, 40_000, 'terminals online');
  for (const k of hall.kiosks) await waitFor(async () => Object.keys((await api(k, 'queue.snapshot', {})).connectivity.leased).length === 3, 20_000, 'leases');
  return hall;
}
