// Clerks of the hall and their sign-in at a counter. An administrator creates a clerk (工号, name, hall,
// PIN); the name is sealed, the PIN kept as a salted scrypt verifier, and wrong PINs are counted in the
// database (counted before the slow check, so parallel guesses on any instance all count). A sign-in
// opens a session bound to the terminal and its counter; the host sends the session's token with each
// desk action, and the route names the session's clerk on the events only once this file verified it:
// the token is this terminal's, for this counter, its clerk active and of the terminal's hall, and the
// session not idle past the hall's setting. A 工号 in a request is never trusted on its own.
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { newToken, sha256Hex } from '../digest.js';
import { checkPin, makePinVerifier, PIN_COST } from '../../common/pin-verifier.js';
import {
  CLERK_LOCK_MINUTES,
  CLERK_MAX_PIN_FAILURES,
  type ClerkAddRequest,
  type ClerkSignInResult,
  type ClerkView,
  type SignedInClerk,
} from '../../contract/clerk.js';
import { maskName } from '../../contract/masking.js';
import { PinVerifier } from '../../contract/proxy-agent.js';
import { QueueError, type QueueService } from './queue-service.js';

const MINUTE_MS = 60_000;
const tokenHash = (token: string) => sha256Hex(token);
/** The verifier's salt needs no card secret here: the verifier never leaves the database. */
const NO_CARD_SECRET = '';

/** The terminal asking, as its credential proves it (never from the request body). */
export interface CounterTerminal {
  terminalId: string;
  hallId: string;
  counterId: string;
}

interface ClerkRow {
  clerk_id: string;
  hall_id: string;
  masked_name: string;
  pin_json: string;
  status: 'active' | 'disabled';
  failed_pins: number;
  locked_until: string | null;
}

interface SessionRow {
  id: string;
  clerk_id: string;
  terminal_id: string;
  counter_id: string;
  started_at: string;
  last_active_at: string;
  hall_id: string;
  status: string;
  masked_name: string;
}

export class ClerkRegistry {
  constructor(
    private readonly queue: QueueService,
    private readonly pinCost: { N: number; r: number; p: number } = PIN_COST,
  ) {}

  private throwAway: Promise<PinVerifier> | undefined;

  /** A verifier of no one's PIN, at the same cost, for answering an unknown 工号 as slowly as a known one. */
  private unknownVerifier(): Promise<PinVerifier> {
    this.throwAway ??= makePinVerifier(randomBytes(8).toString('hex'), NO_CARD_SECRET, this.pinCost);
    return this.throwAway;
  }

  private get db() {
    return this.queue.db;
  }

  private nowIso(): string {
    return this.queue.now().toISOString();
  }

  private async idleMinutes(): Promise<number> {
    return (await this.queue.config()).clerks.idleSignOutMinutes;
  }

  /** A new clerk; the PIN is the administrator's or a generated one, returned once either way. */
  async add(input: ClerkAddRequest): Promise<ClerkView & { pin: string }> {
    const pin = input.pin ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
    const verifier = await makePinVerifier(pin, NO_CARD_SECRET, this.pinCost);
    const maskedName = maskName(input.name);
    const added = await this.db.run(
      `INSERT INTO clerks (clerk_id, hall_id, name_sealed, masked_name, pin_json, status, created_at) VALUES ($1, $2, $3, $4, $5, 'active', $6)
       ON CONFLICT (clerk_id) DO NOTHING`,
      [input.clerkId, input.hallId, this.queue.store.sealer.seal(input.name.trim()), maskedName, JSON.stringify(verifier), this.nowIso()],
    );
    if (!added) throw new QueueError('conflict', `clerk ${input.clerkId} exists already`);
    return { clerkId: input.clerkId, hallId: input.hallId, maskedName, status: 'active', pin };
  }

  async list(hallId?: string): Promise<ClerkView[]> {
    const rows = await this.db.query<ClerkRow>(
      `SELECT clerk_id, hall_id, masked_name, status, locked_until FROM clerks ${hallId ? 'WHERE hall_id = $1' : ''} ORDER BY hall_id, clerk_id`,
      hallId ? [hallId] : [],
    );
    const now = this.nowIso();
    return rows.map((r) => ({
      clerkId: r.clerk_id,
      hallId: r.hall_id,
      maskedName: r.masked_name,
      status: r.status,
      ...(r.locked_until && r.locked_until > now ? { lockedUntil: r.locked_until } : {}),
    }));
  }

  /** Disables a clerk and ends their open sign-in; false for an unknown clerk. */
  async disable(clerkId: string): Promise<boolean> {
    return this.db.transaction(async () => {
      const changed = await this.db.run("UPDATE clerks SET status = 'disabled' WHERE clerk_id = $1", [clerkId]);
      if (changed)
        await this.db.run("UPDATE clerk_sessions SET ended_at = $2, end_reason = 'disabled' WHERE clerk_id = $1 AND ended_at IS NULL", [
          clerkId,
          this.nowIso(),
        ]);
      return changed > 0;
    });
  }

