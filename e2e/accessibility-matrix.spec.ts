// axe on every screen of the hall, in every language, in normal and elder mode (AAA contrast).
// One hall per role; the language and mode are switched the way a citizen does, with the buttons.
// To add a screen, add one row to SCREENS (and a role to ROLES if it is a new kind of terminal).
// HALL_SCREENSHOTS=<dir> also saves a picture of each screen (for checking the RTL layout by eye);
// HALL_MATRIX_LANDSCAPE=1 puts the kiosk in 1920×1080; HALL_MATRIX_VERBOSE=1 logs each screen as it passes;
// HALL_A11Y_ONLY=<text> runs only the screens whose name contains it.
// It replaces the earlier accessibility.spec.ts and o2o-accessibility.spec.ts (every screen they
// checked is a row here). It is its own Playwright project (`--project=accessibility`), which
// `npm test` runs with two workers as a sampled Latin square (each screen once, see plan());
// `npm run test:a11y-full` runs the whole matrix (6.8 minutes on an idle two-core machine).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { TerminalConfigInput } from '../contract/config.js';
import type { HostMethodName } from '../contract/host-api.js';
import { SUPPORTED_LANGUAGES, type Language } from '../contract/languages.js';
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { expectAccessible } from './axe.js';
import { expectElderSized } from './elder-sizes.js';
import { api } from './host-call.js';
import { expect, test } from './hall-fixture.js';

type Mode = 'normal' | 'elder';
interface Ctx {
  page: Page;
  hall: RunningHall;
  call: (method: string, input: unknown) => Promise<unknown>;
  mode: Mode;
}

const simulated = (id: string, kind: string) => ({ id, kind, transport: { type: 'simulated' } }) as TerminalConfigInput['devices'][number];
const terminal = (terminalId: string, role: TerminalConfigInput['role'], extra: Partial<TerminalConfigInput> = {}): TerminalConfigInput => ({
  hallId: 'demo-hall',
  terminalId,
  role,
  platformUrl: 'embedded',
  languages: [...SUPPORTED_LANGUAGES],
  defaultLanguage: 'zh-CN',
  devices: [simulated('idcard', 'idcard-reader'), simulated('scanner', 'scanner'), simulated('printer', 'printer')],
  ...extra,
});

/** The kinds of terminal in the hall: how each is configured and which modes it offers. */
const ROLES = {
  kiosk: { config: terminal('kiosk-01', 'kiosk'), modes: ['normal', 'elder'], portrait: true },
  // A kiosk that asks "are you still there?" after five seconds, and waits five minutes for the answer.
  'kiosk-idle': { config: terminal('kiosk-02', 'kiosk', { session: { idleSeconds: 5, countdownSeconds: 300 } }), modes: ['normal', 'elder'], portrait: true },
  counter: {
    config: terminal('counter-01', 'counter', {
      devices: [simulated('led', 'led-screen'), simulated('idcard', 'idcard-reader'), simulated('scanner', 'scanner')],
      queue: { counterId: 'counter-1', leasePrefixes: [] },
    }),
    modes: ['normal'],
    portrait: false,
  },
  display: { config: terminal('display-01', 'display', { devices: [] }), modes: ['normal'], portrait: false },
  // A kiosk whose hall queue service cannot be reached (a dropped LAN or 4G link): 远程帮办 records a help request instead of ringing.
  'kiosk-hall-down': { config: terminal('kiosk-03', 'kiosk', { hallServiceUrl: 'http://127.0.0.1:9' }), modes: ['normal', 'elder'], portrait: true },
  // A village proxy point on the embedded platform, which enrols a demo agent (card and PIN in proxy-demo-agent.json).
  'proxy-point': { config: terminal('proxy-01', 'proxy-point'), modes: ['normal', 'elder'], portrait: true },
} satisfies Record<string, { config: TerminalConfigInput; modes: Mode[]; portrait: boolean }>;
type Role = keyof typeof ROLES;

