// Remote help requests (远程帮办, sent when the link was down): they arrive as `help-request` mutations
// through the sync push and are written in its transaction, with their help.requested event on the
// hall queue's stream; the counters of the terminal's hall list them (帮办席) and the first counter to
// answer — 回电 or 到窗口办理 — closes a request for all. What the citizen said and left (the step, the
// item, the materials' references, the phone, the clerk's note) is sealed at rest; the phone is erased
// once the request is answered.
import type { HallQueueConfig } from '../../contract/queue.js';
import { maskPhone } from '../../contract/masking.js';
import type { MutationEnvelope } from '../../contract/sync-protocol.js';
import { HelpRequestPayload, HelpRequestPersonal, type HelpRequest } from '../../contract/remote-help.js';
import { QueueError, type QueueService } from './queue-service.js';

interface HelpRow {
  id: string;
  hall_id: string;
  terminal_id: string;
  source: 'kiosk' | 'proxy-point';
  body_sealed: string;
  phone_sealed: string | null;
  state: HelpRequest['state'];
  received_at: string;
  answered_at: string | null;
  counter_id: string | null;
  answer_note_sealed: string | null;
}

/** How long answered requests stay on the 帮办席 list (open ones stay until answered). */
const ANSWERED_SHOWN_MS = 12 * 3_600_000;

type SealedBody = Pick<HelpRequestPayload, 'step' | 'serviceCode' | 'itemName' | 'materials' | 'note' | 'recordedAt'>;

export class HelpDesk {
  constructor(private readonly queue: QueueService) {}

  private get db() {
    return this.queue.db;
  }

  private get sealer() {
    return this.queue.store.sealer;
  }

  /**
   * Records a help request inside the push transaction; returns a reason to reject it, or null. The
   * terminal's role and hall are those it was enrolled with. The mutation's own exactly-once keys
   * keep a retried push from recording it twice; the request id is the table's key besides.
   */
  async record(mutation: MutationEnvelope, terminal: { terminalId: string; role: string; hallId: string }): Promise<string | null> {
    if (terminal.role !== 'kiosk' && terminal.role !== 'proxy-point') return 'help requests come from kiosks and proxy points';
    const parsed = HelpRequestPayload.safeParse(mutation.payload);
    if (!parsed.success) return 'malformed help request';
    const personal = HelpRequestPersonal.safeParse(mutation.personal ?? {});
    if (!personal.success) return 'the call-back number is not an 11-digit mobile number';
    const payload = parsed.data;
    if (payload.source !== terminal.role) return 'the request names another kind of terminal';
    const files = [payload.note.sha256, ...payload.materials.map((m) => m.sha256)];
    if (!files.every((sha) => mutation.blobs.includes(sha))) return 'a file the request refers to was not sent with it';
    const body: SealedBody = {
      step: payload.step,
      materials: payload.materials,
      note: payload.note,
      recordedAt: payload.recordedAt,
      ...(payload.serviceCode ? { serviceCode: payload.serviceCode } : {}),
      ...(payload.itemName ? { itemName: payload.itemName } : {}),
    };
    const row: HelpRow = {
      id: payload.requestId,
      hall_id: terminal.hallId,
      terminal_id: terminal.terminalId,
      source: payload.source,
      body_sealed: this.sealer.seal(JSON.stringify(body)),
      phone_sealed: personal.data.phone ? this.sealer.seal(personal.data.phone) : null,
      state: 'open',
      received_at: this.queue.now().toISOString(),
      answered_at: null,
      counter_id: null,
      answer_note_sealed: null,
    };
    const inserted = await this.db.run(
      `INSERT INTO help_requests (id, hall_id, terminal_id, source, body_sealed, phone_sealed, state, received_at)
       VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) ON CONFLICT (id) DO NOTHING`,
      [row.id, row.hall_id, row.terminal_id, row.source, row.body_sealed, row.phone_sealed, row.received_at],
    );
    if (inserted === 0) return null;
    // The event joins the push's transaction: counters hear of the request once it is committed.
    await this.queue.store.appendEvent({ type: 'help.requested', at: row.received_at, help: this.publicOf(row, await this.queue.config()) });
    return null;
  }

  /** The 帮办席 list of a hall: open requests, and those answered in the last hours, oldest first. */
  async list(hallId: string): Promise<{ seq: number; requests: HelpRequest[] }> {
    const since = new Date(this.queue.now().getTime() - ANSWERED_SHOWN_MS).toISOString();
    const seq = await this.queue.store.lastSeq();
    const rows = await this.db.query<HelpRow>(
      "SELECT * FROM help_requests WHERE hall_id = $1 AND (state = 'open' OR answered_at >= $2) ORDER BY received_at, id",
      [hallId, since],
    );
    const config = await this.queue.config();
    return { seq, requests: rows.map((row) => this.publicOf(row, config)) };
  }

