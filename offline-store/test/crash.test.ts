import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPlatformProcess, type PlatformProcess } from '../../test/helpers/platform-process.js';
import { findPlainText } from './scan.js';
import { fakePerson, tempDir } from './temp.js';

const TOTAL = 1000;
const KILLS = 20;
const child = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

let platform: PlatformProcess;
const platformDir = tempDir('crash-platform');
const terminalDir = tempDir('crash-terminal');
beforeAll(async () => {
  platform = await startPlatformProcess(platformDir.dir);
});
afterAll(async () => {
  await platform.stop();
  platformDir.cleanup();
  terminalDir.cleanup();
});

/** Runs the child; kills it `killAfterMs` after it is ready, or lets it finish when undefined. */
const startedWith: { committed: number; pending: number }[] = [];

function runChild(credential: string, killAfterMs?: number): Promise<'killed' | 'done'> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, terminalDir.dir, platform.url, 'T-crash', credential, String(TOTAL)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let finished = false;
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const ready = /^ready (\d+) (\d+)$/.exec(line);
      if (ready) startedWith.push({ committed: Number(ready[1]), pending: Number(ready[2]) });
      if (ready && killAfterMs !== undefined) setTimeout(() => proc.kill('SIGKILL'), killAfterMs);
      if (line === 'done') finished = true;
    });
    proc.on('exit', (code, signal) => {
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0 && finished) resolve('done');
      else reject(new Error(`child exited with ${code}: ${stderr.slice(-2000)}`));
    });
  });
}

describe('crash safety', () => {
  it(`delivers ${TOTAL} applications with materials exactly once across ${KILLS} SIGKILLs`, async () => {
    const credential = await platform.register('T-crash');
    for (let i = 0; i < KILLS; i++) expect(await runChild(credential, 100 + Math.floor(Math.random() * 500))).toBe('killed');
    const needles = Array.from({ length: TOTAL }, (_, i) => fakePerson(i)).flatMap((p) => [p.name, p.idNumber]);
    // Scanned as the last kill left it, WAL included, before a clean close checkpoints the WAL away.
    expect(existsSync(join(terminalDir.dir, 'store', 'terminal.db-wal'))).toBe(true);
    expect(readFileSync(join(terminalDir.dir, 'terminal.log'), 'utf8')).toContain('sync state');
    expect(findPlainText(terminalDir.dir, needles)).toEqual([]);
    expect(await runChild(credential)).toBe('done');
    console.log('restarts began with', JSON.stringify(startedWith));
    // The kills must land while work is in flight, or the test proves nothing.
    expect(startedWith.filter((s) => s.committed > 0 && s.committed < TOTAL).length).toBeGreaterThanOrEqual(10);
    expect(startedWith.filter((s) => s.pending > 0).length).toBeGreaterThanOrEqual(10);

    const rows = await platform.query<{ mutation_id: number; payload_json: string; blobs_json: string; status: string }>(
      "SELECT mutation_id, payload_json, blobs_json, status FROM mutations WHERE terminal_id = 'T-crash' ORDER BY apply_seq",
    );
    const appNos = rows.map((r) => (JSON.parse(r.payload_json) as { appNo: number }).appNo);
    expect(rows.every((r) => r.status === 'applied')).toBe(true);
    expect(appNos).toEqual(Array.from({ length: TOTAL }, (_, i) => i));
    const ids = rows.map((r) => r.mutation_id);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));

    const shas = rows.flatMap((r) => JSON.parse(r.blobs_json) as string[]);
    expect(new Set(shas).size).toBe(TOTAL * 2);
    const verified = new Set((await platform.query<{ sha256: string }>('SELECT sha256 FROM blobs WHERE verified_at IS NOT NULL')).map((r) => r.sha256));
    for (const sha of shas) expect(verified.has(sha)).toBe(true);
    // The platform keeps each file sealed under a keyed name (its own tests check the content).
    const platformFiles = readdirSync(join(platformDir.dir, 'blobs')).map(String);
    expect(platformFiles.filter((name) => shas.some((sha) => name.includes(sha)))).toEqual([]);

    const leftovers = readdirSync(join(terminalDir.dir, 'store', 'blobs'), { recursive: true }).filter((f) => String(f).endsWith('.tmp'));
    expect(leftovers).toEqual([]);
    // The terminal's database, WAL, backups, blob files and log hold no name or ID number in clear.
    expect(readdirSync(join(terminalDir.dir, 'store', 'backups')).length).toBeGreaterThan(0);
    expect(findPlainText(terminalDir.dir, needles)).toEqual([]);
    // Nor does the platform's folder, which seals what it received; the same scan finds a name written in clear (it works).
    expect(findPlainText(platformDir.dir, needles)).toEqual([]);
    writeFileSync(join(terminalDir.dir, 'control.txt'), needles[0]!);
    expect(findPlainText(terminalDir.dir, needles.slice(0, 1)).map((hit) => hit.needle)).toEqual([needles[0]]);
  }, 180_000);
});
