// Clerk productivity and the peak forecast, computed in SQL from the hall's recorded calls
// (queue_calls: each call with its start, end and outcome) and tickets. Per counter (the hall has no
// Per counter and per clerk (signed in at a counter: clerks.ts), per day or ISO week:
//   wait     issue → first call (tickets first called in the period)
//   walk     call → the citizen at the counter (calls whose start the clerk recorded)
//   service  start (or the call, without a recorded start) → end, finished services
//   idle     counter: end of one service → the same counter's next call that day, summed (pauses count as idle);
//            clerk: time signed in (sign-in → sign-out, or the idle sign-out) not serving (call → end)
// The forecast expects each coming day's tickets from the last twelve weeks: the mean of its weekday,
// lifted or lowered by how that day of the month ran against its weekday (the first days of a month
// surge at social-security windows), and names the busiest hour.
import type { ClerkProductivityRow, Forecast, ProductivityPeriod, ProductivityReport, ProductivityRow } from '../../contract/productivity.js';
import type { Database } from '../db/database.js';
import type { QueueService } from './queue-service.js';

const HISTORY_DAYS = 84;
const DAY_MS = 86_400_000;

const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (day: string): number => new Date(`${day}T00:00:00Z`).getUTCDay();
const round1 = (n: number) => Math.round(n * 10) / 10;

/** The columns CALL_FIGURES selects. */
interface CallFigures {
  calls: number;
  finished: number;
  no_shows: number;
  transferred: number;
  wait: number | null;
  walk: number | null;
  service: number | null;
}
interface Row extends CallFigures {
  period: string;
  counter_id: string;
  idle: number | null;
}
interface ClerkCallRow extends CallFigures {
  period: string;
  clerk_id: string;
  busy: number | null;
}

/** Means per call over a group of calls (SQL select list; the CTE is `calls`). */
const CALL_FIGURES = `COUNT(*)::integer AS calls,
         COUNT(*) FILTER (WHERE outcome = 'finished')::integer AS finished,
         COUNT(*) FILTER (WHERE outcome = 'no-show')::integer AS no_shows,
         COUNT(*) FILTER (WHERE outcome = 'transferred')::integer AS transferred,
         AVG(EXTRACT(EPOCH FROM called - issued) / 60) FILTER (WHERE first_call)::double precision AS wait,
         AVG(EXTRACT(EPOCH FROM started - called) / 60) FILTER (WHERE started IS NOT NULL)::double precision AS walk,
         AVG(EXTRACT(EPOCH FROM ended - COALESCE(started, called)) / 60) FILTER (WHERE outcome = 'finished')::double precision AS service`;

const periodOf = (period: ProductivityPeriod) => (period === 'week' ? `to_char(day::date, 'IYYY-"W"IW')` : 'day');

export class Productivity {
  constructor(private readonly queue: QueueService) {}

  private get db(): Database {
    return this.queue.db;
  }

  /** Per counter and day (or ISO week) between two hall days, both included; by default today, or this week so far. */
  async report(input: { period: ProductivityPeriod; from?: string; to?: string }): Promise<ProductivityReport> {
    const to = input.to ?? this.queue.today();
    // ISO weeks start on Monday.
    const from = input.from ?? (input.period === 'week' ? addDays(to, -((weekdayOf(to) + 6) % 7)) : to);
    if (from > to) throw new Error('from must not be after to');
    const period = periodOf(input.period);
    const rows = await this.db.query<Row>(
      `WITH calls AS (
         SELECT c.day, c.counter_id, c.outcome, c.called_at::timestamptz AS called, c.started_at::timestamptz AS started, c.ended_at::timestamptz AS ended,
           t.issued_at::timestamptz AS issued, t.first_called_at = c.called_at AS first_call,
           LEAD(c.called_at::timestamptz) OVER (PARTITION BY c.day, c.counter_id ORDER BY c.seq) AS next_call
         FROM queue_calls c JOIN queue_tickets t ON t.id = c.ticket_id
         WHERE c.day BETWEEN $1 AND $2
       )
       SELECT ${period} AS period, counter_id, ${CALL_FIGURES},
         SUM(EXTRACT(EPOCH FROM next_call - ended) / 60) FILTER (WHERE next_call > ended)::double precision AS idle
       FROM calls GROUP BY 1, 2 ORDER BY 1, 2`,
      [from, to],
    );
    return {
      period: input.period,
      from,
      to,
      rows: rows.map((r): ProductivityRow => ({
        period: r.period,
        counterId: r.counter_id,
        calls: r.calls,
        finished: r.finished,
        noShows: r.no_shows,
        transferred: r.transferred,
        avgWaitMinutes: round1(r.wait ?? 0),
        avgWalkMinutes: r.walk === null ? null : round1(r.walk),
        avgServiceMinutes: round1(r.service ?? 0),
        idleMinutes: round1(r.idle ?? 0),
      })),
      clerks: await this.clerkRows(input.period, from, to),
    };
  }

