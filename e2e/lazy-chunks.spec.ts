// The kiosk home starts without the code it does not show: other roles' screens, the flows, the
// on-screen keyboard and its dictionaries, admin mode. A flow's chunk arrives when its tile is tapped.
import { expect, test } from './hall-fixture.js';

const NOT_FOR_THE_HOME = /Counter|Display|Proxy|Evaluate|Stats|Apply|Guide|Track|Ticket|Appointment|Keyboard|KeyGrid|pinyin-dict|stroke-medians|AdminScreen|PinDialog/;

test.use({ viewport: { width: 1080, height: 1920 }, hasTouch: true });

test('the kiosk home fetches no flow, role, keyboard or admin chunk; a tile fetches its flow', async ({ page, hall }) => {
  const scripts: string[] = [];
  page.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  await page.goto(hall.openUrl);
  await expect(page.getByTestId('tile-guide')).toBeVisible();
  await expect(page.locator('body')).toHaveAttribute('data-ready', 'true');
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts.filter((path) => NOT_FOR_THE_HOME.test(path))).toEqual([]);

  await page.getByTestId('tile-guide').tap();
  await expect(page.getByTestId('service-guide')).toBeVisible();
  expect(scripts.some((path) => /GuideScreen/.test(path))).toBe(true);
  await expect(page.locator('.lazy-loading')).toHaveCount(0);
});
