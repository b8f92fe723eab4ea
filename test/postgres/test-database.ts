// A new, empty PostgreSQL database for a test platform, wherever the test runs: inside vitest, a copy
// of the run's migrated template (test/postgres/global-setup.ts); elsewhere (Playwright, benches), a
// throw-away cluster this process starts once and stops when it exits (the platform migrates it).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startCluster, type Cluster } from './cluster.js';

let ownCluster: Promise<Cluster> | null = null;

function clusterOfThisProcess(): Promise<Cluster> {
  ownCluster ??= startCluster().then((cluster) => {
    // Immediate stop on exit: the folder is temporary and nothing in it matters afterwards.
    process.once('exit', () => {
      try {
        cluster.stopFast();
      } catch {
        // Already gone.
      }
      spawnSync('rm', ['-rf', cluster.dir]);
    });
    return cluster;
  });
  return ownCluster;
}

export async function testDatabaseUrl(): Promise<string> {
  if (process.env.VITEST) {
    const { freshDatabaseUrl } = await import('./databases.js');
    return freshDatabaseUrl();
  }
  const cluster = await clusterOfThisProcess();
  const name = `t_${randomBytes(6).toString('hex')}`;
  const client = new pg.Client({ connectionString: cluster.url() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  return cluster.url(name);
}