  /**
   * Per clerk: the figures of the calls they made, their time signed in (an open session counts up to
   * now, or to where the hall's idle sign-out ends it) and idle = signed in, not serving (call → end).
   */
  private async clerkRows(periodKind: ProductivityPeriod, from: string, to: string): Promise<ClerkProductivityRow[]> {
    const period = periodOf(periodKind);
    const now = this.queue.now().toISOString();
    const idleMinutes = (await this.queue.config()).clerks.idleSignOutMinutes;
    const calls = await this.db.query<ClerkCallRow>(
      `WITH calls AS (
         SELECT c.day, c.clerk_id, c.outcome, c.called_at::timestamptz AS called, c.started_at::timestamptz AS started, c.ended_at::timestamptz AS ended,
           t.issued_at::timestamptz AS issued, t.first_called_at = c.called_at AS first_call
         FROM queue_calls c JOIN queue_tickets t ON t.id = c.ticket_id
         WHERE c.day BETWEEN $1 AND $2 AND c.clerk_id IS NOT NULL
       )
       SELECT ${period} AS period, clerk_id, ${CALL_FIGURES},
         SUM(EXTRACT(EPOCH FROM COALESCE(ended, $3::timestamptz) - called) / 60)::double precision AS busy
       FROM calls GROUP BY 1, 2`,
      [from, to, now],
    );
    const sessions = await this.db.query<{ period: string; clerk_id: string; masked_name: string; signed_in: number }>(
      `SELECT ${period} AS period, s.clerk_id, k.masked_name,
         SUM(GREATEST(0, EXTRACT(EPOCH FROM COALESCE(s.ended_at::timestamptz, LEAST($3::timestamptz, s.last_active_at::timestamptz + make_interval(mins => $4::integer))) - s.started_at::timestamptz) / 60))::double precision AS signed_in
       FROM clerk_sessions s JOIN clerks k ON k.clerk_id = s.clerk_id
       WHERE s.day BETWEEN $1 AND $2 GROUP BY 1, 2, 3`,
      [from, to, now, idleMinutes],
    );
    const names = await this.db.query<{ clerk_id: string; masked_name: string }>(
      'SELECT DISTINCT k.clerk_id, k.masked_name FROM clerks k JOIN queue_calls c ON c.clerk_id = k.clerk_id WHERE c.day BETWEEN $1 AND $2',
      [from, to],
    );
    const nameOf = new Map([...names, ...sessions].map((r) => [r.clerk_id, r.masked_name]));
    const rows = new Map<string, ClerkProductivityRow>();
    const key = (period: string, clerkId: string) => `${period}\u0000${clerkId}`;
    const rowOf = (period: string, clerkId: string): ClerkProductivityRow => {
      let row = rows.get(key(period, clerkId));
      if (!row) {
        row = {
          period,
          clerkId,
          maskedName: nameOf.get(clerkId) ?? '',
          calls: 0,
          finished: 0,
          noShows: 0,
          transferred: 0,
          avgWaitMinutes: 0,
          avgWalkMinutes: null,
          avgServiceMinutes: 0,
          idleMinutes: 0,
          signedInMinutes: 0,
        };
        rows.set(key(period, clerkId), row);
      }
      return row;
    };
    const busy = new Map<string, number>();
    for (const r of calls) {
      Object.assign(rowOf(r.period, r.clerk_id), {
        calls: r.calls,
        finished: r.finished,
        noShows: r.no_shows,
        transferred: r.transferred,
        avgWaitMinutes: round1(r.wait ?? 0),
        avgWalkMinutes: r.walk === null ? null : round1(r.walk),
        avgServiceMinutes: round1(r.service ?? 0),
      });
      busy.set(key(r.period, r.clerk_id), r.busy ?? 0);
    }
    for (const r of sessions) {
      const row = rowOf(r.period, r.clerk_id);
      row.signedInMinutes = round1(r.signed_in);
      row.idleMinutes = round1(Math.max(0, r.signed_in - (busy.get(key(r.period, r.clerk_id)) ?? 0)));
    }
    return [...rows.values()].sort((a, b) => a.period.localeCompare(b.period) || a.clerkId.localeCompare(b.clerkId));
  }

