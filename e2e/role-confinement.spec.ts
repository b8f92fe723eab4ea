// The counter's citizen-facing rating window (`?view=evaluate`) is confined by the host, not only
// drawn without clerk controls: its token reaches rating and nothing else. The manager's statistics view
// (`?view=stats`) is confined the same way: figures, forecast and follow-ups, no ticket.
import { startHall, type RunningHall } from '../test/helpers/start-hall.js';
import { api } from './host-call.js';
import { expect, test } from './hall-fixture.js';

let counter: RunningHall;
test.beforeAll(async () => {
  counter = await startHall({
    hallId: 'demo-hall',
    terminalId: 'counter-01',
    role: 'counter',
    platformUrl: 'embedded',
    languages: ['zh-CN', 'zh-HK', 'en', 'ug'],
    defaultLanguage: 'zh-CN',
    devices: [{ id: 'idcard', kind: 'idcard-reader', transport: { type: 'simulated' } }],
    queue: { counterId: 'counter-1', leasePrefixes: [] },
  });
});
test.afterAll(async () => counter?.stop());

const viewToken = (address: string) => new URLSearchParams(new URL(address).hash.slice(1)).get('token')!;
async function callAs(token: string, method: string, input: unknown = {}) {
  const response = await fetch(new URL(`api/v1/call/${method}`, counter.url), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(input),
  });
  return (await response.json()) as { ok: boolean; value?: unknown; error?: { code: string } };
}

test('the rating window shows no clerk control and its token may only rate', async ({ page }) => {
  const address = counter.views.evaluate ?? '';
  expect(address, 'the counter prints a confined address for its rating window').toContain('?view=evaluate#token=');
  const token = viewToken(address);
  expect(token).not.toBe(counter.token);

  await page.goto(address);
  await expect(page.getByTestId('evaluate-idle')).toBeVisible({ timeout: 15_000 });
  // None of the clerk's desk, tabs, status bar, simulators, card banner or terminal id.
  for (const clerkControl of [
    'counter-tab-main',
    'counter-tab-acceptance',
    'counter-tab-personal-code',
    'call-next',
    'sync-state',
    'terminal-label',
    'assist-banner',
  ]) {
    await expect(page.getByTestId(clerkControl), clerkControl).toHaveCount(0);
  }
  await expect(page.getByRole('tab')).toHaveCount(0);

  // Whatever a page with this token asks, only rating reaches the host.
  for (const method of [
    'counter.open',
    'counter.decide',
    'queue.call',
    'queue.finish',
    'personalCode.issue',
    'personalCode.revoke',
    'printer.printReceipt',
    'idcard.current',
    'admin.unlock',
    'simulator.idcard.place',
    'devices.list',
  ]) {
    expect(await callAs(token, method), method).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  }
  expect((await callAs(token, 'terminal.info')).value).toMatchObject({ role: 'counter', view: 'evaluate' });
  // The same address with the clerk's own `?view=` but no token of its own gets nothing either.
  expect((await callAs('not-a-token', 'queue.snapshot')).error?.code).toBe('unauthorized');

  // The clerk serves a citizen and finishes: the window asks for a rating, and the rating is accepted.
  const issued = await api(counter, 'queue.issue', { service: 'social-security', priority: 'vip' });
  await api(counter, 'queue.call', { ticketId: issued.ticket.id });
  await api(counter, 'queue.finish', {});
  await expect(page.getByTestId('rating-panel')).toHaveAttribute('data-ticket', issued.ticket.number, { timeout: 15_000 });
  await page.getByTestId('rate-5').click();
  await expect(page.getByTestId('rating-thanks')).toBeVisible();
});

test('the clerk’s own window keeps the desk and its tabs', async ({ page }) => {
  await page.goto(counter.openUrl);
  await expect(page.getByTestId('counter-tab-main')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('counter-tab-acceptance')).toBeVisible();
  await expect(page.getByTestId('sync-state')).toBeVisible();
  // Its token is a counter's: no applications, agents or appointment check-in, whatever a page asks.
  for (const method of ['application.start', 'application.submit', 'proxy.signIn', 'queue.checkIn', 'queue.announcements']) {
    expect(await callAs(counter.token, method), method).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  }
  expect((await callAs(counter.token, 'queue.snapshot')).ok).toBe(true);
});

test("the manager's view reads the figures, forecast and follow-ups, and its token calls no ticket", async ({ page }) => {
  const address = counter.views.stats ?? '';
  expect(address, 'the counter prints a confined address for its statistics view').toContain('?view=stats#token=');
  const token = viewToken(address);
  for (const method of [
    'queue.call',
    'queue.start',
    'queue.finish',
    'queue.issue',
    'queue.evaluate',
    'counter.open',
    'personalCode.issue',
    'admin.unlock',
    'simulator.idcard.place',
  ]) {
    expect(await callAs(token, method), method).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
  }
  expect(await callAs(token, 'queue.productivity', { period: 'week' })).toMatchObject({ ok: true, value: { period: 'week' } });
  expect(await callAs(token, 'queue.forecast', { days: 7 })).toMatchObject({ ok: true });
  expect(await callAs(token, 'queue.followUps')).toMatchObject({ ok: true, value: { followUps: expect.any(Array) } });
  await page.goto(address);
  await expect(page.getByTestId('productivity')).toBeVisible({ timeout: 15_000 });
  await expect(page.getByTestId('export-csv')).toBeEnabled();
  await expect(page.getByTestId('call-next')).toHaveCount(0);
});
