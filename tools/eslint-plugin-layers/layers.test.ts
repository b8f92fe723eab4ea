import { readFileSync } from 'node:fs';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- plain JS module of the lint plugin, no type declarations
import { loopThrough } from './import-cycles.js';

// Lints source text as if it lived at a path, with the project's real config.
const eslint = new ESLint({ cwd: process.cwd() });
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/enforce').map((m) => m.message);
}

describe('layering lint rule', () => {
  it("rejects a renderer test file that imports 'electron'", async () => {
    const errors = await layerErrors('renderer/src/app/window.test.ts', "import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n");
    expect(errors).toEqual([expect.stringContaining("Layer 'renderer' may not import 'electron'")]);
  });

  it('keeps Node and Node-only packages out of the renderer', async () => {
    expect(await layerErrors('renderer/src/a.ts', "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n")).toHaveLength(1);
    expect(await layerErrors('renderer/src/a.ts', "import Database from 'better-sqlite3';\nexport const x = Database;\n")).toHaveLength(1);
    expect(await layerErrors('renderer/src/a.ts', "import { Host } from '../../main/host/host.js';\nexport const x = Host;\n")).toHaveLength(1);
  });

  it('keeps contract/ pure: zod and itself only', async () => {
    expect(await layerErrors('contract/a.ts', "import { z } from 'zod';\nimport { b } from './b.js';\nexport const x = [z, b];\n")).toEqual([]);
    expect(await layerErrors('contract/a.ts', "import { EventEmitter } from 'node:events';\nexport const x = EventEmitter;\n")).toHaveLength(1);
    expect(await layerErrors('contract/a.ts', "import React from 'react';\nexport const x = React;\n")).toHaveLength(1);
  });

  it('keeps electron out of drivers, offline-store, platform and the shared host, and allows it in main/electron', async () => {
    for (const file of ['drivers/x.ts', 'offline-store/x.ts', 'platform/x.ts', 'main/host/x.ts', 'main/headless/x.ts']) {
      expect(await layerErrors(file, "import { app } from 'electron';\nexport const x = app;\n"), file).toHaveLength(1);
    }
    expect(await layerErrors('main/electron/x.ts', "import { app } from 'electron';\nexport const x = app;\n")).toEqual([]);
  });

  it('lets a test use test fakes and helpers, but still not what its layer forbids', async () => {
    expect(await layerErrors('main/electron/x.test.ts', "import { fake } from '../../test/fakes/electron.js';\nexport const y = fake;\n")).toEqual([]);
    expect(await layerErrors('main/electron/x.ts', "import { fake } from '../../test/fakes/electron.js';\nexport const y = fake;\n")).toHaveLength(1);
    expect(await layerErrors('renderer/src/x.test.ts', "import { readFileSync } from 'node:fs';\nexport const y = readFileSync;\n")).toHaveLength(1);
  });

  it('catches dynamic imports and require too', async () => {
    expect(await layerErrors('renderer/src/a.ts', "export const x = import('electron');\n")).toHaveLength(1);
    expect(await layerErrors('drivers/a.ts', "export const x = require('electron');\n")).toHaveLength(1);
  });

  it('keeps peer Node layers from reaching into each other or the renderer', async () => {
    expect(await layerErrors('drivers/a.ts', "import { x } from '../offline-store/b.js';\nexport const y = x;\n")).toHaveLength(1);
    expect(await layerErrors('platform/a.ts', "import { x } from '../renderer/src/b.js';\nexport const y = x;\n")).toHaveLength(1);
  });
});

describe('the terminal and the platform', () => {
  it('keeps platform code out of the host and the shells; hallctl and tests may start one', async () => {
    for (const file of ['main/host/x.ts', 'main/headless/x.ts', 'main/electron/x.ts']) {
      expect(await layerErrors(file, "import { startPlatform } from '../../platform/server.js';\nexport const x = startPlatform;\n"), file).toHaveLength(1);
    }
    expect(await layerErrors('cli/commands/x.ts', "import { startPlatform } from '../../platform/server.js';\nexport const x = startPlatform;\n")).toEqual([]);
    expect(await layerErrors('main/host/x.test.ts', "import { startPlatform } from '../../platform/server.js';\nexport const x = startPlatform;\n")).toEqual(
      [],
    );
  });

  it('lets both sides share Node code through common/, which reaches neither', async () => {
    expect(await layerErrors('main/host/x.ts', "import { checkPin } from '../../common/pin-verifier.js';\nexport const x = checkPin;\n")).toEqual([]);
    expect(await layerErrors('platform/x.ts', "import { checkPin } from '../common/pin-verifier.js';\nexport const x = checkPin;\n")).toEqual([]);
    expect(await layerErrors('common/x.ts', "import { startPlatform } from '../platform/server.js';\nexport const x = startPlatform;\n")).toHaveLength(1);
    expect(await layerErrors('common/x.ts', "import { Host } from '../main/host/host.js';\nexport const x = Host;\n")).toHaveLength(1);
  });
});

describe('import loop lint rule', () => {
  async function loopErrors(filePath: string, code: string): Promise<string[]> {
    const [result] = await eslint.lintText(code, { filePath });
    return (result?.messages ?? []).filter((m) => m.ruleId === 'layers/no-import-cycle').map((m) => m.message);
  }

  it('fails a file whose new import leads back to it, type-only imports included, and names the loop', async () => {
    const code = "import type { ScreenProps } from './screen-registry.js';\nexport type Again = ScreenProps;\n";
    const errors = await loopErrors('renderer/src/app/screen-props.ts', code);
    expect(errors).toEqual([
      expect.stringContaining('renderer/src/app/screen-props.ts → renderer/src/app/screen-registry.ts → renderer/src/app/screen-props.ts'),
    ]);
  });

  it('passes the same file as it is in the tree', async () => {
    const code = readFileSync('renderer/src/app/screen-props.ts', 'utf8');
    expect(await loopErrors('renderer/src/app/screen-props.ts', code)).toEqual([]);
  });

  it('finds the shortest loop through a file in a graph', () => {
    const graph = new Map([
      ['a', ['b']],
      ['b', ['c', 'd']],
      ['c', ['a']],
      ['d', []],
    ]);
    expect(loopThrough('a', ['b'], graph)).toEqual(['a', 'b', 'c', 'a']);
    expect(loopThrough('a', ['d'], graph)).toBeUndefined();
    expect(loopThrough('a', ['a'], graph)).toEqual(['a', 'a']);
  });
});
