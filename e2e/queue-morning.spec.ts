import { expect, test, type Page } from '@playwright/test';
import { api, startQueueHall, waitFor, type QueueHall } from './queue-helpers.js';

// Six real hosts and a platform process: one hall, set up once for the file.
test.describe.configure({ mode: 'serial', timeout: 240_000 });

let hall: QueueHall;
test.beforeAll(async () => {
  test.setTimeout(180_000);
  hall = await startQueueHall();
});
test.afterAll(async () => hall?.stop());

/**
 * The display shows the call. How long that took is a benchmark's business (bench/queue-display.bench.ts,
 * against the display's 200 ms budget); here it is only noted, since a loaded machine may be slower.
 */
async function expectCallShown(page: Page, number: string) {
  const now = page.getByTestId('now-calling');
  await expect(page.getByTestId('now-number')).toHaveText(number, { timeout: 5000 });
  const eventAt = Date.parse((await now.getAttribute('data-event-at'))!);
  const displayedAt = Number(await now.getAttribute('data-received-at'));
  test.info().annotations.push({ type: 'display latency (ms)', description: `${number}: ${displayedAt - eventAt}` });
  return eventAt;
}

test('a whole morning: kiosks issue, counters call, recall, transfer and finish; display, LED and voice follow; ratings recorded', async ({ browser }) => {
  const [k1, k2, k3] = hall.kiosks as [typeof hall.display, typeof hall.display, typeof hall.display];
  const [c1, c2] = hall.counters as [typeof hall.display, typeof hall.display];
  const kioskPage = await (await browser.newContext({ viewport: { width: 1080, height: 1920 }, hasTouch: true })).newPage();
  const displayPage = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  const counterPage = await (await browser.newContext({ viewport: { width: 1920, height: 1080 } })).newPage();
  const evaluatePage = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
  await displayPage.goto(hall.display.openUrl);
  await counterPage.goto(c1.openUrl);
  // The counter's confined address for its rating window, as the host prints it.
  await evaluatePage.goto(c1.views.evaluate!);
  await expect(displayPage.getByTestId('display-screen')).toBeVisible();
  await expect(counterPage.getByTestId('counter-policy')).toContainText('严格优先：绿色通道 > 残疾人 > 60 岁以上老人');
  await expect(evaluatePage.getByTestId('evaluate-idle')).toBeVisible();

  // Kiosk 1, in the UI: an elder takes a social-security number with the priority button; it prints.
  await kioskPage.goto(k1.openUrl);
  await kioskPage.getByTestId('tile-ticket').tap();
  await kioskPage.getByTestId('priority-elderly').tap();
  await kioskPage.getByTestId('service-social-security').tap();
  const elderNumber = (await kioskPage.getByTestId('ticket-number').textContent())!;
  await expect(kioskPage.getByTestId('print-status')).toHaveAttribute('data-outcome', 'printed');
  const page1 = await api(k1, 'simulator.printer.lastPage', { deviceId: 'printer' });
  expect(page1!.text).toContain(elderNumber);

  // Kiosk 2 issues two ordinary tickets; kiosk 3 checks in an appointment with a simulated ID card.
  const ordinary = await api(k2, 'queue.issue', { service: 'social-security', priority: 'normal' });
  const general = await api(k2, 'queue.issue', { service: 'general', priority: 'normal' });
  await api(k3, 'simulator.idcard.place', { deviceId: 'idcard', card: 'gat' });
  const appointment = await waitFor(() => api(k3, 'queue.checkIn', {}), 10_000, 'check-in');
  expect(appointment.ticket).toMatchObject({ priority: 'appointment', source: 'appointment', maskedName: '陈**' });

  // Paper runs out at kiosk 1: the citizen is told, and the ticket is on screen.
  await api(k1, 'simulator.printer.set', { deviceId: 'printer', paper: 'out' });
  await kioskPage.getByTestId('ticket-done').tap();
  await kioskPage.getByTestId('tile-ticket').tap();
  await kioskPage.getByTestId('service-medical-insurance').tap();
  await expect(kioskPage.getByTestId('print-status')).toHaveAttribute('data-outcome', 'refused');
  await expect(kioskPage.getByTestId('print-status')).toHaveAttribute('role', 'alert');
  const paperlessNumber = (await kioskPage.getByTestId('ticket-number').textContent())!;
  expect(paperlessNumber).toMatch(/^A\d{3}$/);

  await kioskPage.context().close(); // the kiosk's citizen has left; fewer pages share the two cores

  // Counter 1 calls in the UI: the elder first (strict priority), shown on the display and the LED.
  await counterPage.getByTestId('call-next').click();
  await expect(counterPage.getByTestId('current-ticket')).toHaveText(elderNumber);
  const calledAt = await expectCallShown(displayPage, elderNumber);
  const led = await waitFor(
    async () => {
      const shown = await api(c1, 'simulator.led.shown', { deviceId: 'led' });
      return shown?.text.includes(elderNumber) ? shown : undefined;
    },
    5000,
    'LED text',
  );
  test.info().annotations.push({ type: 'LED latency (ms)', description: `${elderNumber}: ${led.receivedAt - calledAt}` });
  await expect(displayPage.getByTestId('waiting-social-security')).toBeVisible();

  // Recall once (after the configured gap), then finish; the customer window asks for a rating: a bad one.
  await counterPage.waitForTimeout(1100);
  await counterPage.getByTestId('recall').click();
  await expect(displayPage.getByTestId('now-calling')).toHaveAttribute('data-seq', /\d+/);
  await expectCallShown(displayPage, elderNumber);
  await counterPage.getByTestId('finish').click();
  await expect(evaluatePage.getByTestId('rating-panel')).toHaveAttribute('data-ticket', elderNumber);
  await evaluatePage.getByTestId('rate-1').click();
  await expect(evaluatePage.getByTestId('rating-submit')).toBeDisabled();
  // A touch is enough: the common reasons are buttons; typing stays optional.
  await evaluatePage.getByTestId('reason-long-wait').click();
  await evaluatePage.getByTestId('rating-submit').click();
  await expect(evaluatePage.getByTestId('rating-thanks')).toBeVisible();

  // Counter 2 takes the appointment (it outranks ordinary tickets) and transfers it to counter 1.
  const atTwo = await api(c2, 'queue.call', {});
  expect(atTwo.ticket!.number).toBe(appointment.ticket.number);
  await expectCallShown(displayPage, appointment.ticket.number);
  await api(c2, 'queue.transfer', { toCounterId: 'counter-1' });
  await counterPage.getByTestId('call-next').click();
  await expect(counterPage.getByTestId('current-ticket')).toHaveText(appointment.ticket.number);
  await expectCallShown(displayPage, appointment.ticket.number);
  await counterPage.getByTestId('finish').click();
  await expect(evaluatePage.getByTestId('rating-panel')).toHaveAttribute('data-ticket', appointment.ticket.number);
  // This time the citizen presses the 5-key evaluator's first button (a keyboard F1): 非常满意.
  await evaluatePage.keyboard.press('F1');
  await expect(evaluatePage.getByTestId('rating-thanks')).toBeVisible();

  // Counter 2 serves the ordinary ticket (issued before the paperless one) and the general one.
  expect((await api(c2, 'queue.call', {})).ticket!.number).toBe(ordinary.ticket.number);
  await expectCallShown(displayPage, ordinary.ticket.number);
  await api(c2, 'queue.finish', {});
  await api(c2, 'queue.evaluate', { ticketId: ordinary.ticket.id, level: 4 });
  await expect(api(c2, 'queue.evaluate', { ticketId: ordinary.ticket.id, level: 5 })).rejects.toThrow(/already been rated/);

  // Voice: one announcement per call and recall, in order, never two at once.
  const expected = [elderNumber, elderNumber, appointment.ticket.number, appointment.ticket.number, ordinary.ticket.number];
  const log = await waitFor(
    async () => {
      const entries = await api(hall.display, 'queue.announcements', {});
      return entries.length >= expected.length ? entries : undefined;
    },
    30_000,
    'announcements',
  );
  expect(log.map((e) => e.text.split(' ')[1])).toEqual(expected);
  for (let i = 1; i < log.length; i++) expect(Date.parse(log[i]!.startedAt)).toBeGreaterThanOrEqual(Date.parse(log[i - 1]!.endedAt));
  expect(log[0]!.text).toBe(`请 ${elderNumber} 号到 1 号窗口办理`);

  // The platform holds three ratings and one follow-up with a deadline for the bad one.
  const followUps = await hall.platform.query<{ level: number; reason: string; deadline: string }>('SELECT level, reason, deadline FROM queue_followups');
  expect(followUps).toHaveLength(1);
  expect(followUps[0]).toMatchObject({ level: 1, reason: '等候时间太长' });
  expect(await hall.platform.query('SELECT * FROM queue_evaluations')).toHaveLength(3);
  // Kiosks' leased blocks come from their own range (501…), so online numbers start at 001; no number is ever given twice.
  expect(general.ticket.number).toMatch(/^C\d{3}$/);
  const numbers = (await hall.platform.query<{ number: string }>('SELECT number FROM queue_tickets')).map((r) => r.number);
  expect(new Set(numbers).size).toBe(numbers.length);

  // The manager's statistics page draws its charts from the same day.
  await counterPage.goto(c1.openUrl.replace('/#', '/?view=stats#'));
  await expect(counterPage.getByTestId('chart-ratings')).toBeVisible();
  await expect(counterPage.getByTestId('followups')).toContainText('等候时间太长');
});
