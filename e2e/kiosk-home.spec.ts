import { expect, test } from './hall-fixture.js';

const TILES = {
  guide: ['查询一单', 'Service guide'],
  apply: ['申办一袋', 'Apply'],
  track: ['全程一码', 'Track'],
  ticket: ['取号', 'Take a ticket'],
  appointment: ['预约签到', 'Check in'],
  evaluate: ['评价', 'Rate us'],
} as const;
const tileIds = Object.keys(TILES) as Array<keyof typeof TILES>;

test.describe('kiosk home on a 1080×1920 portrait touch screen', () => {
  test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

  test('renders in zh-CN, switches to English and back', async ({ page, hall }) => {
    await page.goto(hall.openUrl);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('政务服务自助终端');
    for (const id of tileIds) await expect(page.getByTestId(`tile-${id}`)).toContainText(TILES[id][0]);
    // The token has left the address bar once used.
    expect(page.url()).not.toContain('token');

    await page.getByTestId('lang-en').tap();
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Government Services Self-Service Terminal');
    for (const id of tileIds) await expect(page.getByTestId(`tile-${id}`)).toContainText(TILES[id][1]);
    await expect(page.getByTestId('lang-en')).toHaveAttribute('aria-pressed', 'true');

    await page.getByTestId('lang-zh-CN').tap();
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    await expect(page.getByTestId('tile-guide')).toContainText('查询一单');
  });

  test('every tile is reachable by touch and fits the screen as a large target', async ({ page, hall }) => {
    await page.goto(hall.openUrl);
    // The tiles own the screen; the status bar stays a bar.
    await expect(page.getByTestId('tile-guide')).toBeVisible();
    expect((await page.locator('.status-bar').boundingBox())!.height).toBeLessThan(1920 * 0.12);
    for (const id of tileIds) {
      const tile = page.getByTestId(`tile-${id}`);
      const box = await tile.boundingBox();
      expect(box, id).not.toBeNull();
      expect(box!.height, id).toBeGreaterThanOrEqual(200);
      expect(box!.width, id).toBeGreaterThanOrEqual(300);
      expect(box!.y + box!.height, `${id} is on screen without scrolling`).toBeLessThanOrEqual(1920);
      await tile.tap();
      await expect(page.getByTestId(`service-${id}`)).toBeVisible();
      await expect(page.getByRole('heading', { level: 2 })).toHaveText(TILES[id][0]);
      await page.getByTestId('back-home').tap();
      await expect(page.getByTestId('tile-guide')).toBeVisible();
    }
  });

  test('every tile is reachable by keyboard alone', async ({ page, hall }) => {
    await page.goto(hall.openUrl);
    await expect(page.getByTestId('tile-guide')).toBeVisible();
    for (const id of tileIds) {
      // Tab from the top of the page until focus lands on this tile.
      await page.locator('body').focus();
      let reached = false;
      for (let presses = 0; presses < 20 && !reached; presses += 1) {
        await page.keyboard.press('Tab');
        reached = await page.getByTestId(`tile-${id}`).evaluate((el) => el === document.activeElement);
      }
      expect(reached, `Tab reaches ${id}`).toBe(true);
      await page.keyboard.press('Enter');
      await expect(page.getByTestId(`service-${id}`)).toBeVisible();
      // Focus moves to the new screen's heading; Tab then reaches the way back.
      await expect(page.getByRole('heading', { level: 2 })).toBeFocused();
      await page.keyboard.press('Tab');
      await expect(page.getByTestId('back-home')).toBeFocused();
      await page.keyboard.press('Space');
      await expect(page.getByTestId('tile-guide')).toBeVisible();
    }
  });

  test('the status bar shows each configured device and the platform link', async ({ page, hall }) => {
    await page.goto(hall.openUrl);
    for (const id of ['idcard', 'scanner', 'printer']) {
      await expect(page.getByTestId(`device-${id}`)).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
      await expect(page.getByTestId(`device-${id}`)).toContainText('正常');
    }
    await expect(page.getByTestId('sync-state')).toHaveAttribute('data-connectivity', 'online');
    await expect(page.getByTestId('sync-state')).toContainText('在线');
  });
});

test.describe('counter screen 1920×1080 landscape', () => {
  test.use({ viewport: { width: 1920, height: 1080 } });

  test('all six tiles fit on one landscape screen', async ({ page, hall }) => {
    await page.goto(hall.openUrl);
    for (const id of tileIds) {
      const box = await page.getByTestId(`tile-${id}`).boundingBox();
      expect(box!.y + box!.height, id).toBeLessThanOrEqual(1080);
      expect(box!.height, id).toBeGreaterThanOrEqual(200);
    }
  });
});

test('a page without the session token is told how to get in, and the API refuses it', async ({ page, hall }) => {
  await page.goto(hall.url);
  await expect(page.getByRole('alert')).toContainText('会话令牌');
  const status = await page.evaluate(
    async () => (await fetch('/api/v1/call/terminal.info', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' })).status,
  );
  expect(status).toBe(401);
});
