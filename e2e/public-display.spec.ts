// The hall display is for the public: no terminal id, device status or language buttons (with or
// without `?lang=`); faults go to admin mode and the fleet page; calls flash at AAA contrast; recent calls from the first call; a calm note when the stream is lost.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlatformProcess, type PlatformProcess } from '../test/helpers/platform-process.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { api, terminalConfig } from './host-call.js';
import { setHallConfig } from './queue-helpers.js';
import { expect, test } from './hall-fixture.js';

let platform: PlatformProcess;
let counter: RunningHall;
let display: RunningHall;
test.beforeAll(async () => {
  platform = await startPlatformProcess(mkdtempSync(join(tmpdir(), 'hall-display-platform-')));
  await setHallConfig(platform);
  [counter, display] = await Promise.all([
    startHall(terminalConfig(platform.url, 'demo-hall', 'counter-01', 'counter', [], { queue: { counterId: 'counter-1', leasePrefixes: [] } }), platform),
    startHall(terminalConfig(platform.url, 'demo-hall', 'display-01', 'display', []), platform),
  ]);
});
test.afterAll(async () => {
  await Promise.all([counter?.stop(), display?.stop()]);
  await platform?.stop().catch(() => undefined);
});

/** WCAG contrast ratio of two CSS colours given as rgb(…). */
function contrast(a: string, b: string): number {
  const luminance = (css: string) => {
    const [r, g, bl] = (css.match(/[\d.]+/g) ?? [])
      .slice(0, 3)
      .map((v) => Number(v) / 255)
      .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}

test('the display shows the hall, not the terminal, and each call from the first at AAA contrast', async ({ page }) => {
  test.setTimeout(90_000);
  await page.setViewportSize({ width: 1920, height: 1080 });
  // Opened as the README says, without `?lang=`: still no language buttons for the hall.
  await page.goto(display.openUrl);
  await expect(page.getByTestId('display-screen')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('[data-testid^="lang-"]')).toHaveCount(0);
  await page.goto(display.openUrl.replace('/#', '/?lang=zh-CN#'));
  await expect(page.getByTestId('display-screen')).toBeVisible({ timeout: 15_000 });
  await expect(page.locator('body')).not.toContainText('display-01');
  await expect(page.getByTestId('sync-state')).toHaveCount(0);
  await expect(page.locator('[data-testid^="device-"]')).toHaveCount(0);
  await expect(page.locator('[data-testid^="lang-"]')).toHaveCount(0);
  // Its token reaches the queue, not a case, a code or a counter's controls.
  await expect(api(display, 'queue.announcements', {})).resolves.toBeInstanceOf(Array);
  for (const method of ['counter.decide', 'personalCode.issue', 'queue.call', 'application.start'] as const) {
    await expect(api(display, method, {} as never), method).rejects.toThrow(new RegExp(`${method}: .*not available`));
  }

  // The first call of the day is in 最近呼叫 at once, not only from the second.
  const first = await api(counter, 'queue.issue', { service: 'social-security', priority: 'vip' });
  await api(counter, 'queue.call', { ticketId: first.ticket.id });
  await expect(page.getByTestId('now-number')).toHaveText(first.ticket.number, { timeout: 15_000 });
  await expect(page.getByTestId('recent-calls')).toContainText(first.ticket.number);
  await expect(page.getByTestId('recent-calls')).toContainText('1号窗口');

  // Both states of the flash are AAA (7:1), with nothing in between.
  const frames = await page.getByTestId('now-calling').evaluate((el) => {
    const styles: Array<{ background: string; color: string }> = [];
    const probe = document.createElement('div');
    document.body.append(probe);
    for (const animation of el.getAnimations()) {
      for (const frame of (animation.effect as KeyframeEffect).getKeyframes()) {
        probe.style.background = String(frame.backgroundColor ?? frame.background ?? '');
        probe.style.color = String(frame.color ?? '');
        const computed = getComputedStyle(probe);
        styles.push({ background: computed.backgroundColor, color: computed.color });
      }
    }
    probe.remove();
    return {
      styles,
      timing: getComputedStyle(el)
        .animationTimingFunction.split(/,(?![^(]*\))/)
        .map((easing) => easing.trim()),
    };
  });
  expect(frames.styles.length).toBeGreaterThanOrEqual(2);
  for (const frame of frames.styles) expect(contrast(frame.background, frame.color), JSON.stringify(frame)).toBeGreaterThanOrEqual(7);
  expect(frames.timing.every((easing) => easing.startsWith('steps('))).toBe(true);

  // A second call joins the list above the first.
  await api(counter, 'queue.finish', {});
  const second = await api(counter, 'queue.issue', { service: 'social-security', priority: 'vip' });
  await api(counter, 'queue.call', { ticketId: second.ticket.id });
  await expect(page.getByTestId('recent-calls').locator('li').first()).toContainText(second.ticket.number, { timeout: 15_000 });
  await expect(page.getByTestId('recent-calls').locator('li').nth(1)).toContainText(first.ticket.number);
  // A display switched on after the call still shows who was called last, from the hall's snapshot.
  await page.reload();
  await expect(page.getByTestId('now-number')).toHaveText(second.ticket.number, { timeout: 15_000 });
  await expect(page.getByTestId('now-counter')).toContainText('1号窗口');
  await expect(page.getByTestId('recent-calls')).toContainText(second.ticket.number);

  // The stream is lost: a calm note for the hall, not a red alarm.
  await platform.stop();
  await expect(page.getByTestId('display-degraded')).toHaveText('信息可能延迟', { timeout: 30_000 });
  await expect(page.locator('body')).not.toContainText('叫号系统连接中断');
  const stale = await page
    .getByTestId('display-degraded')
    .evaluate((el) => ({ role: el.getAttribute('role'), background: getComputedStyle(el).backgroundColor }));
  expect(stale.role).toBe('status');
  expect(stale.background).not.toBe('rgb(185, 28, 28)');
  // The fault itself is for the technician: admin mode names it.
  await api(display, 'admin.unlock', { pin: readFileSync(join(display.dataDir, 'admin-pin'), 'utf8').trim() });
  const diagnostics = await api(display, 'admin.diagnostics', {});
  expect(diagnostics.queue?.online).toBe(false);
});
