// Productivity figures and the peak forecast, computed in SQL from recorded calls and tickets.
import { afterEach, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import { productivityCsv } from '../../contract/productivity.js';
import { HallQueueConfig } from '../../contract/queue.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { openPlatformDatabase } from '../db/open.js';
import { DEMO_HALL_CONFIG } from './demo.js';
import { Productivity } from './productivity.js';
import { QueueService } from './queue-service.js';

const MINUTE = 60_000;

async function open(clock: ManualClock) {
  const db = await openPlatformDatabase(await freshDatabaseUrl());
  const queue = await QueueService.open(db, { clock });
  await queue.setConfig(HallQueueConfig.parse(DEMO_HALL_CONFIG));
  return { db, queue, productivity: new Productivity(queue), close: async () => (await queue.close(), await db.close()) };
}

let hall: Awaited<ReturnType<typeof open>> | undefined;
afterEach(async () => {
  await hall?.close();
  hall = undefined;
});

describeOnPostgres('productivity and forecast', () => {
  it('gives each counter its waiting, walk, service and idle time per day and per week, and exports them as CSV', async () => {
    const clock = new ManualClock('2027-03-01T01:00:00Z'); // a Monday, 09:00 hall time
    hall = await open(clock);
    const { queue, productivity } = hall;
    const serveOne = async (walk: number | null, service: number, outcome: 'finished' | 'no-show') => {
      await queue.callNext('counter-1');
      if (walk !== null) {
        clock.advance(walk * MINUTE);
        await queue.start('counter-1');
      }
      clock.advance(service * MINUTE);
      await queue.end('counter-1', outcome);
    };
    await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    clock.advance(5 * MINUTE);
    await serveOne(2, 10, 'finished'); // waited 5, walked 2, served 10
    clock.advance(3 * MINUTE); // idle 3
    await serveOne(null, 2, 'no-show'); // waited 20
    await expect(queue.start('counter-1')).rejects.toThrow(/not serving/);

    const day = await productivity.report({ period: 'day' });
    expect(day.rows).toEqual([
      {
        period: '2027-03-01',
        counterId: 'counter-1',
        calls: 2,
        finished: 1,
        noShows: 1,
        transferred: 0,
        avgWaitMinutes: 12.5,
        avgWalkMinutes: 2,
        avgServiceMinutes: 10,
        idleMinutes: 3,
      },
    ]);
    // The next day, a second call: the week adds both days up.
    clock.set('2027-03-02T01:00:00Z');
    await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
    clock.advance(MINUTE);
    await serveOne(1, 4, 'finished');
    const week = await productivity.report({ period: 'week' });
    expect(week).toMatchObject({ from: '2027-03-01', to: '2027-03-02' });
    expect(week.rows).toEqual([
      expect.objectContaining({ period: '2027-W09', counterId: 'counter-1', calls: 3, finished: 2, noShows: 1, avgServiceMinutes: 7 }),
    ]);
    const csv = productivityCsv(week);
    expect(csv.split('\r\n')[0]).toBe(
      'period,counter,clerk,clerk_name,calls,finished,no_shows,transferred,avg_wait_min,avg_walk_min,avg_service_min,idle_min,signed_in_min',
    );
    expect(csv.split('\r\n')[1]).toMatch(/^2027-W09,counter-1,,,3,2,1,0,/);
  });

  it('forecasts the first days of a month above the same weekday mid-month, with the busiest hour', async () => {
    const clock = new ManualClock('2027-02-24T01:00:00Z'); // Wednesday 24 February, hall time
    hall = await open(clock);
    // Twelve weeks of history: ten tickets each weekday at 09:xx, twenty on the first three days of a month.
    let start = Date.parse('2026-12-02T00:00:00Z');
    for (; start < Date.parse('2027-02-24T00:00:00Z'); start += 86_400_000) {
      const day = new Date(start).toISOString().slice(0, 10);
      const weekday = new Date(start).getUTCDay();
      if (weekday === 0 || weekday === 6) continue;
      const count = Number(day.slice(8)) <= 3 ? 20 : 10;
      for (let i = 1; i <= count; i++) {
        await hall.db.run(
          "INSERT INTO queue_tickets (id, day, number, service, priority, source, state, issued_at) VALUES ($1, $2, $3, 'general', 'normal', 'kiosk', 'finished', $4)",
          [`${day}-${i}`, day, `C${String(i).padStart(3, '0')}`, `${day}T01:${String(i).padStart(2, '0')}:00.000Z`],
        );
      }
    }
    const forecast = await hall.productivity.forecast(14);
    expect(forecast.days).toHaveLength(14);
    const of = (day: string) => forecast.days.find((d) => d.day === day)!;
    expect(of('2027-03-01').weekday).toBe(1);
    expect(of('2027-03-01').expectedTickets).toBeGreaterThan(of('2027-03-08').expectedTickets);
    expect(of('2027-03-01').monthDayFactor).toBeGreaterThan(1);
    expect(of('2027-03-08').peakHour).toBe(9);
    expect(of('2027-02-27').expectedTickets).toBe(0); // a Saturday: closed in the history
    expect(of('2027-02-27').peakHour).toBeNull();
  });
});
