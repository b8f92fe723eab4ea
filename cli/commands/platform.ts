// hallctl commands for the reference online platform (for halls testing without the real one): run
// it, and manage its terminal records (an administrator binds each terminal's role, hall and counter
// or proxy point, and hands the technician a one-time enrolment code), and publish its service catalog.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { CATALOG_DATASET, CatalogItem } from '../../contract/catalog.js';
import { ensurePrivateDir, restrictUmask } from '../../offline-store/private-files.js';
import { ADMIN_SCOPES } from '../../contract/platform-api/access.js';
import { platformApi } from '../../contract/platform-api/routes.js';
import { SEED_ITEMS } from '../../platform/catalog/seed-items.js';
import { openPlatformDatabase } from '../../platform/db/open.js';
import { migratePlatform } from '../../platform/migrations.js';
import { startPlatform } from '../../platform/server.js';
import { databaseUrlFrom, readServeOptions, SERVE_OPTIONS, SERVE_USAGE, ServeOptionError } from '../../platform/serve-options.js';
import { ADMIN_OPTIONS, adminCall } from '../admin-client.js';
import { EXIT, optionalInt, requireString, UsageError, type CliCommand, type CliIo, type ExitCode } from '../cli-command.js';

const serveCommand: CliCommand = {
  path: ['platform', 'serve'],
  summary: "Run the reference sync platform until interrupted (the administrator's token from --admin-token or HALL_ADMIN_TOKEN; generated when absent).",
  usage: SERVE_USAGE,
  options: SERVE_OPTIONS,
  async run(values, io) {
    const dataDir = resolve(requireString(values, 'data'));
    const settings = usageErrors(() => readServeOptions(values, process.env));
    // The platform's database and blobs hold citizen data: its files are this user's alone.
    restrictUmask();
    ensurePrivateDir(dataDir);
    const adminToken = settings.adminToken ?? randomBytes(24).toString('base64url');
    const platform = await startPlatform({ ...settings, dataDir, adminToken, version: process.env.npm_package_version ?? 'dev' });
    // A generated token goes to the operator's terminal (stderr), never into the JSON output.
    if (!settings.adminToken) io.note(`platform: generated admin token ${adminToken}`);
    if (platform.phonePagesError) io.note(`platform: the phone pages are not served: ${platform.phonePagesError}`);
    io.json({ event: 'listening', url: platform.url, ...(platform.phoneUrl ? { phoneUrl: platform.phoneUrl } : {}), dataDir });
    await io.interrupted;
    await platform.close();
    io.json({ event: 'stopped' });
    return EXIT.ok;
  },
};

/** The platform's option errors as hallctl's usage errors (exit code and help line). */
function usageErrors<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof ServeOptionError) throw new UsageError(error.message);
    throw error;
  }
}

const migrateCommand: CliCommand = {
  path: ['platform', 'migrate'],
  summary: "Bring a platform database's schema up to date (safe while other instances run, and to repeat).",
  usage: '--database-url postgres://… | pglite:DIR',
  options: { 'database-url': { type: 'string' } },
  async run(values, io) {
    const url = databaseUrlFrom(values, process.env);
    if (!url) throw new UsageError('give --database-url (or HALL_DATABASE_URL)');
    const db = await openPlatformDatabase(url, { migrate: false });
    try {
      io.json({ event: 'migrated', schemaVersion: await migratePlatform(db) });
    } finally {
      await db.close();
    }
    return EXIT.ok;
  },
};

/** Runs a PostgreSQL client tool (pg_dump, pg_restore) and waits for it; the URL goes in the environment, not argv. */
function runPostgresTool(tool: string, args: string[], url: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const parsed = new URL(url);
    const env = {
      ...process.env,
      PGHOST: parsed.hostname,
      PGPORT: parsed.port || '5432',
      PGUSER: decodeURIComponent(parsed.username),
      PGDATABASE: parsed.pathname.slice(1),
    };
    if (parsed.password) Object.assign(env, { PGPASSWORD: decodeURIComponent(parsed.password) });
    const child = spawn(tool, args, { stdio: ['ignore', 'inherit', 'inherit'], env });
    child.once('error', (error) => reject(new UsageError(`${tool} could not run (${error.message}): install Debian's postgresql-client`)));
    child.once('exit', (code) => resolvePromise(code ?? 1));
  });
}

