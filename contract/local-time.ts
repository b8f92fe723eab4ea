// Printed times are the hall's local time (Beijing time, UTC+8, no summer time), whatever zone the
// machine is set to: a slip or guide says the hour on the hall's clocks.
export const HALL_UTC_OFFSET_MINUTES = 8 * 60;

/** "2026-12-03 18:15" in the hall's time, from an ISO instant; the input itself if it is not one. */
export function hallDateTime(iso: string, offsetMinutes: number = HALL_UTC_OFFSET_MINUTES): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const local = new Date(ms + offsetMinutes * 60_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}
