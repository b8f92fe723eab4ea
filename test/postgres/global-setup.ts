// vitest globalSetup: one throw-away PostgreSQL cluster for the whole run, with a migrated template
// database each test file copies (CREATE DATABASE … TEMPLATE takes a fraction of a second).
// Without the server binaries the platform suites fail with a clear message under CI, and are
// skipped with the same message printed elsewhere.
import type { TestProject } from 'vitest/node';
import { openPlatformDatabase } from '../../platform/db/open.js';
import { MISSING_SERVER_MESSAGE, postgresAvailable, startCluster } from './cluster.js';
import './databases.js';

export const TEMPLATE_DATABASE = 'hall_template';

export default async function setup(project: TestProject): Promise<() => void> {
  if (!postgresAvailable()) {
    if (process.env.CI) throw new Error(MISSING_SERVER_MESSAGE);
    process.stderr.write(`\n${MISSING_SERVER_MESSAGE}\nThe PostgreSQL suites are skipped.\n\n`);
    project.provide('hallPostgresUrl', '');
    project.provide('hallPostgresMissing', MISSING_SERVER_MESSAGE);
    return () => undefined;
  }
  const cluster = await startCluster();
  const admin = await openPlatformDatabase(cluster.url(), { migrate: false });
  await admin.exec(`CREATE DATABASE ${TEMPLATE_DATABASE}`);
  await admin.close();
  const template = await openPlatformDatabase(cluster.url(TEMPLATE_DATABASE));
  await template.close();
  project.provide('hallPostgresUrl', cluster.url('{db}'));
  project.provide('hallPostgresMissing', '');
  return () => cluster.stop();
}
