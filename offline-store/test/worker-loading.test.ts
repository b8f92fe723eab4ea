import { execFileSync } from 'node:child_process';
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../migrations.js';
import { tempDir } from './temp.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const expected = { schemaVersion: MIGRATIONS.at(-1)?.version, personal: { name: 'smoke' } };

describe('store worker loading', () => {
  it('starts the worker from TypeScript sources in a `node --import tsx` process', () => {
    const { dir, cleanup } = tempDir('worker-tsx');
    try {
      const out = execFileSync(process.execPath, ['--import', 'tsx', join(repo, 'offline-store/test/open-smoke.ts'), dir], { encoding: 'utf8' });
      expect(JSON.parse(out)).toEqual(expected);
    } finally {
      cleanup();
    }
  });

  it('starts the worker from compiled JavaScript without tsx', () => {
    const { dir, cleanup } = tempDir('worker-js');
    try {
      const out = join(dir, 'out');
      execFileSync(
        process.execPath,
        [
          join(repo, 'node_modules/typescript/bin/tsc'),
          '--ignoreConfig',
          '--outDir',
          out,
          '--rootDir',
          repo,
          '--module',
          'nodenext',
          '--moduleResolution',
          'nodenext',
          '--target',
          'es2023',
          '--lib',
          'es2023',
          '--skipLibCheck',
          '--types',
          'node',
          '--strict',
          // Only the entry point: the build must find the worker module by itself.
          join(repo, 'offline-store/test/open-smoke.ts'),
        ],
        { cwd: repo, encoding: 'utf8' },
      );
      symlinkSync(join(repo, 'node_modules'), join(out, 'node_modules'));
      const result = execFileSync(process.execPath, [join(out, 'offline-store/test/open-smoke.js'), join(dir, 'data')], { encoding: 'utf8' });
      expect(JSON.parse(result)).toEqual(expected);
    } finally {
      cleanup();
    }
  }, 90_000);
});
