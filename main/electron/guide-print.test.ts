import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronGuidePrinter, type PrintWindow } from './guide-print.js';

function standIn(printerAnswer: { ok: boolean; reason: string }) {
  const calls = { loaded: '', printOptions: undefined as unknown, destroyed: false };
  const window: PrintWindow = {
    loadURL: async (url) => void (calls.loaded = url),
    webContents: {
      print: (options, callback) => {
        calls.printOptions = options;
        callback(printerAnswer.ok, printerAnswer.reason);
      },
      printToPDF: async () => Buffer.from('%PDF-1.7 guide'),
    },
    destroy: () => void (calls.destroyed = true),
  };
  return { window, calls };
}

describe('A4 guides in the Electron shell', () => {
  it('prints the guide page silently on A4 and closes the hidden window', async () => {
    const { window, calls } = standIn({ ok: true, reason: '' });
    const outcome = await electronGuidePrinter(() => window, mkdtempSync(join(tmpdir(), 'guide-'))).print('<h1>社保卡申领</h1>', 'guide-x');
    expect(outcome).toEqual({ destination: 'system-printer' });
    expect(decodeURIComponent(calls.loaded)).toBe('data:text/html;charset=utf-8,<h1>社保卡申领</h1>');
    expect(calls.printOptions).toEqual({ silent: true, printBackground: true, pageSize: 'A4' });
    expect(calls.destroyed).toBe(true);
  });

  it('saves the same page as a PDF when no printer takes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'guide-'));
    const { window, calls } = standIn({ ok: false, reason: 'no printers available' });
    const outcome = await electronGuidePrinter(() => window, dir).print('<h1>x</h1>', 'guide-y');
    expect(outcome).toEqual({ destination: 'pdf-file', file: join(dir, 'guide-y.pdf'), note: 'no printers available' });
    expect(readFileSync(join(dir, 'guide-y.pdf'), 'utf8')).toBe('%PDF-1.7 guide');
    expect(calls.destroyed).toBe(true);
  });
});
