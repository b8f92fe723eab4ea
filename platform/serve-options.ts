// The options of the reference platform's process: `hallctl platform serve` and platform/serve.ts (the
// process the embedded hall and the tests start) read them here, one list and one reading, so the two
// entries cannot drift apart. Secrets and shared paths may come from the environment instead.
import { resolve } from 'node:path';
import type { ParseArgsConfig } from 'node:util';
import { DEFAULT_WITHDRAW_WINDOW_MINUTES } from '../contract/case.js';
import { DEFAULT_RETENTION } from './retention.js';
import { HttpHaochapingGateway } from './queue/haochaping.js';
import { queueOptionsFromEnvironment, type PlatformOptions } from './server.js';

export const SERVE_OPTIONS = {
  port: { type: 'string' },
  data: { type: 'string' },
  host: { type: 'string' },
  'admin-token': { type: 'string' },
  'seed-catalog': { type: 'boolean' },
  'database-url': { type: 'string' },
  'trust-proxy': { type: 'string' },
  'withdraw-window': { type: 'string' },
  'sealing-key-file': { type: 'string' },
  'blob-dir': { type: 'string' },
  'code-keys-dir': { type: 'string' },
  'haochaping-url': { type: 'string' },
  'help-request-days': { type: 'string' },
  'open-help-request-days': { type: 'string' },
  'phone-photo-minutes': { type: 'string' },
} as const satisfies NonNullable<ParseArgsConfig['options']>;

export const SERVE_USAGE =
  '--port N --data DIR [--database-url postgres://…] [--host ADDR] [--admin-token T] [--seed-catalog] [--trust-proxy ADDR,CIDR…] ' +
  '[--withdraw-window MINUTES] [--sealing-key-file F] [--blob-dir D] [--code-keys-dir D] [--haochaping-url URL] ' +
  '[--help-request-days N] [--open-help-request-days N] [--phone-photo-minutes N]';

/** An option (or its variable) that cannot be used; the message names it and says what it takes. */
export class ServeOptionError extends Error {}

export type ServeSettings = Omit<PlatformOptions, 'version'> & { host: string; port: number };

/**
 * Reads parsed options, falling back to the environment: HALL_ADMIN_TOKEN, HALL_DATABASE_URL, HALL_SEALING_KEY_FILE, HALL_BLOB_DIR, HALL_CODE_KEYS_DIR,
 * HALL_HAOCHAPING_URL with HALL_HAOCHAPING_TOKEN, and the hall queue's HALL_NOTIFY and
 * HALL_LIVE_TICKET_PER_MINUTE. Nothing is defaulted that the platform itself defaults.
 */
export function readServeOptions(values: Record<string, unknown>, env: NodeJS.ProcessEnv): ServeSettings {
  const text = (option: keyof typeof SERVE_OPTIONS, variable?: string): string | undefined => {
    const value = typeof values[option] === 'string' ? (values[option] as string) : variable ? env[variable] : undefined;
    return value || undefined;
  };
  const path = (option: keyof typeof SERVE_OPTIONS, variable?: string) => {
    const value = text(option, variable);
    return value ? resolve(value) : undefined;
  };
  const dataDir = path('data');
  const adminToken = text('admin-token', 'HALL_ADMIN_TOKEN');
  const databaseUrl = databaseUrlFrom(values, env);
  const trustProxy = text('trust-proxy');
  // What instances sharing a database must share outside it (docs/deploy-platform.md).
  const sealingKeyFile = path('sealing-key-file', 'HALL_SEALING_KEY_FILE');
  const blobDir = path('blob-dir', 'HALL_BLOB_DIR');
  const codeKeysDir = path('code-keys-dir', 'HALL_CODE_KEYS_DIR');
  // The provincial 好差评 system; without one, ratings and follow-ups wait in the outbox.
  const haochapingUrl = text('haochaping-url', 'HALL_HAOCHAPING_URL');
  const haochapingToken = env.HALL_HAOCHAPING_TOKEN;
  let queueOptions: ReturnType<typeof queueOptionsFromEnvironment>;
  try {
    queueOptions = queueOptionsFromEnvironment(env);
  } catch (error) {
    throw new ServeOptionError(error instanceof Error ? error.message : String(error));
  }
  return {
    port: wholeNumber(values, 'port', 0, 0, 65_535),
    host: text('host') ?? '127.0.0.1',
    // The seed 事项清单 (platform/catalog), published where the platform holds an older or no copy.
    seedCatalog: values['seed-catalog'] === true,
    // How long after submitting an applicant may withdraw a case no clerk has accepted yet.
    withdrawWindowMinutes: wholeNumber(values, 'withdraw-window', DEFAULT_WITHDRAW_WINDOW_MINUTES, 0, 24 * 60),
    // How long what citizens left is kept: help requests (answered, unanswered) and phone photos no terminal took.
    retention: {
      helpRequestDays: wholeNumber(values, 'help-request-days', DEFAULT_RETENTION.helpRequestDays, 1, 3650),
      openHelpRequestDays: wholeNumber(values, 'open-help-request-days', DEFAULT_RETENTION.openHelpRequestDays, 1, 3650),
      phonePhotoMinutes: wholeNumber(values, 'phone-photo-minutes', DEFAULT_RETENTION.phonePhotoMinutes, 5, 7 * 24 * 60),
    },
    ...(dataDir ? { dataDir } : {}),
    ...(adminToken ? { adminToken } : {}),
    ...(databaseUrl ? { databaseUrl } : {}),
    // The county's reverse proxies: their X-Forwarded-For names the phone behind a public page request.
    ...(trustProxy ? { trustProxy: proxyList(trustProxy) } : {}),
    ...(sealingKeyFile ? { sealingKeyFile } : {}),
    ...(blobDir ? { blobDir } : {}),
    ...(codeKeysDir ? { codeKeysDir } : {}),
    ...(haochapingUrl ? { haochaping: new HttpHaochapingGateway({ baseUrl: haochapingUrl, ...(haochapingToken ? { token: haochapingToken } : {}) }) } : {}),
    // The hall queue's SMS / WeChat gateways and live ticket budget.
    ...queueOptions,
  };
}

/** The database URL from --database-url or HALL_DATABASE_URL (a URL may carry a password: prefer the variable). */
export function databaseUrlFrom(values: Record<string, unknown>, env: NodeJS.ProcessEnv): string | undefined {
  const url = typeof values['database-url'] === 'string' ? values['database-url'] : env.HALL_DATABASE_URL;
  return url || undefined;
}

function wholeNumber(values: Record<string, unknown>, option: string, fallback: number, min: number, max: number): number {
  const value = values[option];
  if (value === undefined) return fallback;
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw new ServeOptionError(`--${option} must be a whole number from ${min} to ${max}`);
  return n;
}

/** `--trust-proxy 10.0.0.5,10.1.0.0/16`: addresses or CIDRs, each checked, none empty. */
function proxyList(text: string): string[] {
  const entries = text.split(',').map((entry) => entry.trim());
  const bad = entries.find((entry) => !/^[0-9a-f.:]+(\/\d{1,3})?$/i.test(entry));
  if (bad !== undefined) throw new ServeOptionError(`--trust-proxy takes proxy addresses or CIDRs separated by commas; "${bad}" is not one`);
  return entries;
}
