// A4 guide printing in the Electron shell: the guide page in a hidden, script-less window, printed
// with webContents.print to the system printer; when no printer takes it, the same page is saved as
// a PDF (printToPDF) in the data folder, as the headless shell does.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GuideA4Printer } from '../host/features/o2o/o2o-guide-print.js';

/** The part of BrowserWindow this needs, so tests can hand in a stand-in. */
export interface PrintWindow {
  loadURL(url: string): Promise<void>;
  webContents: {
    print(options: { silent: boolean; printBackground: boolean; pageSize: 'A4' }, callback: (success: boolean, failureReason: string) => void): void;
    printToPDF(options: { pageSize: 'A4'; printBackground: boolean }): Promise<Buffer>;
  };
  destroy(): void;
}

export function electronGuidePrinter(createWindow: () => PrintWindow, dir: string): GuideA4Printer {
  return {
    async print(html, name) {
      const window = createWindow();
      try {
        await window.loadURL(`data:text/html;charset=utf-8,${encodeURIComponent(html)}`);
        const printed = await new Promise<{ ok: boolean; reason: string }>((resolve) =>
          window.webContents.print({ silent: true, printBackground: true, pageSize: 'A4' }, (ok, reason) => resolve({ ok, reason })),
        );
        if (printed.ok) return { destination: 'system-printer' };
        const pdf = await window.webContents.printToPDF({ pageSize: 'A4', printBackground: true });
        mkdirSync(dir, { recursive: true });
        const file = join(dir, `${name}.pdf`);
        writeFileSync(file, pdf);
        return { destination: 'pdf-file', file, note: printed.reason };
      } finally {
        window.destroy();
      }
    },
  };
}
