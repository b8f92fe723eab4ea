// hallctl platform migrate, backup and restore against a PostgreSQL server.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { openPlatformDatabase } from '../../platform/db/open.js';
import { PLATFORM_MIGRATIONS } from '../../platform/migrations.js';
import { EXIT, type CliIo } from '../cli-command.js';
import { platformCommands } from './platform.js';

const command = (name: string) => platformCommands.find((c) => c.path.join(' ') === `platform ${name}`)!;
const io = (lines: unknown[]): CliIo => ({ json: (value) => lines.push(value), note: () => undefined, interrupted: new Promise(() => undefined) });

describeOnPostgres('hallctl platform migrate, backup and restore', () => {
  it('migrates idempotently, writes a private backup, and restores the database to it', async () => {
    const url = await freshDatabaseUrl();
    const lines: unknown[] = [];
    expect(await command('migrate').run({ 'database-url': url }, io(lines), [])).toBe(EXIT.ok);
    expect(lines.at(-1)).toEqual({ event: 'migrated', schemaVersion: PLATFORM_MIGRATIONS.at(-1)!.version });
    const db = await openPlatformDatabase(url);
    await db.run("INSERT INTO counters (name, value) VALUES ('kept', 1)");
    const dir = mkdtempSync(join(tmpdir(), 'hall-backup-'));
    const file = join(dir, 'platform.dump');
    expect(await command('backup').run({ 'database-url': url, file }, io(lines), [])).toBe(EXIT.ok);
    expect(statSync(file).mode & 0o077).toBe(0);
    await db.run("UPDATE counters SET value = 99 WHERE name = 'kept'");
    await db.run("INSERT INTO counters (name, value) VALUES ('after', 1)");
    await db.close();
    expect(await command('restore').run({ 'database-url': url, file }, io(lines), [])).toBe(EXIT.ok);
    const restored = await openPlatformDatabase(url);
    expect(await restored.query('SELECT name, value FROM counters ORDER BY name')).toEqual([{ name: 'kept', value: 1 }]);
    await restored.close();
    rmSync(dir, { recursive: true, force: true });
    await expect(command('backup').run({ 'database-url': 'pglite:memory', file }, io(lines), [])).rejects.toThrow(/postgres:\/\//);
  });
});
