// Printing the one-page guide. A4: the guide page rendered to PDF by headless Chromium (Debian's
// /usr/bin/chromium through playwright-core), sent to the system (CUPS) printer when there is one,
// otherwise kept in the data folder as the output. (The receipt-width guide is a slip: drivers/receipts.)
import { hallDateTime } from '../../../../contract/local-time.js';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { promisify } from 'node:util';
import { join } from 'node:path';
import type { CatalogItem } from '../../../../contract/catalog.js';
import { guideHtml } from '../../../../contract/guide-html.js';
import { type Clock } from '../../../../contract/clock.js';

/** A shell's own A4 route (Electron: webContents.print); the headless shell uses Chromium to PDF. */
export interface GuideA4Printer {
  print(html: string, name: string): Promise<{ destination: 'system-printer' } | { destination: 'pdf-file'; file: string; note?: string }>;
}

export interface GuidePdfRenderer {
  /** PDF bytes of the page. */
  render(html: string): Promise<Uint8Array>;
}

const CHROMIUM_CANDIDATES = [process.env.HALL_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p));

/** Headless Chromium: the same engine that shows the page prints it, fonts and all. */
export const chromiumPdfRenderer: GuidePdfRenderer = {
  async render(html) {
    const executablePath = CHROMIUM_CANDIDATES.find((path) => existsSync(path));
    if (!executablePath) throw new Error('no Chromium found for A4 printing (set HALL_CHROMIUM)');
    const { chromium } = await import('playwright-core');
    const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
    try {
      const page = await browser.newPage();
      await page.setContent(html, { waitUntil: 'load' });
      return await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
    } finally {
      await browser.close();
    }
  },
};

/** Guide PDFs kept in the data folder (they hold no personal data; older ones are removed). */
const KEEP_PDFS = 20;
const LP = ['/usr/bin/lp', '/usr/local/bin/lp'];

export interface A4Outcome {
  file: string;
  /** `system-printer` when CUPS took the job, `pdf-file` when the PDF is the output (no A4 printer). */
  destination: 'system-printer' | 'pdf-file';
}

export async function printGuideA4(
  item: CatalogItem,
  options: { dir: string; hallName: string; renderer: GuidePdfRenderer; clock: Clock },
): Promise<A4Outcome> {
  const printedAt = options.clock.iso();
  const pdf = await options.renderer.render(guideHtml(item, { hallName: options.hallName, printedAt: hallDateTime(printedAt) }));
  mkdirSync(options.dir, { recursive: true });
  const file = join(options.dir, `guide-${item.code}-${printedAt.replace(/[:.]/g, '-')}.pdf`);
  writeFileSync(file, pdf);
  const old = readdirSync(options.dir)
    .filter((name) => name.startsWith('guide-') && name.endsWith('.pdf'))
    .sort((a, b) => statSync(join(options.dir, a)).mtimeMs - statSync(join(options.dir, b)).mtimeMs);
  for (const name of old.slice(0, Math.max(0, old.length - KEEP_PDFS))) rmSync(join(options.dir, name), { force: true });
  const lp = LP.find((path) => existsSync(path));
  if (!lp) return { file, destination: 'pdf-file' };
  await promisify(execFile)(lp, ['-t', `${item.name} 办事指南`, file], { timeout: 15_000 });
  return { file, destination: 'system-printer' };
}
