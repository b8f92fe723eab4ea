import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// Lints source text as if it lived at a path, with the project's real config.
const eslint = new ESLint({ cwd: process.cwd() });
async function clockErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'clock/no-system-time').map((m) => m.message);
}

describe('clock lint rule', () => {
  it('fails a product file that calls Date.now()', async () => {
    expect(await clockErrors('platform/queue/x.ts', 'export const at = Date.now();\n')).toEqual([expect.stringContaining('injected Clock')]);
  });

  it('fails argument-less new Date(), Date() and Date.now passed as a function, in every product layer', async () => {
    for (const file of [
      'contract/x.ts',
      'renderer/src/x.tsx',
      'drivers/x.ts',
      'offline-store/x.ts',
      'platform/x.ts',
      'main/host/x.ts',
      'main/electron/x.ts',
      'cli/x.ts',
    ]) {
      expect(await clockErrors(file, 'export const a = new Date();\nexport const b = Date();\nexport const c = [1].map(Date.now);\n'), file).toHaveLength(3);
    }
  });

  it('allows dates built from a value, the clock module itself, and monotonic intervals', async () => {
    expect(
      await clockErrors(
        'platform/x.ts',
        "export const a = new Date(0);\nexport const b = new Date('2026-01-01');\nexport const c = Date.parse('2026-01-01');\nexport const d = performance.now();\n",
      ),
    ).toEqual([]);
    expect(await clockErrors('contract/clock.ts', 'export const now = () => Date.now();\n')).toEqual([]);
  });

  it('exempts tests, test helpers, benches and scripts', async () => {
    for (const file of [
      'platform/x.test.ts',
      'offline-store/test/helper.ts',
      'drivers/testing/pty.ts',
      'drivers/printer/test-helpers.ts',
      'bench/x.bench.ts',
      'scripts/x.ts',
      'e2e/x.spec.ts',
    ]) {
      expect(await clockErrors(file, 'export const at = Date.now();\n'), file).toEqual([]);
    }
  });
});