  /** A file the request refers to (its voice note or a material), for a counter of its hall. */
  async fileOf(id: string, sha256: string, hallId: string): Promise<{ mediaType: string }> {
    const row = await this.rowOf(id, hallId);
    const body = this.bodyOf(row);
    if (body.note.sha256 === sha256) return { mediaType: body.note.mediaType };
    const material = body.materials.find((m) => m.sha256 === sha256);
    if (!material) throw new QueueError('not-found', 'the help request refers to no such file');
    return { mediaType: material.mediaType };
  }

  /** The call-back number in full; the caller records the reveal in the audit log. */
  async phoneOf(id: string, hallId: string): Promise<string> {
    const row = await this.rowOf(id, hallId);
    if (!row.phone_sealed) throw new QueueError('not-found', 'the citizen left no phone number');
    return this.sealer.open(row.phone_sealed);
  }

  /** One counter answers: the first one wins, every other gets a conflict naming it. */
  async answer(id: string, hallId: string, counterId: string, how: { state: 'called-back'; note: string } | { state: 'accepted' }): Promise<HelpRequest> {
    const config = await this.queue.config();
    if (!config.counters.some((c) => c.id === counterId)) throw new QueueError('not-found', `no counter "${counterId}" in this hall`);
    return this.queue.change(async (emit) => {
      const row = await this.db.one<HelpRow>('SELECT * FROM help_requests WHERE id = $1 AND hall_id = $2 FOR UPDATE', [id, hallId]);
      if (!row) throw new QueueError('not-found', 'no such help request');
      if (row.state !== 'open') {
        const by = config.counters.find((c) => c.id === row.counter_id);
        throw new QueueError('conflict', `already answered by ${by?.name ?? row.counter_id ?? 'another counter'}`);
      }
      // Answered, the call-back number has served its purpose: it is erased, not kept sealed.
      const answered: HelpRow = {
        ...row,
        state: how.state,
        answered_at: this.queue.now().toISOString(),
        counter_id: counterId,
        phone_sealed: null,
        answer_note_sealed: how.state === 'called-back' ? this.sealer.seal(how.note) : null,
      };
      await this.db.run('UPDATE help_requests SET state = $1, answered_at = $2, counter_id = $3, answer_note_sealed = $4, phone_sealed = NULL WHERE id = $5', [
        answered.state,
        answered.answered_at,
        answered.counter_id,
        answered.answer_note_sealed,
        id,
      ]);
      const help = this.publicOf(answered, config);
      await emit({ type: 'help.answered', help });
      return help;
    });
  }

  private async rowOf(id: string, hallId: string): Promise<HelpRow> {
    const row = await this.db.one<HelpRow>('SELECT * FROM help_requests WHERE id = $1 AND hall_id = $2', [id, hallId]);
    if (!row) throw new QueueError('not-found', 'no such help request');
    return row;
  }

  private bodyOf(row: HelpRow): SealedBody {
    return JSON.parse(this.sealer.open(row.body_sealed)) as SealedBody;
  }

  private publicOf(row: HelpRow, config: HallQueueConfig): HelpRequest {
    const body = this.bodyOf(row);
    const counter = row.counter_id ? config.counters.find((c) => c.id === row.counter_id) : undefined;
    return {
      id: row.id,
      hallId: row.hall_id,
      terminalId: row.terminal_id,
      source: row.source,
      step: body.step,
      ...(body.serviceCode ? { serviceCode: body.serviceCode } : {}),
      ...(body.itemName ? { itemName: body.itemName } : {}),
      materials: body.materials,
      note: body.note,
      recordedAt: body.recordedAt,
      receivedAt: row.received_at,
      ...(row.phone_sealed ? { maskedPhone: maskPhone(this.sealer.open(row.phone_sealed)) } : {}),
      state: row.state,
      ...(row.answered_at ? { answeredAt: row.answered_at } : {}),
      ...(row.counter_id ? { counter: { id: row.counter_id, name: counter?.name ?? row.counter_id, number: counter?.number ?? row.counter_id } } : {}),
      ...(row.answer_note_sealed ? { answerNote: this.sealer.open(row.answer_note_sealed) } : {}),
    };
  }
}
