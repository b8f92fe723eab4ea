// Slips and headers name the hall in the reader's language (not its id); each role has its own title;
// a ticket says its priority class.
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { api } from './host-call.js';
import { expect, test } from './hall-fixture.js';

const HALL_NAME = {
  'zh-CN': '西湖区政务服务中心',
  'zh-HK': '西湖區政務服務中心',
  en: 'Xihu District Service Centre',
  ug: 'غەربىي كۆل رايونى مۇلازىمەت مەركىزى',
};
const printer = { id: 'printer', kind: 'printer' as const, transport: { type: 'simulated' as const } };
let kiosk: RunningHall;
let counter: RunningHall;
test.beforeAll(async () => {
  const base = {
    hallId: 'xihu-hall',
    hallName: HALL_NAME,
    platformUrl: 'embedded' as const,
    languages: ['zh-CN' as const, 'zh-HK' as const, 'en' as const, 'ug' as const],
    defaultLanguage: 'zh-CN' as const,
  };
  [kiosk, counter] = await Promise.all([
    startHall({ ...base, terminalId: 'kiosk-01', role: 'kiosk', devices: [printer] }),
    startHall({ ...base, terminalId: 'counter-01', role: 'counter', devices: [], queue: { counterId: 'counter-1', leasePrefixes: [] } }),
  ]);
});
test.afterAll(async () => Promise.all([kiosk?.stop(), counter?.stop()]));

test('the kiosk names the hall in each language, and its ticket names the hall and the priority class', async ({ page }) => {
  await page.goto(kiosk.openUrl);
  await expect(page.getByTestId('hall-name')).toHaveText(HALL_NAME['zh-CN'], { timeout: 15_000 });
  await expect(page.locator('.app-title')).toHaveText('政务服务自助终端');
  await page.getByTestId('lang-en').click();
  await expect(page.getByTestId('hall-name')).toHaveText(HALL_NAME.en);
  await expect(page.locator('body')).not.toContainText('xihu-hall');

  await api(kiosk, 'queue.issue', { service: 'social-security', priority: 'elderly' });
  await expect
    .poll(async () => (await api(kiosk, 'simulator.printer.lastPage', { deviceId: 'printer' }))?.text ?? '', { timeout: 15_000 })
    .toContain('类别：60 岁以上老人');
  const slip = (await api(kiosk, 'simulator.printer.lastPage', { deviceId: 'printer' }))!.text;
  expect(slip).toContain(HALL_NAME['zh-CN']);
  expect(slip).not.toContain('xihu-hall');
});

test('the counter is titled as a counter, not as a self-service kiosk', async ({ page }) => {
  await page.goto(counter.openUrl);
  await expect(page.locator('.app-title')).toHaveText('窗口服务终端', { timeout: 15_000 });
  await expect(page.getByTestId('hall-name')).toHaveText(HALL_NAME['zh-CN']);
  await expect(page.locator('body')).not.toContainText('政务服务自助终端');
});
