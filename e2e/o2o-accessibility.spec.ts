// The O2O screens pass axe (serious and critical rules) with real content on them: search results,
// a guide, the first application step and a tracking error.
import { expectAccessible } from './axe.js';
import { expect, test } from './hall-fixture.js';

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

test('查询一单, 申办一袋 and 全程一码 pass axe with content on screen', async ({ page, hall }) => {
  await page.goto(hall.openUrl);
  await page.getByTestId('tile-guide').tap();
  await page.getByTestId('catalog-search').fill('sfz');
  await expect(page.getByTestId('catalog-hit').first()).toContainText('身份证', { timeout: 20_000 });
  await expectAccessible(page, 'search results');
  await page.getByTestId('catalog-hit').first().tap();
  await expect(page.getByTestId('item-guide')).toBeVisible();
  await expectAccessible(page, 'guide');
  await page.getByTestId('back-home').tap();

  await page.getByTestId('tile-apply').tap();
  await expectAccessible(page, 'apply');
  await page.getByTestId('back-home').tap();

  await page.getByTestId('tile-track').tap();
  await page.getByTestId('track-code').fill('ABC');
  await page.getByTestId('track-submit').tap();
  await expect(page.getByTestId('track-error')).toHaveText('受理编号是 11 位，请核对');
  await expectAccessible(page, 'track');
});
