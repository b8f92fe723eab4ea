// Remote help, live (远程视频帮办): a kiosk or proxy point rings the hall's 帮办席; every counter sees
// the ring on the queue's event stream and the first to answer takes the call, in one transaction
// with its event (like 求助). The two parties then relay WebRTC signalling, the mirrored screen and the
// clerk's commands through this desk: each signal is addressed to the other party of an answered call,
// kept sealed in its row only while the call lasts and deleted when it ends.
import { randomUUID } from 'node:crypto';
import { Emitter } from '../../contract/async/emitter.js';
import {
  LiveHelpSignal,
  maySend,
  type DeliveredSignal,
  type LiveHelpCall,
  type LiveHelpParty,
  type LiveHelpSignals,
  type LiveHelpSource,
} from '../../contract/live-help.js';
import type { HallQueueConfig } from '../../contract/queue.js';
import { QueueError, type QueueService } from './queue-service.js';

interface CallRow {
  id: string;
  day: string;
  terminal_id: string;
  source: string;
  state: string;
  ringing_at: string;
  answered_at: string | null;
  ended_at: string | null;
  ended_by: string | null;
  clerk_terminal_id: string | null;
  counter_id: string | null;
  clerk_id: string | null;
}

/** Who ended a call: one of its parties, or the ring running out with nobody answering. */
type CallEnder = LiveHelpParty | 'expired';

/** How often a waiting receiver looks at the table even without a local wake-up (another instance may have stored the signal). */
const SIGNAL_POLL_MS = 400;

export class LiveHelpDesk {
  /** Wakes this instance's long polls when a signal for a call is stored here. */
  private readonly arrivals = new Emitter<Record<string, []>>();

  constructor(private readonly queue: QueueService) {}

  private get db() {
    return this.queue.store.db;
  }

  private publicCall(row: CallRow, config: HallQueueConfig): LiveHelpCall {
    const counter = row.counter_id ? config.counters.find((c) => c.id === row.counter_id) : undefined;
    return {
      id: row.id,
      day: row.day,
      terminalId: row.terminal_id,
      source: row.source as LiveHelpSource,
      state: row.state as LiveHelpCall['state'],
      ringingAt: row.ringing_at,
      ...(row.answered_at ? { answeredAt: row.answered_at } : {}),
      ...(row.ended_at ? { endedAt: row.ended_at } : {}),
      ...(row.ended_by ? { endedBy: row.ended_by as CallEnder } : {}),
      ...(row.clerk_terminal_id && row.counter_id
        ? {
            clerk: {
              ...(row.clerk_id ? { clerkId: row.clerk_id } : {}),
              terminalId: row.clerk_terminal_id,
              counterId: row.counter_id,
              counterName: counter?.name ?? row.counter_id,
              counterNumber: counter?.number ?? row.counter_id,
            },
          }
        : {}),
    };
  }

  private async row(id: string): Promise<CallRow> {
    const row = await this.db.one<CallRow>('SELECT * FROM live_help_calls WHERE id = $1', [id]);
    if (!row) throw new QueueError('not-found', 'no such remote help call');
    return row;
  }

  /** Today's ringing calls, oldest first (what every counter's 帮办席 shows). */
  async ringing(): Promise<LiveHelpCall[]> {
    await this.expireUnanswered();
    const config = await this.queue.config();
    const rows = await this.db.query<CallRow>("SELECT * FROM live_help_calls WHERE day = $1 AND state = 'ringing' ORDER BY ringing_at, id", [
      this.queue.today(),
    ]);
    return rows.map((r) => this.publicCall(r, config));
  }

  /** The live call a terminal is a party of (as caller or as the answering clerk), if any. */
  async liveCallOf(terminalId: string): Promise<LiveHelpCall | null> {
    await this.expireUnanswered();
    const config = await this.queue.config();
    const row = await this.db.one<CallRow>(
      "SELECT * FROM live_help_calls WHERE state IN ('ringing', 'answered') AND (terminal_id = $1 OR clerk_terminal_id = $1) ORDER BY ringing_at DESC LIMIT 1",
      [terminalId],
    );
    return row ? this.publicCall(row, config) : null;
  }