const tap = (page: Page, testId: string) => page.getByTestId(testId).click();
const placeCard = (c: Ctx, card: string) => c.call('simulator.idcard.place', { deviceId: 'idcard', card });
async function removeCardAndEnd(c: Ctx) {
  await c.call('simulator.idcard.remove', { deviceId: 'idcard' });
  // The reader polls: once it has seen the card leave, the banner stops asking to take the card.
  await expect(c.page.locator('.card-hint'))
    .toHaveCount(0, { timeout: 10_000 })
    .catch(() => undefined);
  await c.call('session.end', { reason: 'requested' }).catch(() => undefined);
}
async function searchAndOpen(c: Ctx, query: string) {
  // Elder mode offers a few common services first; searching is one button away. The screen loads
  // on first use: wait for it to be drawn before asking which it shows.
  await expect(c.page.getByTestId('elder-other-items').or(c.page.getByTestId('catalog-search'))).toBeVisible();
  if (await c.page.getByTestId('elder-other-items').isVisible()) await tap(c.page, 'elder-other-items');
  await c.page.getByTestId('catalog-search').fill(query);
  await c.page.getByTestId('catalog-hit').first().click({ timeout: 20_000 });
}

/**
 * Every screen: the role it is on, how to reach it from that role's start (fresh page, language and
 * mode set), optionally how to put the terminal back, and the modes it exists in (default: the role's).
 */
