// Four languages in real Chromium: Uyghur lays out right to left with its bundled font and its own
// dates (Chromium's ICU has no `ug`), codes stay left to right, and the four language buttons fit.
import { UYGHUR_MONTHS } from '../renderer/src/i18n/format.js';
import { expect, test } from './hall-fixture.js';
import { api } from './host-call.js';

for (const viewport of [
  { width: 1080, height: 1920 },
  { width: 1920, height: 1080 },
]) {
  test.describe(`${viewport.width}×${viewport.height}`, () => {
    test.use({ viewport, hasTouch: true });

    test('the four language buttons, each named in itself, switch the page and fit beside the elder-mode button', async ({ page, hall }) => {
      await page.goto(hall.openUrl);
      const buttons = page.getByRole('group', { name: '切换语言' }).getByRole('button');
      await expect(buttons).toHaveText(['简体中文', '繁體中文', 'English', 'ئۇيغۇرچە']);
      for (const mode of ['normal', 'elder'] as const) {
        if (mode === 'elder') await page.getByTestId('elder-toggle').click();
        for (const [lng, title, dir] of [
          ['zh-HK', '政府服務自助終端機', 'ltr'],
          ['ug', 'ھۆكۈمەت مۇلازىمىتى ئۆزى مۇلازىمەت تېرمىنالى', 'rtl'],
          ['en', 'Government Services Self-Service Terminal', 'ltr'],
          ['zh-CN', '政务服务自助终端', 'ltr'],
        ] as const) {
          await page.getByTestId(`lang-${lng}`).click();
          await expect(page.locator('html')).toHaveAttribute('lang', lng);
          await expect(page.locator('html')).toHaveAttribute('dir', dir);
          await expect(page.locator('.app-title')).toHaveText(title);
          await expect(page.getByTestId(`lang-${lng}`)).toHaveAttribute('aria-pressed', 'true');
          // Nothing in the header runs off the screen, and no button overlaps another.
          const boxes = await page.locator('.header-controls button').evaluateAll((els) => els.map((el) => el.getBoundingClientRect().toJSON() as DOMRect));
          for (const box of boxes) expect(box.left >= 0 && box.right <= viewport.width).toBe(true);
          for (const [i, a] of boxes.entries())
            for (const b of boxes.slice(i + 1)) expect(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top).toBe(true);
          expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
        }
      }
    });
  });
}

test.describe('Uyghur', () => {
  test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

  test('mirrors the layout, uses the bundled Arabic-script font and Uyghur dates, and keeps ID numbers left to right', async ({ page, hall }) => {
    await page.goto(hall.openUrl);
    await page.getByTestId('lang-ug').click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');

    // Chromium would answer Intl in its default locale for `ug`; the clock names the month in Uyghur.
    expect(await page.evaluate(() => Intl.DateTimeFormat.supportedLocalesOf(['ug']))).toEqual([]);
    await expect(page.locator('.clock')).toContainText(new RegExp(UYGHUR_MONTHS.join('|')));

    // The font is served by the app itself (CSP font-src 'self') and used for Uyghur text.
    await expect.poll(() => page.evaluate(async () => (await document.fonts.load('700 24px "Noto Sans Arabic"', 'ئۇيغۇرچە')).length)).toBeGreaterThan(0);
    expect(await page.locator('.app-title').evaluate((el) => getComputedStyle(el).fontFamily)).toContain('Noto Sans Arabic');

    // The first tile sits at the right in a right-to-left grid.
    const first = await page.locator('.tiles > *').first().boundingBox();
    const second = await page.locator('.tiles > *').nth(1).boundingBox();
    expect(first!.x).toBeGreaterThan(second!.x);

    await api(hall, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
    const id = page.getByTestId('card-holder-id');
    await expect(id).toBeVisible({ timeout: 10_000 });
    expect(await id.evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    // Read left to right on screen: the region code (first digits) is leftmost.
    const digits = (await id.textContent())!;
    const firstDigitsX = await id.evaluate(
      (el, prefix) => {
        const range = document.createRange();
        const text = el.firstChild!;
        range.setStart(text, 0);
        range.setEnd(text, prefix.length);
        return range.getBoundingClientRect().left;
      },
      digits.slice(0, 4),
    );
    expect(firstDigitsX).toBeLessThanOrEqual((await id.boundingBox())!.x + 1);
    expect(await page.getByTestId('card-holder-name').evaluate((el) => getComputedStyle(el).direction)).toBe('ltr');
    await api(hall, 'simulator.idcard.remove', { deviceId: 'idcard' });
    await page.getByTestId('end-session').click();
  });
});
