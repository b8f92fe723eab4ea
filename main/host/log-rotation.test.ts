import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logging.js';

describe('log rotation', () => {
  it('rotates the host log by size, keeps a bounded number of files, and loses no line', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'logs-'));
    const log = createLogger({ dataDir, rotation: { maxBytes: 4000, keep: 3 }, rotationCheckMs: 20 });
    for (let i = 0; i < 400; i += 1) {
      log.info({ line: i }, 'filler to make the log grow');
      if (i % 20 === 0) await new Promise((r) => setTimeout(r, 25));
    }
    log.flush();
    await new Promise((r) => setTimeout(r, 100));
    const files = readdirSync(join(dataDir, 'logs')).sort();
    expect(files).toEqual(['host.log', 'host.log.1', 'host.log.2', 'host.log.3']);
    expect(existsSync(join(dataDir, 'logs', 'host.log.4'))).toBe(false);
    // Across the kept files the lines form one unbroken run up to the last: rotation drops only the oldest file.
    const lines = ['host.log.3', 'host.log.2', 'host.log.1', 'host.log']
      .flatMap((f) => readFileSync(join(dataDir, 'logs', f), 'utf8').split('\n'))
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { line: number }).line);
    expect(lines.at(-1)).toBe(399);
    const gaps = lines.flatMap((line, i) => (i > 0 && line !== lines[i - 1]! + 1 ? [`${lines[i - 1]}→${line}`] : []));
    expect(gaps).toEqual([]);
  });
});