  /** A kiosk or proxy point rings. While its call is live the same call comes back (created: false); a live call from an earlier day is ended first. */
  async ring(terminalId: string, source: LiveHelpSource): Promise<{ call: LiveHelpCall; created: boolean }> {
    if (!terminalId) throw new QueueError('bad-input', 'the call names no terminal');
    // A call of this terminal's that rang out is ended first: ringing again starts a fresh call.
    await this.expireUnanswered();
    const config = await this.queue.config();
    return this.queue.change(async (emit) => {
      const today = this.queue.today();
      const at = this.queue.now().toISOString();
      const existing = await this.db.one<CallRow>("SELECT * FROM live_help_calls WHERE terminal_id = $1 AND state IN ('ringing', 'answered')", [terminalId]);
      if (existing && existing.day === today) return { call: this.publicCall(existing, config), created: false };
      if (existing) await emit({ type: 'live-help.ended', liveHelp: await this.close(existing, 'caller', at, config) });
      const id = randomUUID();
      await this.db.run("INSERT INTO live_help_calls (id, day, terminal_id, source, state, ringing_at) VALUES ($1, $2, $3, $4, 'ringing', $5)", [
        id,
        today,
        terminalId,
        source,
        at,
      ]);
      const call = this.publicCall(await this.row(id), config);
      await emit({ type: 'live-help.ringing', liveHelp: call });
      return { call, created: true };
    });
  }

  /** A counter's clerk answers: the first answer takes the call, a later one is told who has it. `clerkId`: the signed-in clerk, verified by the caller. */
  async answer(id: string, clerkTerminalId: string, counterId: string, terminalRole: string | null, clerkId?: string): Promise<LiveHelpCall> {
    if (terminalRole !== 'counter') throw new QueueError('forbidden', 'only counter terminals answer remote help calls');
    const config = await this.queue.config();
    if (!config.counters.some((c) => c.id === counterId)) throw new QueueError('not-found', `no counter "${counterId}" in this hall`);
    await this.expireUnanswered();
    return this.queue.change(async (emit) => {
      const row = await this.row(id);
      if (row.state === 'ended' && row.ended_by === 'expired') throw new QueueError('conflict', 'nobody answered in time; the call has ended');
      if (row.state === 'answered')
        throw new QueueError('conflict', `already answered by ${this.publicCall(row, config).clerk?.counterName ?? 'another counter'}`);
      if (row.state === 'ended') throw new QueueError('conflict', 'the caller has already hung up');
      const busy = await this.db.one<{ id: string }>("SELECT id FROM live_help_calls WHERE state = 'answered' AND clerk_terminal_id = $1", [clerkTerminalId]);
      if (busy) throw new QueueError('conflict', 'this counter is already in a remote help call');
      const at = this.queue.now().toISOString();
      await this.db.run(
        "UPDATE live_help_calls SET state = 'answered', answered_at = $1, clerk_terminal_id = $2, counter_id = $3, clerk_id = $4 WHERE id = $5",
        [at, clerkTerminalId, counterId, clerkId ?? null, id],
      );
      const call = this.publicCall(await this.row(id), config);
      await emit({ type: 'live-help.answered', liveHelp: call });
      return call;
    });
  }

  /** Either party hangs up (a ringing call only its caller). The call's signals go with it. */
  async hangup(id: string, terminalId: string): Promise<LiveHelpCall> {
    const config = await this.queue.config();
    const call = await this.queue.change(async (emit) => {
      const row = await this.row(id);
      const party = this.partyOf(row, terminalId);
      if (row.state === 'ended') return this.publicCall(row, config);
      const ended = await this.close(row, party, this.queue.now().toISOString(), config);
      await emit({ type: 'live-help.ended', liveHelp: ended });
      return ended;
    });
    this.arrivals.emit(id);
    return call;
  }

  /**
   * Ends every call that has rung longer than the hall's ring time-out with nobody answering
   * (endedBy 'expired'): the counters stop ringing and the caller offers a voice note instead. Run by
   * each instance's sweep and before any read or change of calls, so an expiry never waits for the
   * sweep; the second of two instances doing it finds nothing left to end.
   */
  async expireUnanswered(): Promise<LiveHelpCall[]> {
    const config = await this.queue.config();
    const cutoff = new Date(this.queue.now().getTime() - config.liveHelpRingSeconds * 1000).toISOString();
    const due = "SELECT * FROM live_help_calls WHERE state = 'ringing' AND ringing_at <= $1 ORDER BY ringing_at, id";
    // Looked at without the queue's lock first: nearly always nothing rings that long.
    if ((await this.db.query<CallRow>(due, [cutoff])).length === 0) return [];
    const ended = await this.queue.change(async (emit) => {
      const out: LiveHelpCall[] = [];
      for (const row of await this.db.query<CallRow>(due, [cutoff])) {
        const call = await this.close(row, 'expired', this.queue.now().toISOString(), config);
        await emit({ type: 'live-help.ended', liveHelp: call });
        out.push(call);
      }
      return out;
    });
    for (const call of ended) this.arrivals.emit(call.id);
    return ended;
  }

