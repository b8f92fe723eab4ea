// Ratings given while the hall queue service was unreachable, waiting to reach the hall's 好差评 list
// (and open their follow-ups). Kept in the offline store's encrypted secrets, not in memory, so a host
// restart during an outage loses none; each is sent once: removed after the hall service took it, and
// a resend after a crash in between is refused by the service as already rated (one rating per ticket).
import type { RatingLevel } from '../../../../contract/queue.js';

export interface PendingRating {
  ticketId: string;
  level: RatingLevel;
  reason?: string;
  channel: string;
}

/** The encrypted key–value the offline store keeps (its `secrets` table). */
export interface SecretStore {
  getSecret(name: string): Promise<string | null>;
  setSecret(name: string, value: string): Promise<void>;
}

/** What sending one rating came to: taken, refused for good (logged and dropped), or not reachable (kept). */
export type SendOutcome = 'taken' | 'refused' | 'unreachable';

const SECRET_NAME = 'queue-pending-ratings';

export class PendingRatings {
  private list: PendingRating[] | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(private readonly store: () => SecretStore | undefined) {}

  /** One change at a time, read from and written back to the store. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const next = this.running.then(work);
    this.running = next.then(
      () => undefined,
      () => undefined,
    );
    return next;
  }

  private async load(): Promise<PendingRating[]> {
    if (this.list) return this.list;
    const store = this.store();
    if (!store) throw new Error('the offline store is not open: a rating cannot be kept');
    const saved = await store.getSecret(SECRET_NAME);
    this.list = saved ? (JSON.parse(saved) as PendingRating[]) : [];
    return this.list;
  }

  private async save(): Promise<void> {
    await this.store()!.setSecret(SECRET_NAME, JSON.stringify(this.list ?? []));
  }

  async has(ticketId: string): Promise<boolean> {
    return this.exclusive(async () => (await this.load()).some((r) => r.ticketId === ticketId));
  }

  async count(): Promise<number> {
    return this.exclusive(async () => (await this.load()).length);
  }

  /** Keeps a rating; false when this ticket already has one waiting. */
  async add(rating: PendingRating): Promise<boolean> {
    return this.exclusive(async () => {
      const list = await this.load();
      if (list.some((r) => r.ticketId === rating.ticketId)) return false;
      list.push(rating);
      await this.save();
      return true;
    });
  }

  /** Sends the kept ratings in order until the service cannot be reached; returns how many left the list. */
  async replay(send: (rating: PendingRating) => Promise<SendOutcome>): Promise<number> {
    if (!this.store()) return 0;
    return this.exclusive(async () => {
      const list = await this.load();
      let sent = 0;
      while (list.length) {
        if ((await send(list[0]!)) === 'unreachable') break;
        list.shift();
        sent++;
        await this.save();
      }
      return sent;
    });
  }
}