const SCREENS: Array<{
  name: string;
  role: Role;
  reach: (c: Ctx) => Promise<unknown>;
  cleanUp?: (c: Ctx) => Promise<unknown>;
  modes?: Mode[];
  technician?: true;
}> = [
  { name: 'home', role: 'kiosk', reach: async (c) => expect(c.page.getByTestId('tile-guide')).toBeVisible() },
  {
    name: 'home with a card read',
    role: 'kiosk',
    reach: async (c) => {
      await placeCard(c, 'resident');
      await expect(c.page.getByTestId('card-holder')).toBeVisible({ timeout: 10_000 });
    },
    cleanUp: removeCardAndEnd,
  },
  {
    name: 'elder-mode offer',
    role: 'kiosk',
    modes: ['normal'],
    reach: async (c) => {
      await placeCard(c, 'elder');
      await expect(c.page.getByTestId('elder-offer')).toBeVisible({ timeout: 10_000 });
    },
    cleanUp: removeCardAndEnd,
  },
  {
    name: 'simulated devices panel',
    role: 'kiosk',
    technician: true,
    reach: async (c) => {
      await tap(c.page, 'simulators-toggle');
      await expect(c.page.getByTestId('simulators-toggle')).toHaveAttribute('aria-expanded', 'true');
    },
  },
  {
    name: 'guide: search results',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-guide');
      await c.page.getByTestId('catalog-search').fill('sfz');
      await expect(c.page.getByTestId('catalog-hit').first()).toBeVisible({ timeout: 20_000 });
    },
  },
  {
    name: 'guide: an item',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-guide');
      await searchAndOpen(c, 'sbk');
      await expect(c.page.getByTestId('item-guide')).toBeVisible();
    },
  },
  {
    name: 'on-screen keyboard: pinyin with candidates',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-guide');
      await tap(c.page, 'kbd-mode-pinyin');
      for (const key of 'gao') await tap(c.page, `kbd-key-${key}`);
      await expect(c.page.getByTestId('kbd-candidate').first()).toBeVisible({ timeout: 20_000 });
    },
  },
  {
    name: 'apply: choose',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-apply');
      await expect(c.page.getByTestId('service-apply')).toBeVisible();
    },
  },
  {
    name: 'apply: personal code for a sensitive item',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-apply');
      await searchAndOpen(c, 'gljt');
      await expect(c.page.getByTestId('apply-code')).toBeVisible();
    },
  },
  {
    name: 'apply: identify',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-apply');
      await searchAndOpen(c, 'sbk');
      await expect(c.page.getByTestId('apply-identify')).toBeVisible();
    },
  },
  {
    name: 'apply: form and materials',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-apply');
      await searchAndOpen(c, 'sbk');
      await placeCard(c, 'resident');
      await expect(c.page.getByTestId('form-name')).toHaveText('张**', { timeout: 15_000 });
      await c.page.getByTestId('form-phone').fill('13800001234');
      await expectAccessible(c.page, 'apply: form', { enhancedContrast: c.mode === 'elder' });
      if (c.mode === 'elder') await expectElderSized(c.page, 'apply: form');
      await tap(c.page, 'apply-next');
      await expect(c.page.getByTestId('material').first()).toBeVisible();
    },
    cleanUp: removeCardAndEnd,
  },
  {
    name: 'track: a code with a typing mistake',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-track');
      await c.page.getByTestId('track-code').fill('ABC');
      await tap(c.page, 'track-submit');
      await expect(c.page.getByTestId('track-error')).toBeVisible();
    },
  },
  {
    name: 'ticket: choose a service',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-ticket');
      await expect(c.page.getByTestId('service-ticket')).toBeVisible();
    },
  },
  {
    name: 'ticket: the number',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-ticket');
      await c.page.locator('[data-testid^="service-"]:not([data-testid="service-ticket"])').first().click();
      await expect(c.page.getByTestId('ticket-number')).toBeVisible({ timeout: 15_000 });
    },
  },
  {
    name: 'appointment check-in',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-appointment');
      await expect(c.page.getByTestId('appointment-prompt')).toBeVisible();
    },
  },
  {
    // 呼叫工作人员 open: its card opens over the page; the header does not grow and the tiles stay clear of the status bar.
    name: 'call staff: open',
    role: 'kiosk',
    modes: ['elder'],
    reach: async (c) => {
      const headerBefore = (await c.page.locator('.app-header').boundingBox())!;
      await tap(c.page, 'assist-call-button');
      await expect(c.page.getByTestId('assist-call')).toHaveAttribute('data-state', 'open', { timeout: 15_000 });
      expect((await c.page.locator('.app-header').boundingBox())!.height, 'the header does not grow').toBeLessThanOrEqual(headerBefore.height + 1);
      const toggle = (await c.page.getByTestId('elder-toggle').boundingBox())!;
      expect(toggle.height, 'the round buttons keep their shape').toBeLessThan(140);
      const main = (await c.page.locator('.app-main').boundingBox())!;
      const statusBar = (await c.page.locator('.status-bar').boundingBox())!;
      expect(main.y + main.height).toBeLessThanOrEqual(statusBar.y + 1);
    },
    cleanUp: (c) => tap(c.page, 'assist-cancel'),
  },
  {
    // 远程帮办 with the hall link up rings the 帮办席: the call panel over the page while it rings.
    name: 'remote help: ringing',
    role: 'kiosk',
    reach: async (c) => {
      // Until the page has heard that the hall link is up the button opens the help request instead: close it and press again.
      await expect(async () => {
        if (await c.page.getByTestId('help-request-dialog').isVisible()) await tap(c.page, 'help-close');
        await tap(c.page, 'remote-help');
        await expect(c.page.getByTestId('remote-help-call')).toHaveAttribute('data-state', 'ringing', { timeout: 3000 });
      }).toPass({ timeout: 20_000 });
    },
    cleanUp: async (c) => {
      await tap(c.page, 'remote-help-hangup');
      await expect(c.page.getByTestId('remote-help-call')).toHaveCount(0);
    },
  },
  {
    // With the hall link down the same button opens the voice-note help request.
    name: 'remote help: voice note request',
    role: 'kiosk-hall-down',
    reach: async (c) => {
      await tap(c.page, 'remote-help');
      await expect(c.page.getByTestId('help-request-dialog')).toBeVisible({ timeout: 15_000 });
    },
    cleanUp: (c) => tap(c.page, 'help-close'),
  },
  {
    // 用手机拍照上传 on a material: the QR for the citizen's phone (or, in a hall with no LAN address for phones, why there is none).
    name: 'apply: photo from the phone',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-apply');
      await searchAndOpen(c, 'sbk');
      await placeCard(c, 'resident');
      await expect(c.page.getByTestId('form-name')).toHaveText('张**', { timeout: 15_000 });
      await c.page.getByTestId('form-phone').fill('13800001234');
      await tap(c.page, 'apply-next');
      await c.page.getByTestId('material-phone').first().click();
      await expect(c.page.getByTestId('phone-qr').or(c.page.getByTestId('phone-not-set-up'))).toBeVisible({ timeout: 15_000 });
    },
    cleanUp: removeCardAndEnd,
  },
  {
    name: 'evaluate',
    role: 'kiosk',
    reach: async (c) => {
      await tap(c.page, 'tile-evaluate');
      await expect(c.page.getByTestId('service-evaluate')).toBeVisible();
    },
  },
  {
    name: 'admin PIN pad and admin screen',
    role: 'kiosk',
    technician: true,
    reach: async (c) => {
      for (let i = 0; i < 5; i += 1) await tap(c.page, 'terminal-label');
      await expect(c.page.getByTestId('admin-key-ok')).toBeVisible();
      await expectAccessible(c.page, 'admin PIN pad', { enhancedContrast: c.mode === 'elder' });
      const pin = readFileSync(join(c.hall.dataDir, 'admin-pin'), 'utf8').trim();
      for (const digit of pin) await tap(c.page, `admin-key-${digit}`);
      await tap(c.page, 'admin-key-ok');
      await expect(c.page.getByTestId('admin-screen')).toBeVisible();
    },
    cleanUp: (c) => tap(c.page, 'admin-lock'),
  },
  {
    name: 'idle countdown',
    role: 'kiosk-idle',
    reach: async (c) => {
      await tap(c.page, 'tile-guide');
      await expect(c.page.getByTestId('idle-countdown')).toBeVisible({ timeout: 20_000 });
    },
    cleanUp: (c) => tap(c.page, 'idle-finish'),
  },
  { name: 'counter: queue', role: 'counter', reach: async (c) => expect(c.page.getByTestId('counter-tab-main')).toHaveAttribute('aria-selected', 'true') },
  {
    name: 'counter: acceptance',
    role: 'counter',
    reach: async (c) => {
      await tap(c.page, 'counter-tab-acceptance');
      await expect(c.page.getByTestId('counter-acceptance')).toBeVisible();
    },
  },
  {
    name: 'counter: personal codes',
    role: 'counter',
    reach: async (c) => {
      await tap(c.page, 'counter-tab-personal-code');
      await expect(c.page.getByTestId('personal-code-desk')).toBeVisible();
    },
  },
  {
    name: 'counter: statistics',
    role: 'counter',
    reach: async (c) => {
      await openView(c, 'stats');
      await expect(c.page.getByTestId('stats-page')).toBeVisible({ timeout: 15_000 });
    },
  },
  {
    name: 'counter: citizen-facing rating window',
    role: 'counter',
    reach: async (c) => {
      await openView(c, 'evaluate');
      await expect(c.page.getByTestId('evaluate-idle')).toBeVisible({ timeout: 15_000 });
    },
  },
  { name: 'hall display', role: 'display', reach: async (c) => expect(c.page.getByTestId('display-screen')).toBeVisible() },
  {
    name: 'proxy: agent sign-in',
    role: 'proxy-point',
    reach: async (c) => expect(c.page.getByTestId('proxy-scan-prompt')).toBeVisible({ timeout: 20_000 }),
    cleanUp: signOutAgent,
  },
  {
    name: 'proxy: PIN refused',
    role: 'proxy-point',
    reach: async (c) => {
      await scanAgentCard(c);
      await c.page.getByTestId('proxy-pin').fill('00000000');
      await tap(c.page, 'proxy-sign-in-submit');
      await expect(c.page.getByTestId('proxy-refusal')).toBeVisible();
    },
    cleanUp: async (c) => {
      await tap(c.page, 'proxy-rescan');
      await signOutAgent(c);
    },
  },
  {
    name: 'proxy: apply for a villager',
    role: 'proxy-point',
    reach: async (c) => {
      await signInAgent(c);
      await expect(c.page.getByTestId('proxy-apply')).toBeVisible();
    },
    cleanUp: signOutAgent,
  },
  {
    // 养老保险待遇资格认证 needs only the ID card, fetched from the electronic license library: no camera here.
    name: 'proxy: the authorisation to sign',
    role: 'proxy-point',
    reach: async (c) => {
      await signInAgent(c);
      await searchAndOpen(c, '资格认证');
      await placeCard(c, 'resident');
      await c.page.getByTestId('proxy-phone').fill('13800001234', { timeout: 15_000 });
      await tap(c.page, 'proxy-next');
      await c.page.getByTestId('material-elicense').first().click();
      await tap(c.page, 'proxy-next');
      await expect(c.page.getByTestId('proxy-authorisation-text')).toBeVisible();
    },
    cleanUp: async (c) => {
      await removeCardAndEnd(c);
      await signOutAgent(c);
    },
  },
  {
    name: 'proxy: my cases',
    role: 'proxy-point',
    reach: async (c) => {
      await signInAgent(c);
      await tap(c.page, 'proxy-tab-cases');
      await expect(c.page.getByTestId('proxy-cases')).toBeVisible({ timeout: 15_000 });
    },
    cleanUp: signOutAgent,
  },
  {
    name: 'proxy: day-end report',
    role: 'proxy-point',
    reach: async (c) => {
      await signInAgent(c);
      await tap(c.page, 'proxy-tab-report');
      await expect(c.page.getByTestId('proxy-report')).toBeVisible();
    },
    cleanUp: signOutAgent,
  },
];

