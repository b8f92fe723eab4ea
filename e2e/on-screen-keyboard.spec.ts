// The on-screen keyboard on a kiosk with no physical keyboard: pinyin by tapping with candidates
// (高龄津贴 in the catalog search), digits for a phone number, the same keyboard by keyboard alone,
// larger keys in elder mode at both screen orientations, the Uyghur alphabet right to left, and axe.
import type { Page } from '@playwright/test';
import { SUPPORTED_LANGUAGES } from '../contract/languages.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { expectAccessible } from './axe.js';
import { expect, test } from './hall-fixture.js';

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

async function call(hall: RunningHall, method: string, input: unknown): Promise<unknown> {
  const response = await fetch(new URL(`api/v1/call/${method}`, hall.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${hall.token}` },
    body: JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value?: unknown; error?: { message: string } };
  if (!result.ok) throw new Error(`${method}: ${result.error?.message}`);
  return result.value;
}

const tapKeys = async (page: Page, letters: string) => {
  for (const letter of letters) await page.getByTestId(`kbd-key-${letter}`).tap();
};
const candidate = (page: Page, text: string) => page.getByTestId('kbd-candidate').filter({ hasText: new RegExp(`^\\d${text}$`) });

async function openGuide(page: Page, hall: RunningHall) {
  await page.goto('about:blank'); // openUrl differs only in its fragment: without this, no reload
  await page.goto(hall.openUrl);
  await page.getByTestId('tile-guide').tap();
  // The search screen opens with the pinyin keyboard under the search field.
  await expect(page.getByTestId('on-screen-keyboard')).toHaveAttribute('data-mode', 'pinyin');
}

test('高龄津贴 by tapping pinyin keys and choosing the candidate finds 高龄津贴申领', async ({ page, hall }) => {
  await openGuide(page, hall);
  await tapKeys(page, 'gaolingjintie');
  await expect(page.getByTestId('kbd-composing')).toContainText("gao'ling'jin'tie");
  await expect(page.getByTestId('kbd-candidate').first()).toHaveText('1高龄津贴');
  await page.getByTestId('kbd-candidate').first().tap();
  await expect(page.getByTestId('catalog-search')).toHaveValue('高龄津贴');
  await expect(page.getByTestId('catalog-hit').filter({ hasText: '高龄津贴申领' })).toBeVisible({ timeout: 20_000 });
  await expect(page.getByTestId('kbd-composing')).toHaveCount(0);
});

test('a word for the first syllables leaves the rest to convert; initials search while composing', async ({ page, hall }) => {
  await openGuide(page, hall);
  await tapKeys(page, 'gaolingjintie');
  await candidate(page, '高龄').tap();
  await expect(page.getByTestId('kbd-composing')).toContainText("高龄 jin'tie");
  await expect(page.getByTestId('catalog-search')).toHaveValue('高龄jintie');
  await candidate(page, '津贴').tap();
  await expect(page.getByTestId('catalog-search')).toHaveValue('高龄津贴');

  // Initials typed and not converted are searched as they are (the catalog's own initials search).
  await page.getByTestId('kbd-key-clear').tap();
  await tapKeys(page, 'sbk');
  await expect(page.getByTestId('catalog-search')).toHaveValue('sbk');
  await expect(page.getByTestId('catalog-hit').filter({ hasText: '社保卡申领' })).toBeVisible({ timeout: 20_000 });
  await expect(candidate(page, '社保卡')).toBeVisible();
  // Erasing a letter changes the composition, not the text before it.
  await page.getByTestId('kbd-key-erase').tap();
  await expect(page.getByTestId('catalog-search')).toHaveValue('sb');
});

test('a phone number typed with the digit keys in the application form', async ({ page, hall }) => {
  await page.goto(hall.openUrl);
  await page.getByTestId('tile-apply').tap();
  await page.getByTestId('catalog-search').fill('sbk');
  await page.getByTestId('catalog-hit').first().tap({ timeout: 20_000 });
  await call(hall, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
  try {
    await expect(page.getByTestId('form-name')).toBeVisible({ timeout: 15_000 });
    await page.getByTestId('form-phone').tap();
    const keyboard = page.getByTestId('on-screen-keyboard');
    await expect(keyboard).toHaveAttribute('data-mode', 'digits');
    await expect(keyboard.getByTestId('kbd-key-a')).toHaveCount(0);
    await tapKeys(page, '138000012345');
    // Eleven digits at most: the twelfth tap is not taken.
    await expect(page.getByTestId('form-phone')).toHaveValue('13800001234');
    await page.getByTestId('kbd-key-erase').tap();
    await expect(page.getByTestId('form-phone')).toHaveValue('1380000123');
    await page.getByTestId('kbd-key-4').tap();
    await expect(page.getByTestId('apply-next')).toBeEnabled();

    // The address field gets the text keyboard; only one keyboard is open at a time.
    await page.getByTestId('form-address').tap();
    await expect(page.getByTestId('on-screen-keyboard')).toHaveCount(1);
    await expect(page.getByTestId('on-screen-keyboard')).toHaveAttribute('data-mode', 'pinyin');
    await tapKeys(page, 'hangzhou');
    await candidate(page, '杭州').tap();
    await expect(page.getByTestId('form-address')).toHaveValue('杭州');
    await expectAccessible(page, 'application form with the keyboard open');
  } finally {
    await call(hall, 'simulator.idcard.remove', { deviceId: 'idcard' });
    await call(hall, 'session.end', { reason: 'requested' }).catch(() => undefined);
  }
});

test('keyboard alone: type pinyin, pick with 1–9 and space, move over the keys with arrows', async ({ page, hall }) => {
  await openGuide(page, hall);
  const search = page.getByTestId('catalog-search');
  for (let i = 0; i < 30 && !(await search.evaluate((el) => el === document.activeElement)); i += 1) await page.keyboard.press('Tab');
  await expect(search).toBeFocused();
  await page.keyboard.type('gaolingjintie');
  await expect(page.getByTestId('kbd-candidate').first()).toHaveText('1高龄津贴');
  await page.keyboard.press('2'); // the second candidate: 高龄 for the first two syllables
  await expect(page.getByTestId('kbd-composing')).toContainText("高龄 jin'tie");
  await page.keyboard.press(' '); // space takes the first candidate: 津贴
  await expect(search).toHaveValue('高龄津贴');
  await expect(page.getByTestId('catalog-hit').filter({ hasText: '高龄津贴申领' })).toBeVisible({ timeout: 20_000 });

  // Into the keys: one Tab stop for the letters, arrows between them, Enter presses.
  for (let i = 0; i < 20; i += 1) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))) === 'kbd-key-q') break;
  }
  await expect(page.getByTestId('kbd-key-q')).toBeFocused();
  await expect(page.getByTestId('kbd-key-w')).toHaveAttribute('tabindex', '-1');
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('kbd-key-w')).toBeFocused();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('kbd-key-s')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('kbd-composing')).toContainText('s');
  await expect(candidate(page, '是')).toBeVisible();
  await expect(page.getByRole('group', { name: '候选字词' })).toBeVisible();
  await expect(page.getByRole('button', { name: '删除' })).toBeVisible();
});

test('in the Hong Kong UI the candidates are written as in Hong Kong', async ({ page, hall }) => {
  await page.goto('about:blank');
  await page.goto(hall.openUrl);
  await page.getByTestId('lang-zh-HK').tap();
  await page.getByTestId('tile-guide').tap();
  await tapKeys(page, 'shenfenzheng');
  await expect(page.getByTestId('kbd-candidate').first()).toHaveText('1身份證');
  await page.getByTestId('kbd-candidate').first().tap();
  await expect(page.getByTestId('catalog-search')).toHaveValue('身份證');
  await page.getByTestId('lang-zh-CN').tap();
});

test('elder mode: keys half as large again, still within the screen in portrait and landscape', async ({ page, hall }) => {
  for (const viewport of [
    { width: 1080, height: 1920 },
    { width: 1920, height: 1080 },
  ]) {
    await page.setViewportSize(viewport);
    await openGuide(page, hall);
    const key = page.getByTestId('kbd-key-a');
    const normal = (await key.boundingBox())!;
    await page.getByTestId('elder-toggle').tap();
    await expect(page.locator('html')).toHaveClass(/elder/);
    const elder = (await key.boundingBox())!;
    expect(elder.height).toBeGreaterThanOrEqual(normal.height * 1.5);
    expect(elder.width * elder.height).toBeGreaterThanOrEqual(normal.width * normal.height * 1.5);
    const board = (await page.getByTestId('on-screen-keyboard').boundingBox())!;
    expect(board.x).toBeGreaterThanOrEqual(0);
    expect(board.x + board.width).toBeLessThanOrEqual(viewport.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
    await page.getByTestId('elder-toggle').tap();
    await expect(page.locator('html')).not.toHaveClass(/elder/);
  }
});

test('axe passes with the keyboard open: pinyin candidates, handwriting, the PIN pad', async ({ page, hall }) => {
  await openGuide(page, hall);
  await tapKeys(page, 'gao');
  await expect(candidate(page, '高')).toBeVisible();
  await expectAccessible(page, 'pinyin keyboard with candidates');
  await page.getByTestId('elder-toggle').tap();
  await expectAccessible(page, 'pinyin keyboard in elder mode');
  await page.getByTestId('elder-toggle').tap();

  await page.getByTestId('kbd-key-clear').tap();
  await page.getByTestId('kbd-mode-handwriting').tap();
  const pad = page.getByTestId('kbd-handwriting-pad');
  const box = (await pad.boundingBox())!;
  // 一: one stroke from left to right.
  await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.85, box.y + box.height * 0.52, { steps: 8 });
  await page.mouse.up();
  await expect(candidate(page, '一')).toBeVisible();
  await candidate(page, '一').click();
  await expect(page.getByTestId('catalog-search')).toHaveValue('一');
  await expectAccessible(page, 'handwriting keyboard');

  for (let i = 0; i < 5; i += 1) await page.getByTestId('terminal-label').click();
  await expect(page.getByTestId('admin-key-ok')).toBeVisible();
  await expectAccessible(page, 'admin PIN pad');
  await page.keyboard.press('Escape');
});

test.describe('Uyghur', () => {
  let ugHall: RunningHall;
  test.beforeAll(async () => {
    ugHall = await startHall({
      hallId: 'demo-hall',
      terminalId: 'kiosk-ug',
      role: 'kiosk',
      platformUrl: 'embedded',
      languages: [...SUPPORTED_LANGUAGES],
      defaultLanguage: 'ug',
      devices: [{ id: 'scanner', kind: 'scanner', transport: { type: 'simulated' } }],
    });
  });
  test.afterAll(async () => ugHall?.stop());

  test('the letters are the Uyghur alphabet, laid out right to left', async ({ page }) => {
    await page.goto(ugHall.openUrl);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await page.getByTestId('tile-guide').tap();
    const keyboard = page.getByTestId('on-screen-keyboard');
    await expect(keyboard).toHaveAttribute('data-mode', 'uyghur');
    const [first, second] = [(await page.getByTestId('kbd-key-ا').boundingBox())!, (await page.getByTestId('kbd-key-ە').boundingBox())!];
    expect(second.x).toBeLessThan(first.x); // the alphabet runs from the right
    await page.getByTestId('kbd-key-ئ').tap();
    await page.getByTestId('kbd-key-ا').tap();
    await expect(page.getByTestId('catalog-search')).toHaveValue('ئا');
    await expectAccessible(page, 'Uyghur keyboard');
    // Pinyin is one tap away, its Latin keys left to right as on any keyboard.
    await page.getByTestId('kbd-mode-pinyin').tap();
    const [q, w] = [(await page.getByTestId('kbd-key-q').boundingBox())!, (await page.getByTestId('kbd-key-w').boundingBox())!];
    expect(w.x).toBeGreaterThan(q.x);
  });
});

test.describe("onScreenKeyboard: 'never'", () => {
  let plainHall: RunningHall;
  test.beforeAll(async () => {
    plainHall = await startHall({
      hallId: 'demo-hall',
      terminalId: 'kiosk-keyboard',
      role: 'kiosk',
      platformUrl: 'embedded',
      languages: ['zh-CN', 'en'],
      defaultLanguage: 'zh-CN',
      devices: [],
      onScreenKeyboard: 'never',
    });
  });
  test.afterAll(async () => plainHall?.stop());

  test('a kiosk with a physical keyboard shows no on-screen keys and types plainly', async ({ page }) => {
    await page.goto(plainHall.openUrl);
    await page.getByTestId('tile-guide').tap();
    const search = page.getByTestId('catalog-search');
    await search.focus();
    await page.keyboard.type('sbk');
    await expect(search).toHaveValue('sbk');
    await expect(page.getByTestId('catalog-hit').filter({ hasText: '社保卡申领' })).toBeVisible({ timeout: 20_000 });
    await expect(page.getByTestId('on-screen-keyboard')).toHaveCount(0);
    await expect(page.getByTestId('kbd-candidate')).toHaveCount(0);
  });
});
