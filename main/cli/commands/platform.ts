// hallctl commands for the reference online platform (for halls testing without the real one).
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { CATALOG_DATASET, CatalogItem } from '../../../contract/catalog.js';
import { syncPaths } from '../../../contract/sync-protocol.js';
import { SEED_ITEMS } from '../../../platform/catalog/seed-items.js';
import { startPlatform } from '../../../platform/server.js';
import { EXIT, optionalInt, requireString, UsageError, type CliCommand } from '../cli-command.js';
import { adminCall } from './proxy-agents.js';

const serveCommand: CliCommand = {
  path: ['platform', 'serve'],
  summary: 'Run the reference sync platform until interrupted (enrolment secret from --enrolment-secret or HALL_ENROLMENT_SECRET).',
  usage: '--port N --data DIR [--host ADDR] [--enrolment-secret S] [--seed-catalog]',
  options: { port: { type: 'string' }, data: { type: 'string' }, host: { type: 'string' }, 'enrolment-secret': { type: 'string' }, 'seed-catalog': { type: 'boolean' } },
  async run(values, io) {
    const port = optionalInt(values, 'port', 0, 0, 65535);
    const dataDir = resolve(requireString(values, 'data'));
    const given = typeof values['enrolment-secret'] === 'string' ? values['enrolment-secret'] : process.env.HALL_ENROLMENT_SECRET;
    const enrolmentSecret = given || randomBytes(24).toString('base64url');
    const platform = await startPlatform({
      version: process.env.npm_package_version ?? 'dev',
      port,
      host: typeof values.host === 'string' ? values.host : '127.0.0.1',
      dataDir,
      enrolmentSecret,
      // The seed 事项清单 (platform/catalog), published where the platform holds an older or no copy.
      seedCatalog: values['seed-catalog'] === true,
    });
    // A generated secret goes to the operator's terminal (stderr), never into the JSON output.
    if (!given) io.note(`platform: generated enrolment secret ${enrolmentSecret}`);
    io.json({ event: 'listening', url: platform.url, dataDir });
    await io.interrupted;
    await platform.close();
    io.json({ event: 'stopped' });
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
  usage: '[FILE] --url URL [--secret S]',
  options: { url: { type: 'string' }, secret: { type: 'string' } },
  maxPositionals: 1,
  async run(values, io, positionals) {
    const [file] = positionals ?? [];
    const items = file ? readCatalogFile(resolve(file)) : [...SEED_ITEMS];
    const result = await adminCall(values, syncPaths.seed(CATALOG_DATASET), { items: items.map((item) => ({ key: item.code, value: item })) }, io);
    if (result.body) io.json({ event: 'published', dataset: CATALOG_DATASET, items: items.length, source: file ?? 'seed', version: result.body.version });
    return result.code;
  },
};

export const platformCommands: CliCommand[] = [serveCommand, catalogPublishCommand];
