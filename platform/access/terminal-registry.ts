// Terminal records and their credentials. An administrator creates a record (role, hall, counter or
// proxy point) and receives a one-time enrolment code; the terminal trades the code for its own
// credential once. The role and bindings come only from the record: nothing a terminal sends changes them.
import { randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { newToken, sha256Hex } from '../digest.js';
import { performance } from 'node:perf_hooks';
import type { Clock } from '../../contract/clock.js';
import { TerminalRole } from '../../contract/config.js';
import type { TerminalPrincipal } from '../../contract/platform-api/access.js';
import { ENROLMENT_CODE_ALPHABET, type TerminalRecord, type TerminalStatus } from '../../contract/platform-api/terminals.js';
import type { PlatformStore } from '../platform-store.js';

export type TerminalRecordFields = {
  terminalId: string;
  role: TerminalRole;
  hallId: string;
  counterId?: string | undefined;
  pointId?: string | undefined;
  label?: string | undefined;
};

export class TerminalRegistryError extends Error {
  constructor(
    readonly code: 'exists' | 'not-found' | 'revoked' | 'bad-code',
    message: string,
  ) {
    super(message);
    this.name = 'TerminalRegistryError';
  }
}

interface Row {
  terminal_id: string;
  label: string | null;
  role: string;
  hall_id: string;
  counter_id: string | null;
  point_id: string | null;
  status: TerminalStatus;
  credential_hash: string;
  enrolment_code_hash: string | null;
  enrolment_expires_at: string | null;
  enrolled_at: string | null;
}

/** A stand-in for "no credential yet": the hash of bytes nobody ever sees, so no credential matches it. */
const unusableCredentialHash = () => sha256Hex(`unusable:${randomBytes(32).toString('hex')}`);
const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

function newEnrolmentCode(): string {
  let code = '';
  for (let i = 0; i < 16; i++) code += ENROLMENT_CODE_ALPHABET[randomInt(ENROLMENT_CODE_ALPHABET.length)];
  return code.match(/.{4}/g)!.join('-');
}
const normaliseCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

/** The NOTIFY channel on which an instance tells the others a terminal's record changed (revoked, reset, enrolled, rebound). */
export const TERMINALS_CHANNEL = 'hall_terminals';
/**
 * How long an authenticated terminal is remembered without asking the database again. A change made
 * on this instance takes effect at once, one made on another as soon as its notification arrives;
 * this bounds it should the notification be lost.
 */
export const PRINCIPAL_CACHE_MS = 2_000;

export class TerminalRegistry {
  /** Active terminals by credential hash, each until a monotonic deadline (performance.now). */
  private readonly principals = new Map<string, { principal: TerminalPrincipal; until: number }>();

  constructor(
    private readonly store: PlatformStore,
    private readonly clock: Clock,
  ) {}

  /** Drops remembered principals when any instance changes a terminal's record; returns a stop. */
  follow(): Promise<() => Promise<void>> {
    // An empty message (a reconnect: notifications may have been missed) forgets everyone.
    return this.db.listen(TERMINALS_CHANNEL, (terminalId) => this.forget(terminalId || undefined));
  }

  private forget(terminalId?: string): void {
    if (terminalId === undefined) return this.principals.clear();
    for (const [hash, entry] of this.principals) if (entry.principal.terminalId === terminalId) this.principals.delete(hash);
  }

  /** After a change to the record: forgotten here at once, and on every other instance by notification. */
  private async changed(terminalId: string): Promise<void> {
    this.forget(terminalId);
    await this.db.query('SELECT pg_notify($1, $2)', [TERMINALS_CHANNEL, terminalId]);
  }

  private get db() {
    return this.store.db;
  }

  /** The row, locked for the rest of the transaction when asked (enrolment and reset take turns across instances). */
  private row(terminalId: string, forUpdate = false): Promise<Row | undefined> {
    return this.db.one<Row>(`SELECT * FROM terminals WHERE terminal_id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [terminalId]);
  }

  private record(row: Row): TerminalRecord {
    return {
      terminalId: row.terminal_id,
      role: TerminalRole.catch('kiosk').parse(row.role),
      hallId: row.hall_id,
      counterId: row.counter_id,
      pointId: row.point_id,
      label: row.label,
      status: row.status,
      enrolmentExpiresAt: row.status === 'pending' ? row.enrolment_expires_at : null,
      enrolledAt: row.enrolled_at,
    };
  }

  private async issueCode(terminalId: string, validHours: number): Promise<{ enrolmentCode: string; expiresAt: string }> {
    const enrolmentCode = newEnrolmentCode();
    const expiresAt = new Date(this.clock.nowMs() + validHours * 3_600_000).toISOString();
    await this.db.run(
      "UPDATE terminals SET status = 'pending', credential_hash = $1, enrolment_code_hash = $2, enrolment_expires_at = $3, enrolled_at = NULL WHERE terminal_id = $4",
      [unusableCredentialHash(), sha256Hex(normaliseCode(enrolmentCode)), expiresAt, terminalId],
    );
    await this.changed(terminalId);
    return { enrolmentCode, expiresAt };
  }

  /** A new terminal record, pending until the terminal enrols with the returned code. */
  add(fields: TerminalRecordFields, validHours = 8): Promise<{ terminal: TerminalRecord; enrolmentCode: string; expiresAt: string }> {
    return this.db.transaction(async () => {
      const inserted = await this.db.run(
        `INSERT INTO terminals (terminal_id, label, credential_hash, registered_at, role, hall_id, counter_id, point_id, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending') ON CONFLICT (terminal_id) DO NOTHING`,
        [
          fields.terminalId,
          fields.label ?? null,
          unusableCredentialHash(),
          this.clock.iso(),
          fields.role,
          fields.hallId,
          fields.counterId ?? null,
          fields.pointId ?? null,
        ],
      );
      if (inserted === 0) throw new TerminalRegistryError('exists', `terminal ${fields.terminalId} already has a record (reset it to enrol again)`);
      const code = await this.issueCode(fields.terminalId, validHours);
      return { terminal: this.record((await this.row(fields.terminalId))!), ...code };
    });
  }

  /** Voids the terminal's credential and any earlier code, and issues a new enrolment code. */
  reset(terminalId: string, validHours = 8): Promise<{ terminal: TerminalRecord; enrolmentCode: string; expiresAt: string }> {
    return this.db.transaction(async () => {
      const row = await this.row(terminalId, true);
      if (!row) throw new TerminalRegistryError('not-found', `no terminal ${terminalId}`);
      if (row.status === 'revoked') throw new TerminalRegistryError('revoked', `terminal ${terminalId} is revoked`);
      const code = await this.issueCode(terminalId, validHours);
      return { terminal: this.record((await this.row(terminalId))!), ...code };
    });
  }

  async revoke(terminalId: string): Promise<boolean> {
    // The credential's hash stays, so the terminal is told it is revoked rather than unknown.
    const changed = await this.db.run(
      "UPDATE terminals SET status = 'revoked', revoked_at = $1, enrolment_code_hash = NULL WHERE terminal_id = $2 AND status != 'revoked'",
      [this.clock.iso(), terminalId],
    );
    await this.changed(terminalId);
    return changed > 0;
  }

  async list(): Promise<TerminalRecord[]> {
    return (await this.db.query<Row>('SELECT * FROM terminals ORDER BY terminal_id')).map((row) => this.record(row));
  }

  async get(terminalId: string): Promise<TerminalRecord | undefined> {
    const row = await this.row(terminalId);
    return row ? this.record(row) : undefined;
  }

  /**
   * Trades a one-time code for the terminal's credential. Every refusal looks the same (bad-code):
   * an unknown terminal, a wrong, used or expired code, an enrolled or revoked terminal (whose code
   * is gone) — so enrolment tells a caller without the code nothing about any terminal. An enrolled
   * terminal can enrol again only with the new code an administrator's reset issues. The row is
   * locked: two instances given the same code at once hand out one credential, never two.
   */
  enrol(terminalId: string, enrolmentCode: string, label?: string): Promise<{ credential: string; terminal: TerminalRecord }> {
    return this.db.transaction(async () => {
      const row = await this.row(terminalId, true);
      const presented = sha256Hex(normaliseCode(enrolmentCode));
      const refused = new TerminalRegistryError('bad-code', 'unknown terminal, or a wrong, used or expired enrolment code');
      if (!row || row.status !== 'pending' || !row.enrolment_code_hash || !sameHex(row.enrolment_code_hash, presented)) throw refused;
      if (!row.enrolment_expires_at || Date.parse(row.enrolment_expires_at) <= this.clock.nowMs()) throw refused;
      const credential = newToken();
      await this.db.run(
        "UPDATE terminals SET status = 'active', credential_hash = $1, enrolment_code_hash = NULL, enrolment_expires_at = NULL, enrolled_at = $2, label = COALESCE($3, label) WHERE terminal_id = $4",
        [sha256Hex(credential), this.clock.iso(), label ?? null, terminalId],
      );
      await this.changed(terminalId);
      return { credential, terminal: this.record((await this.row(terminalId))!) };
    });
  }

  /** The terminal a credential belongs to, as its record says; the credential alone identifies it. */
  async authenticate(credential: string): Promise<TerminalPrincipal | 'unknown' | 'revoked'> {
    if (credential.length < 32 || credential.length > 256) return 'unknown';
    const hash = sha256Hex(credential);
    const remembered = this.principals.get(hash);
    if (remembered && remembered.until > performance.now()) return remembered.principal;
    this.principals.delete(hash);
    const row = await this.db.one<Row>('SELECT * FROM terminals WHERE credential_hash = $1', [hash]);
    if (!row) return 'unknown';
    if (row.status === 'revoked') return 'revoked';
    if (row.status !== 'active') return 'unknown';
    const role = TerminalRole.safeParse(row.role);
    if (!role.success) return 'unknown';
    const principal: TerminalPrincipal = {
      kind: 'terminal',
      terminalId: row.terminal_id,
      role: role.data,
      hallId: row.hall_id,
      counterId: row.counter_id,
      pointId: row.point_id,
    };
    this.principals.set(hash, { principal, until: performance.now() + PRINCIPAL_CACHE_MS });
    return principal;
  }

  /**
   * The embedded platform's own terminal: its record follows the local configuration (the machine's
   * owner is its administrator). Creates the record when absent; never touches the credential.
   */
  async ensureLocal(fields: TerminalRecordFields): Promise<void> {
    await this.db.run(
      `INSERT INTO terminals (terminal_id, label, credential_hash, registered_at, role, hall_id, counter_id, point_id, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending')
       ON CONFLICT (terminal_id) DO UPDATE SET role = excluded.role, hall_id = excluded.hall_id, counter_id = excluded.counter_id, point_id = excluded.point_id`,
      [
        fields.terminalId,
        fields.label ?? null,
        unusableCredentialHash(),
        this.clock.iso(),
        fields.role,
        fields.hallId,
        fields.counterId ?? null,
        fields.pointId ?? null,
      ],
    );
    await this.changed(fields.terminalId);
  }
}
