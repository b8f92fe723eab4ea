// The append-only log of administrator actions (who, what, when, from where). Rows are only ever
// inserted; the database refuses updates and deletes (migration 1's trigger). Bodies are never
// recorded: they may carry personal data (an ID number for a personal code).
import type { Clock } from '../../contract/clock.js';
import type { AuditEntry } from '../../contract/platform-api/schemas.js';
import type { Database } from '../db/database.js';

export class AuditLog {
  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
  ) {}

  async record(entry: Omit<AuditEntry, 'seq' | 'at'>): Promise<void> {
    await this.db.run('INSERT INTO admin_audit (at, admin, route, method, target_json, status, from_address) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      this.clock.iso(),
      entry.admin,
      entry.route,
      entry.method,
      JSON.stringify(entry.target),
      entry.status,
      entry.from,
    ]);
  }

  async entries(since: number, limit: number): Promise<AuditEntry[]> {
    const rows = await this.db.query<{
      seq: number;
      at: string;
      admin: string;
      route: string;
      method: string;
      target_json: string;
      status: number;
      from_address: string;
    }>('SELECT * FROM admin_audit WHERE seq > $1 ORDER BY seq LIMIT $2', [since, limit]);
    return rows.map((r) => ({
      seq: r.seq,
      at: r.at,
      admin: r.admin,
      route: r.route,
      method: r.method,
      target: JSON.parse(r.target_json) as Record<string, string>,
      status: r.status,
      from: r.from_address,
    }));
  }
}