/** The demo agent the embedded platform enrolled for a proxy point. */
const demoAgent = (c: Ctx) => JSON.parse(readFileSync(join(c.hall.dataDir, 'proxy-demo-agent.json'), 'utf8')) as { card: string; pin: string };
async function scanAgentCard(c: Ctx) {
  await expect(c.page.getByTestId('proxy-scan-prompt')).toBeVisible({ timeout: 20_000 });
  await c.call('simulator.scanner.scan', { deviceId: 'scanner', data: demoAgent(c).card });
  await expect(c.page.getByTestId('proxy-card-read')).toBeVisible();
}
async function signInAgent(c: Ctx) {
  await scanAgentCard(c);
  await c.page.getByTestId('proxy-pin').fill(demoAgent(c).pin);
  await tap(c.page, 'proxy-sign-in-submit');
  await expect(c.page.getByTestId('proxy-agent')).toBeVisible();
}
/** Signs the agent out and ends the session, as the screen's sign-out does (elder mode is reset with it). */
async function signOutAgent(c: Ctx) {
  await c.call('session.end', { reason: 'requested' });
  await c.call('proxy.signOut', {});
}

/** A counter's other views are separate pages (`?view=…`): open it, then set language and mode again. */
async function openView(c: Ctx, view: string) {
  const lng = await c.page.locator('html').getAttribute('lang');
  await c.page.goto(c.hall.openUrl.replace('/#', `/?view=${view}#`));
  await tap(c.page, `lang-${lng}`);
}

