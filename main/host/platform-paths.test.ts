// Every platform call from the terminal is built from the route table by the one client: no product
// file of the host or the sync engine spells a platform path (a path typed by hand drifts from the table).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { platformApi } from '../../contract/platform-api/routes.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

function productFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'test' || entry.name === 'testing' ? [] : productFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** The first segment of every declared path (`/v1`, `/hall`, …): a string starting with one is a platform path. */
const prefixes = [...new Set(Object.values(platformApi).map((route) => `/${route.path.split('/')[1]}/`))];

describe('the one platform client', () => {
  it('knows the declared prefixes', () => {
    expect(prefixes).toContain('/v1/');
  });

  it('is the only way the host and the sync engine reach the platform: no file spells a platform path', () => {
    const spelled = [join(root, 'main/host'), join(root, 'offline-store/sync')].flatMap(productFiles).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, index) => ({ line, at: `${relative(root, file)}:${index + 1}` }))
        .filter(({ line }) => prefixes.some((prefix) => [`'${prefix}`, `"${prefix}`, `\`${prefix}`].some((quoted) => line.includes(quoted))))
        .map(({ at }) => at),
    );
    expect(spelled).toEqual([]);
  });
});
