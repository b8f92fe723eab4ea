// The 好差评 loop on the hall service: a bad rating opens a follow-up with two timers that turn overdue
// as the injected clock passes them, the supervisor's list puts overdue ones first, contact and fix are
// recorded (sealed at rest), and every step reaches the provincial system exactly once.
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import { HallQueueConfig } from '../../contract/queue.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { openPlatformDatabase } from '../db/open.js';
import { PlatformSealer } from '../sealing.js';
import { DEMO_HALL_CONFIG } from './demo.js';
import { FollowUps } from './follow-ups.js';
import { HaochapingOutbox, HaochapingSimulator } from './haochaping.js';
import { QueueService } from './queue-service.js';
import { QueueRecords } from './queue-records.js';

const MINUTE = 60_000;
const TRACKING_CODE = '34679ACDEF3';

async function open(clock: ManualClock) {
  const db = await openPlatformDatabase(await freshDatabaseUrl());
  const queue = await QueueService.open(db, { clock });
  await queue.setConfig(HallQueueConfig.parse(DEMO_HALL_CONFIG));
  const sealer = new PlatformSealer();
  const outbox = new HaochapingOutbox(db, sealer, clock);
  const records = new QueueRecords(queue, { demoAppointments: false, haochaping: outbox });
  return { db, queue, records, outbox, followUps: new FollowUps(queue, sealer, outbox), close: async () => (await queue.close(), await db.close()) };
}

let hall: Awaited<ReturnType<typeof open>> | undefined;
afterEach(async () => {
  await hall?.close();
  hall = undefined;
});

async function servedTicket(h: NonNullable<typeof hall>, counter = 'counter-1') {
  await h.queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
  await h.queue.callNext(counter);
  return h.queue.end(counter, 'finished');
}

describeOnPostgres('好差评 follow-ups', () => {
  it('opens a follow-up on a bad rating that turns overdue when the clock passes 1 h, then 24 h, until contact and fix are recorded', async () => {
    const clock = new ManualClock('2027-03-01T01:00:00Z');
    hall = await open(clock);
    const ticket = await servedTicket(hall);
    const opened = await hall.records.evaluate({ ticketId: ticket.id, level: 1, reason: '等候时间太长', channel: 'window', trackingCode: TRACKING_CODE });
    expect(opened.followUpId).toBeDefined();
    const [fresh] = await hall.followUps.list();
    expect(fresh).toMatchObject({ id: opened.followUpId, status: 'open', overdue: null, trackingCode: TRACKING_CODE, ticketNumber: ticket.number });
    expect(Date.parse(fresh!.contactDue) - Date.parse(fresh!.openedAt)).toBe(60 * MINUTE);
    expect(Date.parse(fresh!.resolveDue) - Date.parse(fresh!.openedAt)).toBe(24 * 60 * MINUTE);

    clock.advance(59 * MINUTE);
    expect((await hall.followUps.get(opened.followUpId!)).overdue).toBeNull();
    clock.advance(2 * MINUTE);
    expect((await hall.followUps.get(opened.followUpId!)).overdue).toBe('contact');

    // A newer follow-up, not overdue, lists below the overdue one.
    const other = await servedTicket(hall, 'counter-2');
    const newer = await hall.records.evaluate({ ticketId: other.id, level: 2, reason: '办理太慢', channel: 'kiosk' });
    expect((await hall.followUps.list()).map((f) => [f.id, f.overdue])).toEqual([
      [opened.followUpId, 'contact'],
      [newer.followUpId, null],
    ]);

    const contacted = await hall.followUps.contact(opened.followUpId!, '已电话联系市民，说明原因');
    expect(contacted).toMatchObject({ status: 'contacted', overdue: null, contactNote: '已电话联系市民，说明原因' });
    await expect(hall.followUps.contact(opened.followUpId!, 'again')).rejects.toThrow(/already recorded/);
    clock.advance(24 * 60 * MINUTE);
    expect((await hall.followUps.get(opened.followUpId!)).overdue).toBe('resolve');
    const resolved = await hall.followUps.resolve(opened.followUpId!, '增开窗口，高峰期分流');
    expect(resolved).toMatchObject({ status: 'resolved', overdue: null, resolution: '增开窗口，高峰期分流' });
    await expect(hall.followUps.resolve(opened.followUpId!, 'again')).rejects.toThrow(/already resolved/);
    await expect(hall.followUps.contact('nope', 'x')).rejects.toThrow(/no follow-up/);

    // The notes are sealed at rest.
    const raw = await hall.db.one<{ contact_note: string; resolution: string }>('SELECT contact_note, resolution FROM queue_followups WHERE id = $1', [
      opened.followUpId!,
    ]);
    expect(raw!.contact_note).not.toContain('市民');
    expect(raw!.resolution).not.toContain('窗口');
  });

  it('reports every rating and follow-up step to the provincial system exactly once, through failures and lost answers', async () => {
    const clock = new ManualClock('2027-03-01T01:00:00Z');
    hall = await open(clock);
    const good = await servedTicket(hall);
    await hall.records.evaluate({ ticketId: good.id, level: 5, channel: 'window' });
    const bad = await servedTicket(hall);
    const { followUpId } = await hall.records.evaluate({
      ticketId: bad.id,
      level: 1,
      reason: '服务态度不好',
      channel: 'evaluator',
      trackingCode: TRACKING_CODE,
    });
    await hall.followUps.contact(followUpId!, '已上门致歉');
    await hall.followUps.resolve(followUpId!, '已培训');

    const province = new HaochapingSimulator();
    province.failNext(1);
    province.loseNextAnswers(1);
    const first = await hall.outbox.deliverDue(province);
    expect(first.failed).toBe(2);
    // Failed reports wait for their back-off, then go again; the one whose answer was lost is not kept twice.
    for (let i = 0; i < 5 && (await hall.outbox.pending()) > 0; i++) {
      clock.advance(10 * MINUTE);
      await hall.outbox.deliverDue(province);
    }
    expect(await hall.outbox.pending()).toBe(0);
    const reports = province.reports();
    expect(reports.map((r) => `${r.kind} ${String(r.body.step ?? r.body.level)}`).sort()).toEqual([
      'follow-up contacted',
      'follow-up opened',
      'follow-up resolved',
      'rating 1',
      'rating 5',
    ]);
    expect(reports.find((r) => r.kind === 'rating' && r.body.level === 1)!.body).toMatchObject({
      ticketId: bad.id,
      trackingCode: TRACKING_CODE,
      reason: '服务态度不好',
    });
    expect(province.attempts).toBe(reports.length + 2);
    // Sealed while waiting: the reason is not in the outbox in clear.
    const raw = await hall.db.query<{ payload_json: string }>('SELECT payload_json FROM haochaping_outbox');
    expect(raw.some((r) => r.payload_json.includes('服务态度'))).toBe(false);
  });
});
