// The kiosk home starts without the code it does not show: other roles' screens, the flows, the
// on-screen keyboard and its dictionaries, admin mode. Once the home is up, the kiosk's own flows
// are fetched while the page is idle; other roles' screens, dictionaries and admin mode never are.
import { expect, test } from './hall-fixture.js';

const FLOWS = /Guide|Apply|Track|Ticket|Appointment|KioskEvaluate/;
const NEVER_ON_A_KIOSK_HOME = /Counter|Display|Proxy|EvaluatePage|StatsPage|pinyin-dict|stroke-medians|AdminScreen|PinDialog/;

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

test('the kiosk home fetches only what it shows; its flows follow when idle, other roles never', async ({ page, hall }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await page.goto(hall.openUrl);
  await expect(page.getByTestId('tile-guide')).toBeVisible();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  // Scripts the page had asked for when the home became ready.
  const beforeReady = await page.evaluate(() => {
    const ready = performance.getEntriesByName('hall-ready')[0]!.startTime;
    return (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((e) => e.startTime <= ready)
      .map((e) => new URL(e.name).pathname)
      .filter((path) => path.endsWith('.js'));
  });
  expect(beforeReady.length).toBeGreaterThan(0);
  expect(beforeReady.filter((path) => FLOWS.test(path) || NEVER_ON_A_KIOSK_HOME.test(path) || /Keyboard|KeyGrid/.test(path))).toEqual([]);

  // Idle: the flows arrive without a tap; still no other role's screen, dictionary or admin mode.
  await expect.poll(() => scripts.some((path) => /GuideScreen/.test(path))).toBe(true);
  expect(scripts.filter((path) => NEVER_ON_A_KIOSK_HOME.test(path))).toEqual([]);
  await page.getByTestId('tile-guide').tap();
  await expect(page.getByTestId('service-guide')).toBeVisible();
  await expect(page.locator('.lazy-loading')).toHaveCount(0);
  // The guide's search field opens the keyboard: its dictionary comes now, on first use; other roles' screens never.
  expect(scripts.filter((path) => /Counter|Display|Proxy|EvaluatePage|StatsPage|AdminScreen|PinDialog/.test(path))).toEqual([]);
});
