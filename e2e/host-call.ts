// Helpers the O2O specs share: a portrait touch kiosk with Chromium's fake camera, terminals on one
// platform, calling a running hall's host API as the test's hand on the devices, and drawing a
// signature on the signature pad.
import { expect, type Page } from '@playwright/test';
import type { TerminalConfigInput, TerminalRole } from '../contract/config.js';
import type { HostMethodName, MethodInput, MethodOutput } from '../contract/host-api.js';
import { startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { SEED_ITEMS } from '../platform/catalog/seed-items.js';
import { CHROMIUM_ARGS } from '../playwright.config.js';
import type { RunningHall } from '../test/helpers/start-hall.js';

/** For test.use: a 1080×1920 touch kiosk whose document camera is Chromium's fake one (permission answered yes). */
export const FAKE_CAMERA_KIOSK = {
  viewport: { width: 1080, height: 1920 },
  hasTouch: true,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [...CHROMIUM_ARGS, '--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream'],
  },
};

const DEVICE_KINDS = { idcard: 'idcard-reader', scanner: 'scanner', printer: 'printer' } as const;
/** Simulated devices, each named after its kind (idcard, scanner, printer). */
export const simulatedDevices = (...ids: Array<keyof typeof DEVICE_KINDS>): TerminalConfigInput['devices'] =>
  ids.map((id) => ({ id, kind: DEVICE_KINDS[id], transport: { type: 'simulated' } }));

/** The reference platform in its own process, publishing the seed catalog as an administrator would. */
export async function startPlatformWithCatalog(dataDir: string): Promise<PlatformProcess> {
  const platform = await startPlatformProcess(dataDir);
  await platform.seed(
    'catalog',
    SEED_ITEMS.map((item) => ({ key: item.code, value: item })),
  );
  return platform;
}

/** A terminal of one hall on the test platform, syncing every second (start it with `startHall(config, platform)` to enrol it). */
export function terminalConfig(
  platformUrl: string,
  hallId: string,
  terminalId: string,
  role: TerminalRole,
  devices: TerminalConfigInput['devices'],
  extra: Partial<TerminalConfigInput> = {},
): TerminalConfigInput {
  return {
    hallId,
    terminalId,
    role,
    platformUrl,
    languages: ['zh-CN', 'en'],
    defaultLanguage: 'zh-CN',
    devices,
    sync: { pollIntervalMs: 1000, backoffMaxMs: 2000 },
    ...extra,
  };
}

export async function api<M extends HostMethodName>(hall: RunningHall, method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  const response = await fetch(new URL(`api/v1/call/${method}`, hall.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${hall.token}` },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: true; value: MethodOutput<M> } | { ok: false; error: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error.message}`);
  return result.value;
}

/** A zigzag with the mouse across the signature pad. */
export async function sign(page: Page) {
  const pad = page.getByTestId('signature-pad');
  await pad.scrollIntoViewIfNeeded();
  const box = (await pad.boundingBox())!;
  await page.mouse.move(box.x + box.width * 0.2, box.y + box.height * 0.6);
  await page.mouse.down();
  for (const [x, y] of [
    [0.3, 0.3],
    [0.4, 0.7],
    [0.5, 0.3],
    [0.6, 0.7],
    [0.7, 0.4],
  ] as const)
    await page.mouse.move(box.x + box.width * x, box.y + box.height * y, { steps: 5 });
  await page.mouse.up();
  await expect(pad).toHaveAttribute('data-inked', 'true');
}
