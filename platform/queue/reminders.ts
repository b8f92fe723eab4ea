// Reminders wired into the hall queue: after every change, each waiting ticket with a contact is
// checked against the hall's reminder settings (N and N−1 people ahead, at most two, and one at the
// call). A notice is decided by inserting its row under a unique key (ticket, kind), so however many
// instances see the change, one row is made and one message goes; delivery claims due rows, sends
// through the channel's gateway and retries a `retry` outcome with back-off. Numbers never reach a
// log or a reason unmasked (the gateways mask them).
import { backoffDelay } from '../../contract/async/backoff.js';
import { noticeText, reminderDue, type NoticeKind } from '../../contract/notifications.js';
import { liveTicketUrl, orderWaiting, type HallQueueConfig } from '../../contract/queue.js';
import type { NoticeGateway } from '../notify/gateways.js';
import { contactOf, contactsOfDay, type TicketContact } from './live-ticket-store.js';
import type { QueueService } from './queue-service.js';
import type { StoredTicket } from './queue-store.js';

export interface NoticeGateways {
  sms?: NoticeGateway;
  wechat?: NoticeGateway;
}

export interface ReminderOptions {
  /** Attempts before a notice is given up as failed (default 8). */
  maxAttempts?: number;
  /** First retry after this long, doubling each time up to `maxBackoffMs` (defaults 2 s and 5 min). */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** How often due retries are looked for (ms; default 1000; 0: only when asked, as tests do). */
  pollMs?: number;
}

type NoticeRowKind = 'reminder-1' | 'reminder-2' | 'called';

interface NoticeRow {
  ticket_id: string;
  kind: NoticeRowKind;
  channel: 'sms' | 'wechat';
  text: string;
  fields_json: string;
  attempts: number;
}

/** How long a claimed notice is held by the instance sending it before another may try. */
const CLAIM_MS = 30_000;

export class Reminders {
  private running: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private poller: NodeJS.Timeout | null = null;
  private readonly unsubscribe: () => void;

  constructor(
    private readonly queue: QueueService,
    private readonly gateways: NoticeGateways,
    private readonly options: ReminderOptions = {},
  ) {
    this.unsubscribe = queue.subscribe(() => void this.run());
    const pollMs = options.pollMs ?? 1000;
    if (pollMs > 0) {
      this.poller = setInterval(() => void this.run(), pollMs);
      this.poller.unref();
    }
  }

  async close(): Promise<void> {
    this.unsubscribe();
    if (this.poller) clearInterval(this.poller);
    this.poller = null;
    await this.running;
  }

  /** Decides due notices and sends what is due; passes run one at a time, a call during one shares the next. */
  run(): Promise<void> {
    if (this.queued) return this.queued;
    const next = this.running.then(async () => {
      this.queued = null;
      try {
        await this.decide();
        await this.deliverDue();
      } catch {
        // The database is away: the next change or poll picks up from the same rows.
      }
    });
    this.queued = next;
    this.running = next;
    return next;
  }

  /** Inserts the notices now due; the unique key makes each once, whichever instance gets there first. */
  async decide(): Promise<number> {
    const day = this.queue.today();
    const contacts = await contactsOfDay(this.queue.store, day);
    if (contacts.size === 0) return 0;
    const config = await this.queue.config();
    const settings = config.reminders;
    const tickets = await this.queue.store.ticketsByIds([...contacts.keys()]);
    const rows = await this.queue.db.query<{ ticket_id: string; kind: NoticeRowKind; fields_json: string }>(
      'SELECT ticket_id, kind, fields_json FROM queue_notices WHERE ticket_id = ANY($1::text[])',
      [`{${[...contacts.keys()].map((id) => `"${id}"`).join(',')}}`],
    );
    const decided = new Set(rows.map((r) => `${r.ticket_id}|${r.kind}`));
    // People ahead when the first reminder went: the second waits until fewer are (never two for one position).
    const firstAt = new Map(
      rows.filter((r) => r.kind === 'reminder-1').map((r) => [r.ticket_id, Number((JSON.parse(r.fields_json) as { ahead?: string }).ahead ?? Infinity)]),
    );
    const lines = new Map<string, Map<string, number>>();
    let made = 0;
    for (const ticket of tickets) {
      const contact = contacts.get(ticket.id)!;
      if (ticket.state === 'called') {
        if (settings.atCall && !decided.has(`${ticket.id}|called`) && (await this.insert(ticket, 'called', contact, config))) made++;
        continue;
      }
      if (ticket.state !== 'waiting') continue;
      let line = lines.get(ticket.service);
      if (!line) lines.set(ticket.service, (line = await this.aheadIn(day, ticket.service, config)));
      const ahead = line.get(ticket.id) ?? 0;
      const sent = ['reminder-1', 'reminder-2'].filter((kind) => decided.has(`${ticket.id}|${kind}`)).length;
      if (sent === 1 && ahead >= (firstAt.get(ticket.id) ?? Infinity)) continue;
      if (reminderDue(settings, ahead, sent) && (await this.insert(ticket, `reminder-${sent + 1}` as NoticeRowKind, contact, config, ahead))) made++;
    }
    return made;
  }

