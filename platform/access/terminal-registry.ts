// Terminal records and their credentials. An administrator creates a record (role, hall, counter or
// proxy point) and receives a one-time enrolment code; the terminal trades the code for its own
// credential once. The role and bindings come only from the record: nothing a terminal sends changes them.
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../../contract/clock.js';
import { TerminalRole } from '../../contract/config.js';
import type { TerminalPrincipal } from '../../contract/platform-api/access.js';
import { ENROLMENT_CODE_ALPHABET, type TerminalRecord, type TerminalStatus } from '../../contract/platform-api/terminals.js';
import type { PlatformStore } from '../platform-store.js';

export type TerminalRecordFields = { terminalId: string; role: TerminalRole; hallId: string; counterId?: string | undefined; pointId?: string | undefined; label?: string | undefined };

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

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** A stand-in for "no credential yet": the hash of bytes nobody ever sees, so no credential matches it. */
const unusableCredentialHash = () => sha256(`unusable:${randomBytes(32).toString('hex')}`);
const sameHex = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a, 'hex'), Buffer.from(b, 'hex'));

function newEnrolmentCode(): string {
  let code = '';
  for (let i = 0; i < 16; i++) code += ENROLMENT_CODE_ALPHABET[randomInt(ENROLMENT_CODE_ALPHABET.length)];
  return code.match(/.{4}/g)!.join('-');
}
const normaliseCode = (code: string) => code.replace(/[\s-]/g, '').toUpperCase();

export class TerminalRegistry {
  constructor(
    private readonly store: PlatformStore,
    private readonly clock: Clock,
  ) {}

  private get db() {
    return this.store.db;
  }

