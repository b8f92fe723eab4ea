// 远程视频帮办, live, in the default hall (`npm start`, and `npm start -- --counter` beside it): a kiosk
// citizen rings the hall's 帮办席, a clerk answers at the counter, media flows both ways over WebRTC
// (Chromium's fake camera and microphone), the clerk sees the citizen's screen as masked data, points
// at a field and fills it, the citizen submits, and the counter's 一窗受理 shows the package's signed
// manifest naming the assisting clerk.
// The kiosk on the built-in defaults (its platform embedded) and the counter beside it, as a newcomer
// starts them; one Chromium with two contexts.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { openSbkApplication, giveRequiredMaterials, submitApplication } from './apply-steps.js';
import { expectAccessible } from './axe.js';
import { expect, test } from './hall-fixture.js';
import { api, FAKE_CAMERA_KIOSK, sign } from './host-call.js';

test.use(FAKE_CAMERA_KIOSK);
test.describe.configure({ mode: 'serial', timeout: 180_000 });

let kiosk: RunningHall;
let counter: RunningHall;
let citizen: Page;
let clerk: Page;
/** The demo clerk the kiosk's embedded platform made for the counter beside it (its 工号 and PIN in the kiosk's data folder). */
let demoClerk: { clerkId: string; pin: string };

/** Polls until the condition holds (event-driven states come through the hosts' streams). */
async function until(probe: () => Promise<boolean>, what: string, timeoutMs = 40_000) {
  await expect.poll(async () => probe().catch(() => false), { timeout: timeoutMs, message: what }).toBe(true);
}

/** HALL_SCREENSHOTS=<dir> keeps a picture of each side in the call (to check the layout by eye). */
async function picture(page: Page, name: string) {
  if (process.env.HALL_SCREENSHOTS) await page.screenshot({ path: join(process.env.HALL_SCREENSHOTS, `remote-help-${name}.png`) });
}

test.beforeAll(async ({ browser }) => {
  test.setTimeout(150_000);
  // `npm start`: the built-in defaults. Then, once the kiosk has prepared it, `npm start -- --counter`.
  kiosk = await startHall();
  await until(
    async () => existsSync(join(kiosk.dataDir, 'counter-beside.json')) && existsSync(join(kiosk.dataDir, 'counter-demo-clerk.json')),
    'the counter prepared',
  );
  counter = await startHall(undefined, undefined, { args: ['--counter', '--kiosk-data-dir', kiosk.dataDir] });
  demoClerk = JSON.parse(readFileSync(join(kiosk.dataDir, 'counter-demo-clerk.json'), 'utf8')) as { clerkId: string; pin: string };
  for (const h of [kiosk, counter]) await until(async () => (await api(h, 'liveHelp.state', {})).online, 'terminals following the hall stream');
  // Only counters answer: the platform knows this one's role once its signing key has gone up through the outbox.
  await until(async () => (await api(counter, 'sync.state', {})).pendingCount === 0, 'counter role announced');
  expect(await api(counter, 'clerk.signIn', { clerkId: demoClerk.clerkId, pin: demoClerk.pin })).toMatchObject({ signedIn: true });
  citizen = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true })).newPage();
  clerk = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  await citizen.goto(kiosk.openUrl);
  await clerk.goto(counter.openUrl);
  await expect(clerk.getByTestId('counter-screen')).toBeVisible();
});
test.afterAll(async () => {
  await counter?.stop();
  await kiosk?.stop();
});

