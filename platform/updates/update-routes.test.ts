import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { startPlatform, type RunningPlatform } from '../server.js';
import { parseRange } from './byte-ranges.js';

describe('update files with HTTP Range', () => {
  let platform: RunningPlatform;
  const dataDir = mkdtempSync(join(tmpdir(), 'updates-'));
  const body = Buffer.from(Array.from({ length: 1000 }, (_, i) => i % 251));
  beforeAll(async () => {
    platform = await startPlatform({ version: 't', dataDir, databaseUrl: await freshDatabaseUrl() });
    writeFileSync(join(dataDir, 'updates', 'hall-terminal-1.2.0.AppImage'), body);
  });
  afterAll(async () => platform?.close());
  const get = (name: string, range?: string) => fetch(new URL(`/updates/${name}`, platform.url), { headers: range ? { range } : {} });

  it('serves the whole file, and one range as 206', async () => {
    const whole = await get('hall-terminal-1.2.0.AppImage');
    expect(whole.status).toBe(200);
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(body)).toBe(true);
    const part = await get('hall-terminal-1.2.0.AppImage', 'bytes=100-199');
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/1000');
    expect(Buffer.from(await part.arrayBuffer()).equals(body.subarray(100, 200))).toBe(true);
  });

  it('answers several ranges as multipart/byteranges, as differential downloads ask', async () => {
    const response = await get('hall-terminal-1.2.0.AppImage', 'bytes=0-9, 500-509');
    expect(response.status).toBe(206);
    const type = response.headers.get('content-type') ?? '';
    expect(type).toMatch(/^multipart\/byteranges; boundary=/);
    const text = Buffer.from(await response.arrayBuffer());
    expect(Number(response.headers.get('content-length'))).toBe(text.length);
    const boundary = type.split('boundary=')[1]!;
    const parts = text
      .toString('latin1')
      .split(`--${boundary}`)
      .filter((p) => p.includes('Content-Range'));
    expect(parts.map((p) => /Content-Range: (.*)\r\n/.exec(p)![1])).toEqual(['bytes 0-9/1000', 'bytes 500-509/1000']);
    expect(Buffer.from(parts[1]!.split('\r\n\r\n')[1]!.slice(0, 10), 'latin1').equals(body.subarray(500, 510))).toBe(true);
  });

  it('refuses unsatisfiable ranges and anything outside the updates folder', async () => {
    expect((await get('hall-terminal-1.2.0.AppImage', 'bytes=5000-6000')).status).toBe(416);
    expect((await get('..%2Fplatform.db')).status).toBe(404);
    expect((await get('missing.yml')).status).toBe(404);
  });

  it('parses suffix and open-ended ranges', () => {
    expect(parseRange('bytes=-100', 1000)).toEqual([{ start: 900, end: 999 }]);
    expect(parseRange('bytes=990-', 1000)).toEqual([{ start: 990, end: 999 }]);
    expect(parseRange('items=1-2', 1000)).toBeUndefined();
  });
});
