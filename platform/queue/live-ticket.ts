// The live ticket: the view a ticket's token opens (people ahead, an estimate, the window), the
// citizen's three buttons (step out, back, cancel), the away time running out, and the followers —
// phones holding the page open — told of every change. Followers are refreshed together, one query
// per service whatever their number, so a thousand phones cost what one does.
import { orderWaiting, type HallQueueConfig, type QueueEvent } from '../../contract/queue.js';
import type { LiveTicketView } from '../../contract/live-ticket.js';
import { awayExpired, awayUntil, setAwayUntil, ticketIdOfToken } from './live-ticket-store.js';
import { QueueError, type QueueService } from './queue-service.js';
import { publicTicket, type StoredTicket } from './queue-store.js';

/** A page following a ticket: the view, and the same as JSON (serialised once for all of a ticket's pages). */
type Follower = (view: LiveTicketView, json: string) => void;

/** States in which the citizen may still step out or cancel. */
const OPEN_FOR_CITIZEN = new Set(['waiting', 'away']);

export class LiveTickets {
  private readonly followers = new Map<string, Set<Follower>>();
  private readonly lastSent = new Map<string, string>();
  private refreshing: Promise<void> | null = null;
  private again = false;
  private readonly unsubscribe: () => void;

  constructor(private readonly queue: QueueService) {
    this.unsubscribe = queue.subscribe((event) => this.onEvent(event));
  }

  close(): void {
    this.unsubscribe();
    this.followers.clear();
  }

  /** How many pages are following (bench, fleet). */
  get followerCount(): number {
    let n = 0;
    for (const set of this.followers.values()) n += set.size;
    return n;
  }

  /** The ticket a token opens; a wrong or unknown token is not-found, never a hint. */
  async resolve(token: string): Promise<StoredTicket> {
    const id = await ticketIdOfToken(this.queue.store, token);
    if (!id) throw new QueueError('not-found', 'no such ticket');
    return this.queue.ticket(id);
  }

  async viewOf(token: string): Promise<LiveTicketView> {
    const ticket = await this.resolve(token);
    return (await this.views([ticket]))[0]!;
  }

  /** Views of several tickets: the waiting line and the estimate are read once per service. */
  private async views(tickets: StoredTicket[], knownSeq?: number, openToday?: StoredTicket[]): Promise<LiveTicketView[]> {
    const config = await this.queue.config();
    const seq = knownSeq ?? (await this.queue.store.lastSeq());
    const lines = new Map<string, { ahead: Map<string, number>; perCitizen: number; open: number }>();
    const out: LiveTicketView[] = [];
    for (const ticket of tickets) {
      const key = `${ticket.day}|${ticket.service}`;
      if (OPEN_FOR_CITIZEN.has(ticket.state) && !lines.has(key)) {
        const known = openToday && ticket.day === this.queue.today() ? openToday.filter((t) => t.service === ticket.service) : undefined;
        lines.set(key, await this.line(ticket.day, ticket.service, config, known));
      }
      out.push(await this.view(ticket, config, seq, lines.get(key)));
    }
    return out;
  }

  /** For one service's line: how many waiting tickets are ahead of each waiting or away ticket, and the pace. */
  private async line(day: string, service: string, config: HallQueueConfig, known?: StoredTicket[]) {
    const open = known ?? (await this.queue.store.ticketsOfDay(day, ['waiting', 'away'], service));
    // An away ticket keeps its place in the order but is not counted ahead of anyone: it is not called until back.
    const ordered = orderWaiting(open, config.ordering, this.queue.now());
    const ahead = new Map<string, number>();
    let waitingSoFar = 0;
    for (const t of ordered) {
      ahead.set(t.id, waitingSoFar);
      if (t.state === 'waiting') waitingSoFar++;
    }
    const perCitizen = (await this.queue.store.recentServiceMinutes(service)) ?? config.defaultServiceMinutes;
    const paused = await this.queue.store.pausedCounters();
    const counters = config.counters.filter((c) => c.services.includes(service) && !paused.has(c.id)).length;
    return { ahead, perCitizen, open: Math.max(1, counters) };
  }

  private async view(
    ticket: StoredTicket,
    config: HallQueueConfig,
    seq: number,
    line?: { ahead: Map<string, number>; perCitizen: number; open: number },
  ): Promise<LiveTicketView> {
    const service = config.services.find((s) => s.code === ticket.service);
    const view: LiveTicketView = {
      hallName: config.hallName,
      number: ticket.number,
      serviceName: service?.name ?? ticket.service,
      state: ticket.state,
      awayMinutes: config.liveTicket.awayMinutes,
      seq,
      ...(service?.nameEn ? { serviceNameEn: service.nameEn } : {}),
    };
    if (line) {
      const ahead = line.ahead.get(ticket.id) ?? 0;
      view.peopleAhead = ahead;
      view.estimatedMinutes = Math.ceil((line.perCitizen * ahead) / line.open);
    }
    if ((ticket.state === 'called' || ticket.state === 'parked') && ticket.counterId) {
      view.window = config.counters.find((c) => c.id === ticket.counterId)?.number ?? ticket.counterId;
    }
    if (ticket.state === 'away') {
      const until = await awayUntil(this.queue.store, ticket.id);
      if (until) view.awayUntil = until;
    }
    return view;
  }