test('the citizen rings, the clerk answers, media flows both ways, the clerk points and fills, the package names the clerk', async () => {
  // The citizen is on the form of 社保卡申领 with the card on the reader, and asks for help.
  await openSbkApplication(citizen);
  await api(kiosk, 'simulator.idcard.place', { deviceId: 'idcard', card: 'resident' });
  await expect(citizen.getByTestId('form-name')).toHaveText('张**', { timeout: 15_000 });
  await citizen.getByTestId('remote-help').tap();
  const panel = citizen.getByTestId('remote-help-call');
  await expect(panel).toHaveAttribute('data-state', 'ringing');

  // The counter's 帮办席 rings; the clerk answers.
  await clerk.getByTestId('counter-tab-assist-desk').click();
  await expect(clerk.getByTestId('assist-desk-ringing')).toHaveCount(1);
  await expect(clerk.getByTestId('assist-desk-ringing')).toContainText('kiosk-01');
  await clerk.getByTestId('assist-desk-answer').click();
  await expect(panel).toHaveAttribute('data-state', 'answered');

  // Both sides connected, media really flowing (inbound bytes from getStats), polled, not slept.
  const desk = clerk.getByTestId('assist-desk-call');
  await expect(desk).toHaveAttribute('data-media', 'flowing', { timeout: 30_000 });
  await expect(panel).toHaveAttribute('data-media', 'flowing', { timeout: 30_000 });

  // The clerk sees the screen as data: the item, the step, the fields with personal data masked.
  const screen = clerk.getByTestId('assist-desk-screen');
  await expect(screen).toHaveAttribute('data-step', 'form');
  await expect(clerk.getByTestId('assist-desk-item')).toHaveText('社保卡申领');
  await expect(clerk.getByTestId('assist-desk-value-name')).toHaveText('张**');
  await expectAccessible(clerk, 'counter 帮办席 in a call');

  // The clerk points at the phone field: outlined on the citizen's screen, with a visible hint.
  await clerk.getByTestId('assist-desk-point-phone').click();
  await expect(citizen.getByTestId('form-phone')).toHaveClass(/\brh-highlight\b/);
  await expect(citizen.getByTestId('remote-help-hint')).toBeVisible();
  // The name is not fillable: the desk offers no fill for it.
  await expect(clerk.getByTestId('assist-desk-fill-name')).toHaveCount(0);

  // The clerk fills the phone while the citizen watches: the form has it, the clerk sees it masked.
  await clerk.getByTestId('assist-desk-fill-value-phone').fill('13800001234');
  await clerk.getByTestId('assist-desk-fill-phone').click();
  await expect(citizen.getByTestId('form-phone')).toHaveValue('13800001234');
  await expect(citizen.getByTestId('remote-help-filled')).toBeVisible();
  await expect(clerk.getByTestId('assist-desk-value-phone')).toHaveText('138****1234');
  await expectAccessible(citizen, 'kiosk in a remote help call');
  // The citizen chooses to show their details: the clerk sees the number.
  await citizen.getByTestId('remote-help-show-mine').tap();
  await expect(clerk.getByTestId('assist-desk-value-phone')).toHaveText('13800001234');
  await picture(citizen, 'kiosk');
  await picture(clerk, 'counter');

  // The citizen hangs up: media stopped, the call gone on both sides.
  await citizen.getByTestId('remote-help-hangup').tap();
  await expect(panel).toHaveCount(0);
  await expect(desk).toHaveCount(0);
  await expect(citizen.getByTestId('form-phone')).not.toHaveClass(/\brh-highlight\b/);

  // The citizen finishes and submits.
  await citizen.getByTestId('apply-next').tap();
  await giveRequiredMaterials(citizen);
  await citizen.getByTestId('apply-next').tap();
  await citizen.getByTestId('apply-next').tap();
  await sign(citizen);
  const trackingCode = await submitApplication(citizen);

  // The signed manifest names the assisting clerk; the counter's 一窗受理 shows it.
  await until(async () => (await api(kiosk, 'sync.state', {})).pendingCount === 0, 'the package synced');
  await clerk.getByTestId('counter-tab-acceptance').click();
  await clerk.getByTestId('counter-code').fill(trackingCode);
  await clerk.getByTestId('counter-code').press('Enter');
  const pkg = clerk.getByTestId('counter-package');
  await expect(pkg).toBeVisible({ timeout: 15_000 });
  await expect(clerk.getByTestId('counter-verification')).toHaveAttribute('data-valid', 'true');
  await expect(clerk.getByTestId('counter-assisted-by')).toHaveText(
    new RegExp(`^远程帮办：.+ · 工号 \u2068?${demoClerk.clerkId}\u2069?（终端 \u2068?counter-01\u2069?）$`),
  );
});