  /** Expected tickets for `days` days from today, from the last twelve weeks of tickets. */
  async forecast(days = 14): Promise<Forecast> {
    if (!Number.isInteger(days) || days < 1 || days > 62) throw new Error('forecast 1 to 62 days');
    const today = this.queue.today();
    const since = addDays(today, -HISTORY_DAYS);
    const hourly = await this.db.query<{ day: string; hour: number; n: number }>(
      `SELECT day, EXTRACT(HOUR FROM issued_at::timestamptz AT TIME ZONE 'Asia/Shanghai')::integer AS hour, COUNT(*)::integer AS n
       FROM queue_tickets WHERE day >= $1 AND day < $2 GROUP BY day, hour`,
      [since, today],
    );
    const perDay = new Map<string, number>();
    for (const r of hourly) perDay.set(r.day, (perDay.get(r.day) ?? 0) + r.n);
    // The weekday's mean over the days the hall was open (had tickets), and its mean hourly profile.
    const weekday = Array.from({ length: 7 }, () => ({ days: 0, tickets: 0, hours: new Array<number>(24).fill(0) }));
    for (const [day, n] of perDay) {
      const w = weekday[weekdayOf(day)]!;
      w.days++;
      w.tickets += n;
    }
    for (const r of hourly) weekday[weekdayOf(r.day)]!.hours[r.hour]! += r.n;
    const weekdayMean = (w: number) => (weekday[w]!.days ? weekday[w]!.tickets / weekday[w]!.days : 0);
    // Each day of the month: how it ran against its weekday's mean, averaged.
    const monthDay = new Map<number, { sum: number; n: number }>();
    for (const [day, n] of perDay) {
      const mean = weekdayMean(weekdayOf(day));
      if (!mean) continue;
      const dom = Number(day.slice(8, 10));
      const entry = monthDay.get(dom) ?? { sum: 0, n: 0 };
      entry.sum += n / mean;
      entry.n++;
      monthDay.set(dom, entry);
    }
    const out: Forecast['days'] = [];
    for (let i = 0; i < days; i++) {
      const day = addDays(today, i);
      const w = weekdayOf(day);
      const dom = monthDay.get(Number(day.slice(8, 10)));
      const factor = dom ? dom.sum / dom.n : 1;
      const stats = weekday[w]!;
      const hours = stats.hours.map((n) => (stats.days ? n / stats.days : 0));
      const peak = hours.reduce((best, n, h) => (n > hours[best]! ? h : best), 0);
      out.push({
        day,
        weekday: w,
        expectedTickets: round1(weekdayMean(w) * factor),
        monthDayFactor: Math.round(factor * 100) / 100,
        peakHour: stats.days && hours[peak]! > 0 ? peak : null,
        peakHourTickets: round1(hours[peak]! * factor),
      });
    }
    return { historyDays: perDay.size, days: out };
  }
}
