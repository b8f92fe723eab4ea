import type { Page } from '@playwright/test';
import { expectAccessible } from './axe.js';
import { expect, test } from './hall-fixture.js';

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

// Every play() of an audio element is recorded with its source. Chromium here has no speech voices;
// getVoices() is pinned empty so the clip path is what runs (the engine path is unit-tested).
async function observeAudio(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const played: string[] = [];
    (window as unknown as { __played: string[] }).__played = played;
    const play = HTMLMediaElement.prototype.play;
    HTMLMediaElement.prototype.play = function (this: HTMLMediaElement) {
      played.push(new URL(this.src).pathname);
      return play.call(this);
    };
    if ('speechSynthesis' in window) window.speechSynthesis.getVoices = () => [];
  });
}
const played = (page: Page) => page.evaluate(() => (window as unknown as { __played: string[] }).__played);
const clipOf = (lang: string, step: string) => new RegExp(`^/voice/steps/${lang}/${step}-[0-9a-f]{8}\\.ogg$`);

async function expectSaid(page: Page, lang: string, step: string, count: number): Promise<string> {
  const live = page.getByTestId('narration');
  await expect(live).toHaveAttribute('data-narration', step);
  await expect(live).toHaveAttribute('data-narration-lang', lang);
  await expect(live).toHaveAttribute('data-narration-via', 'clip');
  await expect(live).toHaveAttribute('data-narration-count', String(count));
  const clip = new URL((await live.getAttribute('data-narration-clip'))!, 'http://x').pathname;
  expect(clip).toMatch(clipOf(lang, step));
  await expect.poll(() => played(page)).toHaveLength(count);
  expect((await played(page)).at(-1)).toBe(clip);
  return clip;
}

test('elder mode reads every step from its clip, in the chosen language, again on request; normal mode reads nothing', async ({ page, hall }) => {
  await observeAudio(page);
  const clipRequests: { path: string; status: number; type: string }[] = [];
  page.on('response', (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith('/voice/steps/')) clipRequests.push({ path, status: r.status(), type: r.headers()['content-type'] ?? '' });
  });
  await page.goto(hall.openUrl);
  await expect(page.getByTestId('tile-ticket')).toBeVisible();
  await expect(page.getByTestId('read-again')).toBeHidden();

  // Elder mode on: the home screen is read (the first thing ever said: nothing was said before).
  await page.getByTestId('elder-toggle').tap();
  const home = await expectSaid(page, 'zh-CN', 'home', 1);
  await expect.poll(() => clipRequests.find((r) => r.path === home)).toMatchObject({ type: 'audio/ogg' });
  expect(clipRequests.find((r) => r.path === home)!.status).toBeLessThan(400);
  await expect(page.getByTestId('narration')).toHaveText('请点选您要办的事。需要帮助，请按呼叫工作人员按钮。');
  await expectAccessible(page, 'home in elder mode with read again');

  // A tile's step cuts in with its own clip.
  await page.getByTestId('tile-ticket').tap();
  await expectSaid(page, 'zh-CN', 'ticket', 2);

  // Switching language reads the same step in the new language.
  await page.getByTestId('lang-zh-HK').tap();
  const ticketHK = await expectSaid(page, 'zh-HK', 'ticket', 3);
  await page.getByTestId('lang-ug').tap();
  await expectSaid(page, 'ug', 'ticket', 4);
  await page.getByTestId('lang-zh-HK').tap();
  await expectSaid(page, 'zh-HK', 'ticket', 5);

  // "Read again" replays it.
  await page.getByTestId('read-again').tap();
  expect(await expectSaid(page, 'zh-HK', 'ticket', 6)).toBe(ticketHK);

  // A ticket taken: the next step says whether to take the ticket (the number itself only by a speech engine).
  await page.locator('.queue-service:enabled').first().tap();
  const outcome = await page.getByTestId('print-status').getAttribute('data-outcome');
  await expectSaid(page, 'zh-HK', outcome === 'printed' ? 'ticketPrinted' : 'ticketNotPrinted', 7);
  await page.getByTestId('ticket-done').tap();
  await expectSaid(page, 'zh-HK', 'home', 8);

  // Elder mode off: silence, and a new screen says nothing.
  await page.getByTestId('elder-toggle').tap();
  await expect(page.getByTestId('read-again')).toBeHidden();
  await expect(page.getByTestId('narration')).toHaveAttribute('data-narration', '');
  await page.getByTestId('tile-guide').tap();
  await expect(page.getByTestId('service-guide')).toBeVisible();
  await page.getByTestId('back-home').tap();
  // On again: the next thing said is the screen on show, and nothing was said in between.
  await page.getByTestId('tile-evaluate').tap();
  await page.getByTestId('elder-toggle').tap();
  await expectSaid(page, 'zh-HK', 'evaluate', 9);
});

test('the elder-mode offer is read even outside elder mode', async ({ page, hall }) => {
  await observeAudio(page);
  await page.goto(hall.openUrl);
  await expect(page.getByTestId('device-idcard')).toHaveAttribute('data-state', 'connected', { timeout: 20_000 });
  await page.evaluate(
    async ({ token }) =>
      fetch('/api/v1/call/simulator.idcard.place', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ deviceId: 'idcard', card: 'elder' }),
      }),
    { token: hall.token },
  );
  await expect(page.getByTestId('elder-offer')).toBeVisible({ timeout: 10_000 });
  await expect(page.locator('html')).not.toHaveClass(/elder/);
  await expectSaid(page, 'zh-CN', 'offer', 1);
  // Declined: the offer stops and nothing else is read.
  await page.getByTestId('elder-decline').tap();
  await expect(page.getByTestId('narration')).toHaveAttribute('data-narration', '');
  expect(await played(page)).toHaveLength(1);
});
