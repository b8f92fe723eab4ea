// Per-test databases on the run's PostgreSQL cluster (test/postgres/global-setup.ts): each is a copy
// of the migrated template, so a test starts from an empty, current schema in a fraction of a second.
import { randomBytes } from 'node:crypto';
import { describe, inject } from 'vitest';
import { openPlatformDatabase } from '../../platform/db/open.js';

const TEMPLATE_DATABASE = 'hall_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cluster's URL with `{db}` where the database name goes; '' when no server could be started. */
    hallPostgresUrl: string;
    hallPostgresMissing: string;
  }
}

/** True when the run has a PostgreSQL server (the global setup fails the run under CI otherwise). */
export const hasPostgres = (): boolean => inject('hallPostgresUrl') !== '';

/** `describe` for suites that need the server: skipped, with the reason printed, where none is installed (never under CI). */
export const describeOnPostgres = (name: string, body: () => void) =>
  hasPostgres() ? describe(name, body) : describe.skip(`${name} (${inject('hallPostgresMissing')})`, body);

/** The URL of a new database with the platform's schema and nothing else. */
export async function freshDatabaseUrl(): Promise<string> {
  const pattern = inject('hallPostgresUrl');
  if (!pattern) throw new Error(inject('hallPostgresMissing'));
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = await openPlatformDatabase(pattern.replace('{db}', 'postgres'), { migrate: false, poolSize: 1 });
  try {
    await admin.exec(`CREATE DATABASE ${name} TEMPLATE ${TEMPLATE_DATABASE}`);
  } finally {
    await admin.close();
  }
  return pattern.replace('{db}', name);
}