async function startFresh(page: Page, hall: RunningHall, lng: Language, mode: Mode, role: Role) {
  // The address differs only in its fragment from the last one: leave first, or nothing reloads.
  await page.goto('about:blank');
  // The public display has no language buttons: it is opened in its language.
  if (role === 'display') await page.goto(hall.openUrl.replace('/#', `/?lang=${lng}#`));
  else {
    await page.goto(hall.openUrl);
    await tap(page, `lang-${lng}`);
  }
  await expect(page.locator('html')).toHaveAttribute('lang', lng);
  if (mode === 'elder') {
    await tap(page, 'elder-toggle');
    await expect(page.locator('html')).toHaveClass(/\belder\b/);
  }
}

/**
 * Which screens run in which (language, mode). The full matrix (`npm run test:a11y-full`, or
 * HALL_A11Y_FULL=1) runs every screen in every combination. `npm test` runs a Latin square: each
 * screen once, in one combination, the combinations dealt round the role's screens in turn (a role with
 * at least as many screens as combinations visits each language in each mode in every run); the seed
 * (the commit, or HALL_A11Y_SEED) turns the deal, so successive commits cover the rest of the matrix.
 * A failure names its seed.
 */
const FULL_MATRIX = process.env.HALL_A11Y_FULL === '1';
function matrixSeed(): number {
  if (process.env.HALL_A11Y_SEED) return Number(process.env.HALL_A11Y_SEED) >>> 0;
  try {
    return (
      parseInt(
        execFileSync('git', ['rev-parse', '--short=7', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
          .toString()
          .trim(),
        16,
      ) >>> 0
    );
  } catch {
    return 0;
  }
}
const SEED = matrixSeed();

type Combo = { lng: Language; mode: Mode };
function plan(role: Role, screens: typeof SCREENS): Array<{ combo: Combo; screens: typeof SCREENS }> {
  const modes = ROLES[role].modes as Mode[];
  const combos: Combo[] = modes.flatMap((mode) => SUPPORTED_LANGUAGES.map((lng) => ({ lng, mode })));
  const runsIn = (screen: (typeof SCREENS)[number], combo: Combo) => (screen.modes ?? modes).includes(combo.mode);
  if (FULL_MATRIX) return combos.map((combo) => ({ combo, screens: screens.filter((s) => runsIn(s, combo)) }));
  const dealt = new Map<Combo, typeof SCREENS>(combos.map((c) => [c, []]));
  screens.forEach((screen, i) => {
    // The i-th screen takes the (i + seed)-th combination, or the next one the screen exists in.
    for (let k = 0; k < combos.length; k += 1) {
      const combo = combos[(i + SEED + k) % combos.length]!;
      if (runsIn(screen, combo)) {
        dealt.get(combo)!.push(screen);
        return;
      }
    }
  });
  return combos.map((combo) => ({ combo, screens: dealt.get(combo)! })).filter((p) => p.screens.length > 0);
}

// Each (role, language, mode) is its own test, so `--workers=N` spreads the matrix over N browsers,
// each worker starting the halls of the roles it runs.
test.describe.configure({ mode: 'parallel' });

const screenshotDir = process.env.HALL_SCREENSHOTS;
const landscapeKiosk = process.env.HALL_MATRIX_LANDSCAPE === '1';

// HALL_A11Y_ONLY=<text>: only the screens whose name contains it (checking a new row without the rest).
const only = process.env.HALL_A11Y_ONLY;

for (const [role, setup] of Object.entries(ROLES) as Array<[Role, (typeof ROLES)[Role]]>) {
  const roleScreens = SCREENS.filter((s) => s.role === role && (!only || s.name.includes(only)));
  if (roleScreens.length === 0) continue;
  test.describe(`${role}`, () => {
    const portrait = setup.portrait && !landscapeKiosk;
    // A step that cannot be done fails that screen within seconds instead of hanging the matrix.
    test.use({
      viewport: portrait ? { width: 1080, height: 1920 } : { width: 1920, height: 1080 },
      hasTouch: true,
      actionTimeout: 15_000,
      navigationTimeout: 20_000,
    });
    let hall: RunningHall;
    test.beforeAll(async () => {
      hall = await startHall(setup.config);
      if (process.env.HALL_MATRIX_VERBOSE) console.log(`started a ${role} hall`);
    });
    test.afterAll(async () => hall?.stop());

    for (const {
      combo: { lng, mode },
      screens,
    } of plan(role, roleScreens)) {
      const which = FULL_MATRIX ? 'every' : `${screens.length} of the ${roleScreens.length} (seed ${SEED})`;
      test(`${which} ${role} screen${screens.length === 1 ? '' : 's'} pass${screens.length === 1 ? 'es' : ''} axe in ${lng}, ${mode} mode`, async ({
        page,
      }) => {
        test.setTimeout(30_000 + screens.length * 30_000);
        const call = (method: string, input: unknown) => api(hall, method as HostMethodName, input as never);
        const ctx: Ctx = { page, hall, call, mode };
        const failures: string[] = [];
        for (const screen of screens) {
          await startFresh(page, hall, lng, mode, role);
          const where = `${screen.name} [${lng}, ${mode}]`;
          try {
            await screen.reach(ctx);
            await expectAccessible(page, where, { enhancedContrast: mode === 'elder' });
            // A citizen's screen in elder mode: the MIIT sizes, measured (the technician's screens are not for citizens).
            if (mode === 'elder' && !screen.technician) await expectElderSized(page, where);
          } catch (error) {
            failures.push(`${where}: ${(error as Error).message.split('\n').slice(0, 12).join('\n')}`);
          }
          if (process.env.HALL_MATRIX_VERBOSE) console.log(`${where}: ${failures.at(-1)?.startsWith(where) ? 'FAILED' : 'ok'}`);
          if (screenshotDir) {
            mkdirSync(screenshotDir, { recursive: true });
            await page.screenshot({
              path: join(screenshotDir, `${role}-${screen.name.replace(/\W+/g, '_')}-${lng}-${mode}${portrait ? '' : '-landscape'}.png`),
            });
          }
          await screen.cleanUp?.(ctx).catch(() => undefined);
        }
        expect(failures, FULL_MATRIX ? undefined : `reproduce with HALL_A11Y_SEED=${SEED}`).toEqual([]);
      });
    }
  });
}