  private async close(row: CallRow, by: CallEnder, at: string, config: HallQueueConfig): Promise<LiveHelpCall> {
    await this.db.run("UPDATE live_help_calls SET state = 'ended', ended_at = $1, ended_by = $2 WHERE id = $3", [at, by, row.id]);
    await this.db.run('DELETE FROM live_help_signals WHERE call_id = $1', [row.id]);
    return this.publicCall({ ...row, state: 'ended', ended_at: at, ended_by: by }, config);
  }

  /** Which party of the call a terminal is; any other terminal is refused. */
  private partyOf(row: CallRow, terminalId: string): LiveHelpParty {
    if (row.terminal_id === terminalId) return 'caller';
    if (row.clerk_terminal_id === terminalId) return 'clerk';
    throw new QueueError('forbidden', 'this terminal is not a party of the call');
  }

  /** Relays a signal to the other party of an answered call, in order. */
  async send(id: string, terminalId: string, signal: LiveHelpSignal): Promise<{ seq: number }> {
    const parsed = LiveHelpSignal.safeParse(signal);
    if (!parsed.success) throw new QueueError('bad-input', `not a remote help signal: ${parsed.error.issues[0]?.message ?? 'malformed'}`);
    const row = await this.row(id);
    const party = this.partyOf(row, terminalId);
    if (row.state !== 'answered') throw new QueueError('conflict', row.state === 'ringing' ? 'the call has not been answered yet' : 'the call has ended');
    if (!maySend(party, parsed.data.kind)) throw new QueueError('forbidden', `the ${party} does not send ${parsed.data.kind} signals`);
    // Stored only while the call is still answered: a hang-up that commits first leaves nothing behind.
    const stored = await this.db.one<{ seq: number }>(
      "INSERT INTO live_help_signals (call_id, sender, body_json) SELECT $1, $2, $3 WHERE EXISTS (SELECT 1 FROM live_help_calls WHERE id = $1 AND state = 'answered') RETURNING seq",
      [id, party, this.queue.store.sealer.seal(JSON.stringify(parsed.data))],
    );
    if (!stored) throw new QueueError('conflict', 'the call has ended');
    this.arrivals.emit(id);
    return { seq: Number(stored.seq) };
  }

  /** The other party's signals after `after`, waiting up to `waitMs` for the first; the call's state comes along. */
  async receive(id: string, terminalId: string, after: number, waitMs: number): Promise<LiveHelpSignals> {
    const config = await this.queue.config();
    const first = await this.row(id);
    const party = this.partyOf(first, terminalId);
    const other: LiveHelpParty = party === 'caller' ? 'clerk' : 'caller';
    const read = async (): Promise<LiveHelpSignals> => {
      const row = await this.row(id);
      const rows =
        row.state === 'answered'
          ? await this.db.query<{ seq: number; body_json: string }>(
              'SELECT seq, body_json FROM live_help_signals WHERE call_id = $1 AND sender = $2 AND seq > $3 ORDER BY seq LIMIT 200',
              [id, other, after],
            )
          : [];
      const signals: DeliveredSignal[] = rows.map((r) => ({
        seq: Number(r.seq),
        from: other,
        signal: LiveHelpSignal.parse(JSON.parse(this.queue.store.sealer.open(r.body_json))),
      }));
      return { call: this.publicCall(row, config), signals };
    };
    let out = await read();
    if (out.signals.length > 0 || out.call.state === 'ended' || waitMs <= 0) return out;
    const deadline = performance.now() + waitMs;
    while (performance.now() < deadline) {
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(timer);
          stopListening();
          resolve();
        };
        const timer = setTimeout(done, Math.min(SIGNAL_POLL_MS, Math.max(0, deadline - performance.now())));
        const stopListening = this.arrivals.on(id, done);
      });
      out = await read();
      if (out.signals.length > 0 || out.call.state === 'ended') return out;
    }
    return out;
  }
}