function serverUrlOf(values: Record<string, unknown>): string {
  const url = databaseUrlFrom(values, process.env);
  if (!url || !/^postgres(ql)?:\/\//.test(url))
    throw new UsageError('give --database-url postgres://… (or HALL_DATABASE_URL): backups are of a PostgreSQL server');
  return url;
}

const backupCommand: CliCommand = {
  path: ['platform', 'backup'],
  summary: "Write the platform database to a file (pg_dump's custom format); personal fields in it stay sealed. Back up the key and blob folder too.",
  usage: '--database-url postgres://… --file FILE',
  options: { 'database-url': { type: 'string' }, file: { type: 'string' } },
  async run(values, io) {
    const file = resolve(requireString(values, 'file'));
    restrictUmask();
    const code = await runPostgresTool('pg_dump', ['--format=custom', '--no-owner', '--file', file], serverUrlOf(values));
    if (code !== 0) return EXIT.unreachable;
    io.json({ event: 'backed-up', file });
    return EXIT.ok;
  },
};

const restoreCommand: CliCommand = {
  path: ['platform', 'restore'],
  summary: 'Replace the platform database with a backup (stop every instance first); then run `platform migrate`.',
  usage: '--database-url postgres://… --file FILE',
  options: { 'database-url': { type: 'string' }, file: { type: 'string' } },
  async run(values, io) {
    const file = resolve(requireString(values, 'file'));
    const code = await runPostgresTool(
      'pg_restore',
      ['--clean', '--if-exists', '--no-owner', '--single-transaction', '--dbname', serverUrlOf(values), file],
      serverUrlOf(values),
    );
    if (code !== 0) return EXIT.unreachable;
    io.json({ event: 'restored', file });
    return EXIT.ok;
  },
};

/** Reads a catalog file: a JSON array of items (or {"items": [...]}), each checked against the contract. */
export function readCatalogFile(file: string): CatalogItem[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`${file} is not a readable JSON file: ${(error as Error).message}`);
  }
  const items = Array.isArray(parsed) ? parsed : (parsed as { items?: unknown } | null)?.items;
  const checked = z.array(CatalogItem).min(1).safeParse(items);
  if (!checked.success) {
    const problems = checked.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(items)'}: ${issue.message}`);
    throw new UsageError(`${file} is not a catalog (an array of items, or {"items": [...]}):\n  ${problems.join('\n  ')}`);
  }
  const codes = new Set<string>();
  for (const item of checked.data) {
    if (codes.has(item.code)) throw new UsageError(`${file}: item code ${item.code} appears twice`);
    codes.add(item.code);
  }
  return checked.data;
}

const catalogPublishCommand: CliCommand = {
  path: ['platform', 'catalog', 'publish'],
  summary: 'Publish a service catalog (事项清单) to a running platform: FILE, or the seed catalog when none is named.',
  usage: '[FILE] --url URL [--admin-user U | --admin-token T]',
  options: { ...ADMIN_OPTIONS },
  maxPositionals: 1,
  async run(values, io, positionals) {
    const [file] = positionals ?? [];
    const items = file ? readCatalogFile(resolve(file)) : [...SEED_ITEMS];
    const result = await adminCall(
      values,
      platformApi.adminSeedDataset,
      { params: { dataset: CATALOG_DATASET }, body: { items: items.map((item) => ({ key: item.code, value: item })) } },
      io,
    );
    if (result.body) io.json({ event: 'published', dataset: CATALOG_DATASET, items: items.length, source: file ?? 'seed', version: result.body.version });
    return result.code;
  },
};

/** The record goes to stdout; the one-time code only to the operator's terminal, to type into terminal.json. */
function enrolmentIssued(io: CliIo, result: { code: ExitCode; body?: Record<string, unknown> }): ExitCode {
  if (!result.body) return result.code;
  io.json(result.body.terminal);
  io.note(
    `enrolment code for ${String((result.body.terminal as { terminalId: string }).terminalId)}: ${String(result.body.enrolmentCode)}  (single use, valid until ${String(result.body.expiresAt)}; put it in sync.enrolmentCode; the terminal removes it once enrolled)`,
  );
  return EXIT.ok;
}