  /** 暂时离开: the ticket keeps its place for the hall's away time and is not called meanwhile. */
  async stepOut(token: string): Promise<LiveTicketView> {
    const config = await this.queue.config();
    const ticket = await this.resolve(token);
    await this.queue.change(async (emit) => {
      const now = await this.queue.ticket(ticket.id);
      if (now.state === 'away') return;
      if (now.state !== 'waiting') throw new QueueError('conflict', 'only a waiting ticket can step out');
      const away: StoredTicket = { ...now, state: 'away' };
      await this.queue.store.updateTicket(away);
      await setAwayUntil(this.queue.store, now.id, new Date(this.queue.now().getTime() + config.liveTicket.awayMinutes * 60_000).toISOString());
      await emit({ type: 'ticket.away', ticket: publicTicket(away) });
    });
    return this.viewOf(token);
  }

  /** 我回来了: back in line at the place it kept. */
  async back(token: string): Promise<LiveTicketView> {
    const ticket = await this.resolve(token);
    await this.queue.change(async (emit) => {
      const now = await this.queue.ticket(ticket.id);
      if (now.state === 'waiting') return;
      if (now.state !== 'away')
        throw new QueueError('conflict', now.state === 'no-show' ? 'the time away ran out: please take a new ticket' : 'this ticket is not away');
      const back: StoredTicket = { ...now, state: 'waiting' };
      await this.queue.store.updateTicket(back);
      await setAwayUntil(this.queue.store, now.id, null);
      await emit({ type: 'ticket.back', ticket: publicTicket(back) });
    });
    return this.viewOf(token);
  }

  /** 取消: the citizen gives the ticket up; its personal data goes with it. */
  async cancel(token: string): Promise<LiveTicketView> {
    const ticket = await this.resolve(token);
    await this.queue.change(async (emit) => {
      const now = await this.queue.ticket(ticket.id);
      if (now.state === 'cancelled') return;
      if (!OPEN_FOR_CITIZEN.has(now.state)) throw new QueueError('conflict', 'only a waiting ticket can be cancelled');
      const cancelled: StoredTicket = { ...now, state: 'cancelled', finishedAt: this.queue.now().toISOString() };
      await this.queue.store.updateTicket(cancelled);
      await setAwayUntil(this.queue.store, now.id, null);
      await this.queue.store.erasePersonal(now.id);
      await emit({ type: 'ticket.cancelled', ticket: publicTicket(cancelled) });
    });
    return this.viewOf(token);
  }

  /** Away tickets whose time ran out become no-shows (by rule: the hall does not keep a place forever). */
  async expireAway(): Promise<number> {
    const due = await awayExpired(this.queue.store, this.queue.now().toISOString());
    let expired = 0;
    for (const id of due) {
      await this.queue.change(async (emit) => {
        const now = await this.queue.ticket(id);
        if (now.state !== 'away') return; // came back meanwhile, or another instance got here first
        const gone: StoredTicket = { ...now, state: 'no-show', finishedAt: this.queue.now().toISOString() };
        await this.queue.store.updateTicket(gone);
        await setAwayUntil(this.queue.store, id, null);
        await this.queue.store.erasePersonal(id);
        await emit({ type: 'ticket.no-show', ticket: publicTicket(gone) });
        expired++;
      });
    }
    return expired;
  }

  /** Follows a ticket's view: the current one at once, then each change. Returns the stop. */
  async follow(token: string, listener: Follower): Promise<() => void> {
    const ticket = await this.resolve(token);
    const first = await this.viewOf(token);
    let set = this.followers.get(ticket.id);
    if (!set) {
      this.followers.set(ticket.id, (set = new Set()));
      // The first follower has this view already; with others following, the next refresh settles it for all.
      const { seq: _seq, ...facts } = first;
      this.lastSent.set(ticket.id, JSON.stringify(facts));
    }
    set.add(listener);
    listener(first, JSON.stringify(first));
    return () => {
      const current = this.followers.get(ticket.id);
      current?.delete(listener);
      if (current?.size === 0) {
        this.followers.delete(ticket.id);
        this.lastSent.delete(ticket.id);
      }
    };
  }

  /** The latest event handed to this instance: the views a refresh computes are at least this recent. */
  private latestSeq = 0;

  private onEvent(event: QueueEvent): void {
    this.latestSeq = Math.max(this.latestSeq, event.seq);
    if (this.followers.size === 0) return;
    if (this.refreshing) {
      this.again = true;
      return;
    }
    this.refreshing = this.refresh().finally(() => {
      this.refreshing = null;
      if (this.again) {
        this.again = false;
        this.onEvent(event);
      }
    });
  }

  /** Recomputes every followed ticket's view and tells the followers whose view changed. */
  private async refresh(): Promise<void> {
    try {
      // Most followed tickets are in today's lines: one read gives both them and the lines; the rest by id.
      const openToday = await this.queue.store.ticketsOfDay(this.queue.today(), ['waiting', 'away']);
      const byId = new Map(openToday.map((t) => [t.id, t]));
      const ids = [...this.followers.keys()];
      for (const t of await this.queue.store.ticketsByIds(ids.filter((id) => !byId.has(id)))) byId.set(t.id, t);
      const present = ids.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : []));
      const views = await this.views(present, this.latestSeq, openToday);
      present.forEach((ticket, i) => {
        const view = views[i]!;
        const { seq: _seq, ...facts } = view;
        const key = JSON.stringify(facts);
        if (this.lastSent.get(ticket.id) === key) return;
        this.lastSent.set(ticket.id, key);
        const json = JSON.stringify(view);
        for (const listener of this.followers.get(ticket.id) ?? []) listener(view, json);
      });
    } catch {
      // The database is away: the next event refreshes from the same place.
    }
  }

  /** Test and bench hook: resolves when the refresh under way (if any) is done. */
  async settled(): Promise<void> {
    while (this.refreshing) await this.refreshing;
  }
}
