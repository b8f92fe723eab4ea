// Clerk productivity and the peak forecast the manager's view shows: schemas, and the CSV the view
// exports. Pure (zod only). The figures are computed in SQL on the hall service (platform/queue/productivity.ts).
import { z } from 'zod';

export const ProductivityPeriod = z.enum(['day', 'week']);
export type ProductivityPeriod = z.infer<typeof ProductivityPeriod>;

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

export const ProductivityQuery = z
  .object({ period: ProductivityPeriod.default('day'), from: Day.optional(), to: Day.optional() })
  .strict()
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['from'] });

/** One counter over one day or ISO week. Minutes are means per call, but idle, which is the total. */
export const ProductivityRow = z.object({
  period: z.string(),
  counterId: z.string(),
  calls: z.number().int(),
  finished: z.number().int(),
  noShows: z.number().int(),
  transferred: z.number().int(),
  /** Issue → first call. */
  avgWaitMinutes: z.number(),
  /** Call → the citizen at the counter (only calls whose start was recorded). */
  avgWalkMinutes: z.number().nullable(),
  /** Start (or call, when no start was recorded) → end, finished services. */
  avgServiceMinutes: z.number(),
  /** End of one service → the counter's next call, summed. */
  idleMinutes: z.number(),
});
export type ProductivityRow = z.infer<typeof ProductivityRow>;

/**
 * One clerk (signed in at the counters with 工号 and PIN) over one day or ISO week: the same means over
 * the calls they made, the time signed in, and idle = signed-in time not serving (call → end).
 */
export const ClerkProductivityRow = ProductivityRow.omit({ counterId: true }).extend({
  clerkId: z.string(),
  maskedName: z.string(),
  signedInMinutes: z.number(),
});
export type ClerkProductivityRow = z.infer<typeof ClerkProductivityRow>;

export const ProductivityReport = z.object({
  period: ProductivityPeriod,
  from: Day,
  to: Day,
  rows: z.array(ProductivityRow),
  /** Per clerk, for the calls made while a clerk was signed in. */
  clerks: z.array(ClerkProductivityRow).default([]),
});
export type ProductivityReport = z.infer<typeof ProductivityReport>;

/** Expected tickets on a coming day, from the hall's history by weekday and by day of the month. */
export const ForecastDay = z.object({
  day: Day,
  /** 0 = Sunday … 6 = Saturday. */
  weekday: z.number().int().min(0).max(6),
  expectedTickets: z.number(),
  /** The busiest hour expected (hall time, 0–23) and its tickets, or null without history. */
  peakHour: z.number().int().min(0).max(23).nullable(),
  peakHourTickets: z.number(),
  /** How far the day of the month lifts or lowers the weekday's figure (1 = no effect). */
  monthDayFactor: z.number(),
});
export const Forecast = z.object({ historyDays: z.number().int(), days: z.array(ForecastDay) });
export type Forecast = z.infer<typeof Forecast>;

const csvCell = (value: string | number | null): string => {
  const text = value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/**
 * The report as CSV (UTF-8; the caller adds a BOM for spreadsheet programs that need one): the counters'
 * rows, then the clerks' (a row names either a counter or a clerk; signed-in minutes only for clerks).
 */
export function productivityCsv(report: ProductivityReport): string {
  const header = [
    'period',
    'counter',
    'clerk',
    'clerk_name',
    'calls',
    'finished',
    'no_shows',
    'transferred',
    'avg_wait_min',
    'avg_walk_min',
    'avg_service_min',
    'idle_min',
    'signed_in_min',
  ];
  const figures = (r: Omit<ProductivityRow, 'period' | 'counterId'>) => [
    r.calls,
    r.finished,
    r.noShows,
    r.transferred,
    r.avgWaitMinutes,
    r.avgWalkMinutes,
    r.avgServiceMinutes,
    r.idleMinutes,
  ];
  const lines = [
    ...report.rows.map((r) => [r.period, r.counterId, '', '', ...figures(r), null]),
    ...(report.clerks ?? []).map((r) => [r.period, '', r.clerkId, r.maskedName, ...figures(r), r.signedInMinutes]),
  ].map((cells) => cells.map(csvCell).join(','));
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}