const terminalCommands: CliCommand[] = [
  {
    path: ['platform', 'terminal', 'add'],
    summary: 'Create a terminal record (role, hall, counter or proxy point) and print its one-time enrolment code.',
    usage: '--url URL --terminal ID --role kiosk|counter|display|proxy-point --hall ID [--counter ID] [--point ID] [--valid-hours N] [--admin-token T]',
    options: {
      ...ADMIN_OPTIONS,
      terminal: { type: 'string' },
      role: { type: 'string' },
      hall: { type: 'string' },
      counter: { type: 'string' },
      point: { type: 'string' },
      'valid-hours': { type: 'string' },
    },
    async run(values, io) {
      const body = {
        terminalId: requireString(values, 'terminal'),
        role: requireString(values, 'role'),
        hallId: requireString(values, 'hall'),
        ...(typeof values.counter === 'string' ? { counterId: values.counter } : {}),
        ...(typeof values.point === 'string' ? { pointId: values.point } : {}),
        validHours: optionalInt(values, 'valid-hours', 8, 1, 72),
      };
      return enrolmentIssued(io, await adminCall(values, platformApi.adminTerminalAdd, { body }, io));
    },
  },
  {
    path: ['platform', 'terminal', 'reset'],
    summary: "Void a terminal's credential (lost disk, replaced machine) and print a new one-time enrolment code.",
    usage: '--url URL --terminal ID [--valid-hours N] [--admin-token T]',
    options: { ...ADMIN_OPTIONS, terminal: { type: 'string' }, 'valid-hours': { type: 'string' } },
    async run(values, io) {
      const params = { terminalId: requireString(values, 'terminal') };
      return enrolmentIssued(
        io,
        await adminCall(values, platformApi.adminTerminalReset, { params, body: { validHours: optionalInt(values, 'valid-hours', 8, 1, 72) } }, io),
      );
    },
  },
  {
    path: ['platform', 'terminal', 'revoke'],
    summary: 'Revoke a terminal for good: its credential stops working at once and it cannot enrol again.',
    usage: '--url URL --terminal ID [--admin-token T]',
    options: { ...ADMIN_OPTIONS, terminal: { type: 'string' } },
    async run(values, io) {
      const result = await adminCall(values, platformApi.adminTerminalRevoke, { params: { terminalId: requireString(values, 'terminal') } }, io);
      if (result.body) io.json(result.body);
      return result.code;
    },
  },
  {
    path: ['platform', 'terminal', 'list'],
    summary: 'List terminal records: role, hall, counter or point, and whether each is pending, active or revoked.',
    usage: '--url URL [--admin-token T]',
    options: { ...ADMIN_OPTIONS },
    async run(values, io) {
      const result = await adminCall(values, platformApi.adminTerminalList, {}, io);
      if (result.body) io.json(result.body);
      return result.code;
    },
  },
];

const adminCommands: CliCommand[] = [
  {
    path: ['platform', 'admin', 'add'],
    summary: 'Create a named administrator with scopes; the password comes from HALL_NEW_ADMIN_PASSWORD (at least 12 characters).',
    usage: `--url URL --name NAME --scopes ${ADMIN_SCOPES.join(',')} [--admin-user U | --admin-token T]`,
    options: { ...ADMIN_OPTIONS, name: { type: 'string' }, scopes: { type: 'string' } },
    async run(values, io) {
      const password = process.env.HALL_NEW_ADMIN_PASSWORD;
      if (!password) throw new UsageError("set HALL_NEW_ADMIN_PASSWORD to the new administrator's password");
      const scopes = requireString(values, 'scopes')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const result = await adminCall(values, platformApi.adminAccountAdd, { body: { name: requireString(values, 'name'), password, scopes } }, io);
      if (result.body) io.json(result.body);
      return result.code;
    },
  },
  {
    path: ['platform', 'admin', 'list'],
    summary: 'List administrators, their scopes, and whether each is disabled or locked.',
    usage: '--url URL [--admin-user U | --admin-token T]',
    options: { ...ADMIN_OPTIONS },
    async run(values, io) {
      const result = await adminCall(values, platformApi.adminAccountList, {}, io);
      if (result.body) io.json(result.body);
      return result.code;
    },
  },
  {
    path: ['platform', 'admin', 'disable'],
    summary: 'Disable an administrator: refused at once from the next request on.',
    usage: '--url URL --name NAME [--admin-user U | --admin-token T]',
    options: { ...ADMIN_OPTIONS, name: { type: 'string' } },
    async run(values, io) {
      const result = await adminCall(values, platformApi.adminAccountDisable, { params: { name: requireString(values, 'name') } }, io);
      if (result.body) io.json(result.body);
      return result.code;
    },
  },
  {
    path: ['platform', 'audit'],
    summary: 'Print the audit log of administrator actions (who, what, when, from where), oldest first.',
    usage: '--url URL [--since SEQ] [--limit N] [--admin-user U | --admin-token T]',
    options: { ...ADMIN_OPTIONS, since: { type: 'string' }, limit: { type: 'string' } },
    async run(values, io) {
      const query = { since: String(optionalInt(values, 'since', 0, 0, Number.MAX_SAFE_INTEGER)), limit: String(optionalInt(values, 'limit', 200, 1, 1000)) };
      const result = await adminCall(values, platformApi.adminAudit, { query }, io);
      if (result.body) io.json(result.body);
      return result.code;
    },
  },
];

export const platformCommands: CliCommand[] = [
  serveCommand,
  migrateCommand,
  backupCommand,
  restoreCommand,
  catalogPublishCommand,
  ...terminalCommands,
  ...adminCommands,
];
