// `npm run screenshot`: the kiosk home as the README shows it (a real host, real Chromium).
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../playwright.config.js';
import { startHall } from '../test/helpers/start-hall.js';

const hall = await startHall();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
try {
  for (const [name, width, height] of [['kiosk-portrait', 1080, 1920], ['counter-landscape', 1920, 1080]] as const) {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 0.5, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await page.goto(hall.openUrl);
    await page.waitForSelector('body[data-ready="true"] [data-testid="tile-guide"]');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid^="device-"][data-state="connected"]').length > 0, undefined, { timeout: 15_000 }).catch(() => undefined);
    await page.screenshot({ path: `docs/${name}.png` });
    console.log(`docs/${name}.png`);
  }
} finally {
  await browser.close();
  await hall.stop();
}