  /** 工号 + PIN at a counter terminal. Refusals are answers, not errors: the counter shows each in words. */
  async signIn(at: CounterTerminal, clerkId: string, pin: string): Promise<ClerkSignInResult> {
    const clerk = await this.db.one<ClerkRow>(
      'SELECT clerk_id, hall_id, masked_name, pin_json, status, failed_pins, locked_until FROM clerks WHERE clerk_id = $1',
      [clerkId],
    );
    // A clerk of another hall is unknown here: a terminal learns nothing about other halls' staff,
    // not even from how long the answer took (the same slow check runs against a throw-away verifier).
    if (!clerk || clerk.hall_id !== at.hallId) {
      await checkPin(pin.replace(/\D/g, '') || '0', NO_CARD_SECRET, await this.unknownVerifier());
      return { signedIn: false, refusal: 'unknown-clerk' };
    }
    if (clerk.status !== 'active') return { signedIn: false, refusal: 'disabled' };
    const now = this.nowIso();
    const lockUntil = new Date(this.queue.clock.nowMs() + CLERK_LOCK_MINUTES * MINUTE_MS).toISOString();
    // Counted as a failure first (an ended lock starts a fresh count); a right PIN clears it below.
    const counted = await this.db.one<{ failed_pins: number; locked_until: string | null }>(
      `UPDATE clerks SET
         failed_pins = (CASE WHEN locked_until IS NOT NULL THEN 0 ELSE failed_pins END) + 1,
         locked_until = CASE WHEN (CASE WHEN locked_until IS NOT NULL THEN 0 ELSE failed_pins END) + 1 >= $3 THEN $4 ELSE NULL END
       WHERE clerk_id = $1 AND (locked_until IS NULL OR locked_until <= $2)
       RETURNING failed_pins, locked_until`,
      [clerkId, now, CLERK_MAX_PIN_FAILURES, lockUntil],
    );
    if (!counted) {
      const locked = await this.db.one<{ locked_until: string | null }>('SELECT locked_until FROM clerks WHERE clerk_id = $1', [clerkId]);
      return { signedIn: false, refusal: 'locked', ...(locked?.locked_until ? { lockedUntil: locked.locked_until } : {}) };
    }
    const verifier = PinVerifier.safeParse(JSON.parse(clerk.pin_json));
    const right = verifier.success && /^\d{4,8}$/.test(pin) && (await checkPin(pin, NO_CARD_SECRET, verifier.data));
    if (!right) {
      if (counted.locked_until) return { signedIn: false, refusal: 'locked', lockedUntil: counted.locked_until };
      return { signedIn: false, refusal: 'wrong-pin', attemptsLeft: CLERK_MAX_PIN_FAILURES - counted.failed_pins };
    }
    await this.db.run('UPDATE clerks SET failed_pins = 0, locked_until = NULL WHERE clerk_id = $1', [clerkId]);
    const session = newToken();
    const idleMinutes = await this.idleMinutes();
    await this.db.transaction(async () => {
      // One clerk per counter, one counter per clerk: an earlier sign-in at either ends now.
      await this.db.run("UPDATE clerk_sessions SET ended_at = $3, end_reason = 'replaced' WHERE ended_at IS NULL AND (counter_id = $1 OR clerk_id = $2)", [
        at.counterId,
        clerkId,
        now,
      ]);
      await this.db.run(
        'INSERT INTO clerk_sessions (id, token_hash, clerk_id, terminal_id, counter_id, day, started_at, last_active_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)',
        [randomUUID(), tokenHash(session), clerkId, at.terminalId, at.counterId, this.queue.today(), now],
      );
    });
    const signedIn: SignedInClerk = { clerkId, maskedName: clerk.masked_name, counterId: at.counterId, signedInAt: now, idleMinutes };
    return { signedIn: true, clerk: signedIn, session };
  }

  /** Ends this terminal's session; false when it was not open (or not this terminal's). */
  async signOut(at: CounterTerminal, session: string): Promise<boolean> {
    const ended = await this.db.run(
      "UPDATE clerk_sessions SET ended_at = $3, end_reason = 'signed-out' WHERE token_hash = $1 AND terminal_id = $2 AND ended_at IS NULL",
      [tokenHash(session), at.terminalId, this.nowIso()],
    );
    return ended > 0;
  }

  /**
   * The clerk a desk action is made for: the session must be open, this terminal's and this counter's,
   * its clerk active and of this hall, and not idle past the hall's setting (then it ends, as idle).
   * Marks the session active. Throws `clerk-signed-out` otherwise.
   */
  async verify(at: CounterTerminal, session: string): Promise<string> {
    const row = await this.db.one<SessionRow>(
      `SELECT s.id, s.clerk_id, s.terminal_id, s.counter_id, s.started_at, s.last_active_at, c.hall_id, c.status, c.masked_name
       FROM clerk_sessions s JOIN clerks c ON c.clerk_id = s.clerk_id WHERE s.token_hash = $1 AND s.ended_at IS NULL`,
      [tokenHash(session)],
    );
    if (!row || row.terminal_id !== at.terminalId || row.counter_id !== at.counterId || row.hall_id !== at.hallId || row.status !== 'active') {
      throw new QueueError('clerk-signed-out', 'no clerk is signed in here with this session: sign in again');
    }
    const idleMs = (await this.idleMinutes()) * MINUTE_MS;
    const idleEnd = Date.parse(row.last_active_at) + idleMs;
    if (idleEnd <= this.queue.clock.nowMs()) {
      await this.db.run("UPDATE clerk_sessions SET ended_at = $2, end_reason = 'idle' WHERE id = $1 AND ended_at IS NULL", [
        row.id,
        new Date(idleEnd).toISOString(),
      ]);
      throw new QueueError('clerk-signed-out', 'the clerk was signed out after a time without activity: sign in again');
    }
    await this.db.run('UPDATE clerk_sessions SET last_active_at = $2 WHERE id = $1', [row.id, this.nowIso()]);
    return row.clerk_id;
  }
}