  private async aheadIn(day: string, service: string, config: HallQueueConfig): Promise<Map<string, number>> {
    const ordered = orderWaiting(await this.queue.store.ticketsOfDay(day, ['waiting'], service), config.ordering, this.queue.now());
    return new Map(ordered.map((t, i) => [t.id, i]));
  }

  private async insert(ticket: StoredTicket, kind: NoticeRowKind, contact: TicketContact, config: HallQueueConfig, ahead?: number): Promise<boolean> {
    const service = config.services.find((s) => s.code === ticket.service);
    const counterNumber = ticket.counterId ? config.counters.find((c) => c.id === ticket.counterId)?.number : undefined;
    const followUrl = liveTicketUrl(config.liveTicket, contact.token);
    const noticeKind: NoticeKind = kind === 'called' ? 'called' : 'reminder';
    const facts = {
      hallName: config.hallName,
      ticketNumber: ticket.number,
      serviceName: service?.name ?? ticket.service,
      ...(ahead !== undefined ? { peopleAhead: ahead } : {}),
      ...(counterNumber ? { counterNumber } : {}),
      ...(followUrl ? { followUrl } : {}),
    };
    const fields: Record<string, string> = {
      number: ticket.number,
      service: facts.serviceName,
      ...(ahead !== undefined ? { ahead: String(ahead) } : {}),
      ...(counterNumber ? { window: counterNumber } : {}),
    };
    const row = await this.queue.db.one<{ ticket_id: string }>(
      `INSERT INTO queue_notices (ticket_id, kind, channel, text, fields_json, status, attempts, next_attempt_ms, decided_at)
       VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $7) ON CONFLICT (ticket_id, kind) DO NOTHING RETURNING ticket_id`,
      [
        ticket.id,
        kind,
        contact.contact.channel,
        noticeText(noticeKind, facts),
        JSON.stringify(fields),
        this.queue.clock.nowMs(),
        this.queue.now().toISOString(),
      ],
    );
    return Boolean(row);
  }

  /** Claims the due notices (no other instance sends them meanwhile) and sends each; returns how many went. */
  async deliverDue(): Promise<number> {
    const now = this.queue.clock.nowMs();
    const claimed = await this.queue.db.query<NoticeRow>(
      `UPDATE queue_notices SET next_attempt_ms = $2 WHERE (ticket_id, kind) IN (
         SELECT ticket_id, kind FROM queue_notices WHERE status = 'pending' AND next_attempt_ms <= $1 ORDER BY next_attempt_ms LIMIT 50 FOR UPDATE SKIP LOCKED
       ) RETURNING ticket_id, kind, channel, text, fields_json, attempts`,
      [now, now + CLAIM_MS],
    );
    let sent = 0;
    for (const row of claimed) if (await this.deliver(row)) sent++;
    return sent;
  }

  private async deliver(row: NoticeRow): Promise<boolean> {
    const finish = (status: 'sent' | 'refused' | 'failed' | 'dropped', reason: string | null) =>
      this.queue.db.run('UPDATE queue_notices SET status = $1, reason = $2, attempts = $3, done_at = $4 WHERE ticket_id = $5 AND kind = $6', [
        status,
        reason,
        row.attempts + (status === 'dropped' ? 0 : 1),
        this.queue.now().toISOString(),
        row.ticket_id,
        row.kind,
      ]);
    const contact = await contactOf(this.queue.store, row.ticket_id);
    if (!contact) {
      await finish('dropped', 'the ticket ended');
      return false;
    }
    const gateway = this.gateways[contact.contact.channel];
    if (!gateway) {
      await finish('failed', `no ${contact.contact.channel} gateway is configured`);
      return false;
    }
    const outcome = await gateway.send({
      contact: contact.contact,
      text: row.text,
      fields: JSON.parse(row.fields_json) as Record<string, string>,
      noticeId: `${row.ticket_id}:${row.kind}`,
    });
    if (outcome.kind === 'sent') {
      await finish('sent', null);
      return true;
    }
    if (outcome.kind === 'refused') {
      await finish('refused', outcome.reason);
      return false;
    }
    const attempts = row.attempts + 1;
    if (attempts >= (this.options.maxAttempts ?? 8)) {
      await finish('failed', outcome.reason);
      return false;
    }
    // No jitter: one notice is retried by whichever instance claims it next, not by a crowd.
    const backoff = backoffDelay(attempts, { initialMs: this.options.backoffMs ?? 2000, maxMs: this.options.maxBackoffMs ?? 300_000, jitter: 'none' });
    await this.queue.db.run('UPDATE queue_notices SET attempts = $1, next_attempt_ms = $2, reason = $3 WHERE ticket_id = $4 AND kind = $5', [
      attempts,
      this.queue.clock.nowMs() + backoff,
      outcome.reason,
      row.ticket_id,
      row.kind,
    ]);
    return false;
  }

  /** What became of a ticket's notices (tests, the supervisor's view): kind, status, attempts. */
  async noticesOf(ticketId: string): Promise<Array<{ kind: NoticeRowKind; status: string; attempts: number; text: string }>> {
    return this.queue.db.query('SELECT kind, status, attempts, text FROM queue_notices WHERE ticket_id = $1 ORDER BY decided_at, kind', [ticketId]);
  }
}
