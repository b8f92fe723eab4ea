// Administrator credentials: apart from terminal credentials and from enrolment codes.
// - The bootstrap token (given at start or generated) holds every scope; `Bearer <token>`, or the
//   password of HTTP Basic auth for the fleet page a browser opens.
// - Named administrators sign in with HTTP Basic auth (name and password); the platform keeps a
//   salted scrypt hash and the scopes each holds. Five wrong passwords lock the account for 15
//   minutes; each attempt is counted before the (slow) check, so parallel guesses cannot outrun it.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { Database } from '../db/database.js';
import type { Clock } from '../../contract/clock.js';
import { ADMIN_SCOPES, AdminScope, type AdminPrincipal } from '../../contract/platform-api/access.js';
import type { AdminAccount } from '../../contract/platform-api/schemas.js';

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest();

export const ADMIN_PASSWORD_COST = { N: 2 ** 15, r: 8, p: 1 } as const;
export const ADMIN_MAX_FAILURES = 5;
export const ADMIN_LOCKOUT_MS = 15 * 60_000;

/** The secret an Authorization header carries: a Bearer token, or Basic auth's user and password. */
export function presentedCredential(
  header: string | undefined,
): { scheme: 'bearer'; token: string } | { scheme: 'basic'; user: string; password: string } | null {
  if (typeof header !== 'string') return null;
  const space = header.indexOf(' ');
  if (space < 0) return null;
  const scheme = header.slice(0, space).toLowerCase();
  const value = header.slice(space + 1).trim();
  if (value === '') return null;
  if (scheme === 'bearer') return { scheme: 'bearer', token: value };
  if (scheme === 'basic') {
    const decoded = Buffer.from(value, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    return colon < 0 ? null : { scheme: 'basic', user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  return null;
}

const scryptAsync = (password: string, salt: Buffer, cost: { N: number; r: number; p: number }) =>
  new Promise<Buffer>((resolve, reject) =>
    scrypt(password, salt, 32, { ...cost, maxmem: 256 * cost.N * cost.r }, (error, key) => (error ? reject(error) : resolve(key))),
  );

export async function hashAdminPassword(password: string, cost: { N: number; r: number; p: number } = ADMIN_PASSWORD_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, cost);
  return `scrypt$${cost.N}$${cost.r}$${cost.p}$${salt.toString('hex')}$${key.toString('hex')}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
  const [kind, n, r, p, salt, key] = stored.split('$');
  if (kind !== 'scrypt' || !salt || !key) return false;
  const derived = await scryptAsync(password, Buffer.from(salt, 'hex'), { N: Number(n), r: Number(r), p: Number(p) });
  const expected = Buffer.from(key, 'hex');
  return derived.length === expected.length && timingSafeEqual(derived, expected);
}

interface AccountRow {
  name: string;
  password_hash: string;
  scopes_json: string;
  created_at: string;
  disabled_at: string | null;
  failed_attempts: number;
  locked_until: string | null;
}

export type AdminVerdict = { ok: true; admin: AdminPrincipal } | { ok: false; claimed: string };

export class AdminAuthority {
  private readonly bootstrapDigest: Buffer;

  constructor(
    bootstrapToken: string,
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly cost: { N: number; r: number; p: number } = ADMIN_PASSWORD_COST,
  ) {
    if (bootstrapToken.length < 16) throw new Error('the admin token must be at least 16 characters');
    this.bootstrapDigest = digest(bootstrapToken);
  }

  /** The administrator an Authorization header proves; a refusal names who it claimed to be, for the audit log. */
  async authenticate(header: string | undefined): Promise<AdminVerdict> {
    const presented = presentedCredential(header);
    if (!presented) return { ok: false, claimed: 'anonymous' };
    const secret = presented.scheme === 'bearer' ? presented.token : presented.password;
    if (timingSafeEqual(digest(secret), this.bootstrapDigest)) return { ok: true, admin: { kind: 'admin', adminId: 'bootstrap', scopes: ADMIN_SCOPES } };
    if (presented.scheme !== 'basic') return { ok: false, claimed: 'unknown token' };
    return this.signIn(presented.user, presented.password);
  }

  private async signIn(name: string, password: string): Promise<AdminVerdict> {
    const claimed = name.slice(0, 64);
    // Counted first, in one statement with the lock check: the attempt is spent whatever the slow
    // check below says. A locked, disabled or unknown account spends nothing and is refused.
    const now = this.clock.nowMs();
    // One statement, in the database: the count holds whichever instance each guess reaches.
    const row = await this.db.one<AccountRow>(
      'UPDATE admin_accounts SET failed_attempts = failed_attempts + 1 WHERE name = $1 AND disabled_at IS NULL AND (locked_until IS NULL OR locked_until <= $2) RETURNING *',
      [name, new Date(now).toISOString()],
    );
    if (!row) return { ok: false, claimed };
    if (row.failed_attempts > ADMIN_MAX_FAILURES) {
      await this.db.run('UPDATE admin_accounts SET locked_until = $1, failed_attempts = 0 WHERE name = $2', [
        new Date(now + ADMIN_LOCKOUT_MS).toISOString(),
        name,
      ]);
      return { ok: false, claimed };
    }
    if (!(await passwordMatches(password, row.password_hash))) return { ok: false, claimed };
    await this.db.run('UPDATE admin_accounts SET failed_attempts = 0, locked_until = NULL WHERE name = $1', [name]);
    const scopes = AdminScope.array().catch([]).parse(JSON.parse(row.scopes_json));
    return { ok: true, admin: { kind: 'admin', adminId: name, scopes } };
  }

  async addAccount(name: string, password: string, scopes: readonly AdminScope[]): Promise<AdminAccount | 'exists'> {
    const hash = await hashAdminPassword(password, this.cost);
    const inserted = await this.db.run(
      'INSERT INTO admin_accounts (name, password_hash, scopes_json, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (name) DO NOTHING',
      [name, hash, JSON.stringify([...new Set(scopes)]), this.clock.iso()],
    );
    return inserted ? (await this.accounts()).find((a) => a.name === name)! : 'exists';
  }

  async disableAccount(name: string): Promise<boolean> {
    return (await this.db.run('UPDATE admin_accounts SET disabled_at = $1 WHERE name = $2 AND disabled_at IS NULL', [this.clock.iso(), name])) > 0;
  }

  async accounts(): Promise<AdminAccount[]> {
    return (await this.db.query<AccountRow>('SELECT * FROM admin_accounts ORDER BY name')).map((row) => ({
      name: row.name,
      scopes: AdminScope.array().catch([]).parse(JSON.parse(row.scopes_json)),
      createdAt: row.created_at,
      disabledAt: row.disabled_at,
      lockedUntil: row.locked_until && Date.parse(row.locked_until) > this.clock.nowMs() ? row.locked_until : null,
    }));
  }
}
