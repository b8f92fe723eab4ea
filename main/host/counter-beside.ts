// A counter beside the default kiosk: `npm start` runs a kiosk with the platform embedded; a second
// `npm start -- --counter` opens the hall's counter 1 on the same machine, talking to that platform
// (远程帮办's 帮办席, the help requests, 一窗受理 of what the kiosk sent). The kiosk's host is the
// embedded platform's only administrator, so it prepares the counter: a terminal record with a
// one-time enrolment code (until the counter has enrolled), the demo clerk, and a file only this
// user can read that tells the counter where the platform listens now.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_CONFIG, type TerminalConfig, type TerminalConfigInput } from '../../contract/config.js';
import type { EmbeddedPlatform } from './embedded-platform.js';
import { seedDemoClerk } from './features/queue/demo-clerk.js';
import type { Logger } from './logging.js';

/** In the kiosk's data folder: the embedded platform's address and, until spent, the counter's enrolment code. */
export const COUNTER_BESIDE_FILE = 'counter-beside.json';
/** The demo clerk's 工号 and PIN, in the kiosk's data folder. */
export const COUNTER_BESIDE_CLERK_FILE = 'counter-demo-clerk.json';
export const COUNTER_BESIDE = { terminalId: 'counter-01', counterId: 'counter-1' } as const;

interface CounterBeside {
  platformUrl: string;
  hallId: string;
  hallName?: TerminalConfig['hallName'];
  enrolmentCode?: string;
}

/** Run by the kiosk's host once its embedded platform is up (a kiosk on the built-in defaults or any embedded kiosk). */
export async function prepareCounterBeside(input: {
  platform: EmbeddedPlatform;
  adminToken: string;
  config: TerminalConfig;
  dataDir: string;
  log: Logger;
}): Promise<void> {
  const { platform, config, dataDir } = input;
  const file = join(dataDir, COUNTER_BESIDE_FILE);
  const record = await platform.terminal(COUNTER_BESIDE.terminalId);
  const earlier = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as CounterBeside) : undefined;
  // A code only while the counter has not enrolled: a new one would end the credential it holds.
  const enrolmentCode =
    record?.status === 'active'
      ? undefined
      : record
        ? (earlier?.enrolmentCode ?? (await platform.enrolmentCode(COUNTER_BESIDE.terminalId)))
        : await platform.addTerminal({ terminalId: COUNTER_BESIDE.terminalId, role: 'counter', hallId: config.hallId, counterId: COUNTER_BESIDE.counterId });
  const clerkFile = join(dataDir, COUNTER_BESIDE_CLERK_FILE);
  if (!existsSync(clerkFile))
    await seedDemoClerk({ platformUrl: platform.url, adminToken: input.adminToken, hallId: config.hallId, file: clerkFile, log: input.log });
  const beside: CounterBeside = {
    platformUrl: platform.url,
    hallId: config.hallId,
    ...(config.hallName ? { hallName: config.hallName } : {}),
    ...(enrolmentCode ? { enrolmentCode } : {}),
  };
  writeFileSync(file, `${JSON.stringify(beside, null, 2)}\n`, { mode: 0o600 });
}

/** The counter's configuration from the kiosk's file; a clear error when the kiosk has not prepared one. */
export function counterBesideConfig(kioskDataDir: string): TerminalConfigInput {
  const file = join(kioskDataDir, COUNTER_BESIDE_FILE);
  if (!existsSync(file))
    throw new Error(`no kiosk to sit beside: ${file} is missing. Start the default hall first (npm start), then npm start -- --counter in a second terminal`);
  const beside = JSON.parse(readFileSync(file, 'utf8')) as CounterBeside;
  return {
    hallId: beside.hallId,
    ...(beside.hallName ? { hallName: beside.hallName } : {}),
    terminalId: COUNTER_BESIDE.terminalId,
    role: 'counter',
    platformUrl: beside.platformUrl,
    languages: DEFAULT_CONFIG.languages,
    defaultLanguage: DEFAULT_CONFIG.defaultLanguage,
    devices: [
      { id: 'scanner', kind: 'scanner', transport: { type: 'simulated' } },
      { id: 'printer', kind: 'printer', transport: { type: 'simulated' } },
    ],
    queue: { counterId: COUNTER_BESIDE.counterId },
    // The kiosk's host serves the phone pages; the counter has none to serve.
    phonePages: { address: 'off' },
    ...(beside.enrolmentCode ? { sync: { enrolmentCode: beside.enrolmentCode } } : {}),
  };
}