  private row(terminalId: string): Row | undefined {
    return this.db.prepare('SELECT * FROM terminals WHERE terminal_id = ?').get(terminalId) as Row | undefined;
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

  private issueCode(terminalId: string, validHours: number): { enrolmentCode: string; expiresAt: string } {
    const enrolmentCode = newEnrolmentCode();
    const expiresAt = new Date(this.clock.nowMs() + validHours * 3_600_000).toISOString();
    this.db
      .prepare("UPDATE terminals SET status = 'pending', credential_hash = ?, enrolment_code_hash = ?, enrolment_expires_at = ?, enrolled_at = NULL WHERE terminal_id = ?")
      .run(unusableCredentialHash(), sha256(normaliseCode(enrolmentCode)), expiresAt, terminalId);
    return { enrolmentCode, expiresAt };
  }

  /** A new terminal record, pending until the terminal enrols with the returned code. */
  add(fields: TerminalRecordFields, validHours = 8) {
    return this.db.transaction(() => {
      if (this.row(fields.terminalId)) throw new TerminalRegistryError('exists', `terminal ${fields.terminalId} already has a record (reset it to enrol again)`);
      this.db
        .prepare(
          `INSERT INTO terminals (terminal_id, label, credential_hash, registered_at, role, hall_id, counter_id, point_id, status)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')`,
        )
        .run(fields.terminalId, fields.label ?? null, unusableCredentialHash(), this.clock.iso(), fields.role, fields.hallId, fields.counterId ?? null, fields.pointId ?? null);
      const code = this.issueCode(fields.terminalId, validHours);
      return { terminal: this.record(this.row(fields.terminalId)!), ...code };
    })();
  }

  /** Voids the terminal's credential and any earlier code, and issues a new enrolment code. */
  reset(terminalId: string, validHours = 8) {
    return this.db.transaction(() => {
      const row = this.row(terminalId);
      if (!row) throw new TerminalRegistryError('not-found', `no terminal ${terminalId}`);
      if (row.status === 'revoked') throw new TerminalRegistryError('revoked', `terminal ${terminalId} is revoked`);
      const code = this.issueCode(terminalId, validHours);
      return { terminal: this.record(this.row(terminalId)!), ...code };
    })();
  }

  revoke(terminalId: string): boolean {
    return (
      this.db
        // The credential's hash stays, so the terminal is told it is revoked rather than unknown.
        .prepare("UPDATE terminals SET status = 'revoked', revoked_at = ?, enrolment_code_hash = NULL WHERE terminal_id = ? AND status != 'revoked'")
        .run(this.clock.iso(), terminalId).changes > 0
    );
  }

  list(): TerminalRecord[] {
    return (this.db.prepare('SELECT * FROM terminals ORDER BY terminal_id').all() as Row[]).map((row) => this.record(row));
  }

  get(terminalId: string): TerminalRecord | undefined {
    const row = this.row(terminalId);
    return row ? this.record(row) : undefined;
  }

  /**
   * Trades a one-time code for the terminal's credential. Every refusal looks the same (bad-code):
   * an unknown terminal, a wrong, used or expired code, an enrolled or revoked terminal (whose code
   * is gone) — so enrolment tells a caller without the code nothing about any terminal. An enrolled
   * terminal can enrol again only with the new code an administrator's reset issues.
   */
  enrol(terminalId: string, enrolmentCode: string, label?: string): { credential: string; terminal: TerminalRecord } {
    return this.db.transaction(() => {
      const row = this.row(terminalId);
      const presented = sha256(normaliseCode(enrolmentCode));
      const refused = new TerminalRegistryError('bad-code', 'unknown terminal, or a wrong, used or expired enrolment code');
      if (!row || row.status !== 'pending' || !row.enrolment_code_hash || !sameHex(row.enrolment_code_hash, presented)) throw refused;
      if (!row.enrolment_expires_at || Date.parse(row.enrolment_expires_at) <= this.clock.nowMs()) throw refused;
      const credential = randomBytes(32).toString('base64url');
      this.db
        .prepare("UPDATE terminals SET status = 'active', credential_hash = ?, enrolment_code_hash = NULL, enrolment_expires_at = NULL, enrolled_at = ?, label = COALESCE(?, label) WHERE terminal_id = ?")
        .run(sha256(credential), this.clock.iso(), label ?? null, terminalId);
      return { credential, terminal: this.record(this.row(terminalId)!) };
    })();
  }

  /** The terminal a credential belongs to, as its record says; the credential alone identifies it. */
  authenticate(credential: string): TerminalPrincipal | 'unknown' | 'revoked' {
    if (credential.length < 32 || credential.length > 256) return 'unknown';
    const row = this.db.prepare('SELECT * FROM terminals WHERE credential_hash = ?').get(sha256(credential)) as Row | undefined;
    if (!row) return 'unknown';
    if (row.status === 'revoked') return 'revoked';
    if (row.status !== 'active') return 'unknown';
    const role = TerminalRole.safeParse(row.role);
    if (!role.success) return 'unknown';
    return { kind: 'terminal', terminalId: row.terminal_id, role: role.data, hallId: row.hall_id, counterId: row.counter_id, pointId: row.point_id };
  }

  /**
   * The embedded platform's own terminal: its record follows the local configuration (the machine's
   * owner is its administrator). Creates the record when absent; never touches the credential.
   */
  ensureLocal(fields: TerminalRecordFields): void {
    const row = this.row(fields.terminalId);
    if (!row) {
      this.db
        .prepare(`INSERT INTO terminals (terminal_id, label, credential_hash, registered_at, role, hall_id, counter_id, point_id, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'pending')`)
        .run(fields.terminalId, fields.label ?? null, unusableCredentialHash(), this.clock.iso(), fields.role, fields.hallId, fields.counterId ?? null, fields.pointId ?? null);
      return;
    }
    this.db.prepare('UPDATE terminals SET role = ?, hall_id = ?, counter_id = ?, point_id = ? WHERE terminal_id = ?').run(fields.role, fields.hallId, fields.counterId ?? null, fields.pointId ?? null, fields.terminalId);
  }
}
