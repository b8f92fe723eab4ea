// Requests per caller in the last minute (a sliding window of times): what a terminal may ask of
// citizen data before it is slowed to a crawl. Keyed by the authenticated principal, never by a header.
export class PerMinuteBudget {
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly perMinute: number) {}

  /** Spends one request for this caller at `now` (ms); false when the minute's budget is gone. */
  take(caller: string, now: number): boolean {
    const times = (this.recent.get(caller) ?? []).filter((t) => now - t < 60_000);
    const allowed = times.length < this.perMinute;
    if (allowed) times.push(now);
    if (times.length > 0) this.recent.set(caller, times);
    else this.recent.delete(caller);
    return allowed;
  }
}
