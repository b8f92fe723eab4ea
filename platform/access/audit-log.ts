// The append-only log of administrator actions (who, what, when, from where). Rows are only ever
// inserted; the database refuses updates and deletes (migration 8's triggers). Bodies are never
// recorded: they may carry personal data (an ID number for a personal code).
import type Database from 'better-sqlite3';
import type { Clock } from '../../contract/clock.js';
import type { AuditEntry } from '../../contract/platform-api/schemas.js';

export class AuditLog {
  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock,
  ) {}

  record(entry: Omit<AuditEntry, 'seq' | 'at'>): void {
    this.db
      .prepare('INSERT INTO admin_audit (at, admin, route, method, target_json, status, from_address) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(this.clock.iso(), entry.admin, entry.route, entry.method, JSON.stringify(entry.target), entry.status, entry.from);
  }

  entries(since: number, limit: number): AuditEntry[] {
    const rows = this.db.prepare('SELECT * FROM admin_audit WHERE seq > ? ORDER BY seq LIMIT ?').all(since, limit) as {
      seq: number; at: string; admin: string; route: string; method: string; target_json: string; status: number; from_address: string;
    }[];
    return rows.map((r) => ({ seq: r.seq, at: r.at, admin: r.admin, route: r.route, method: r.method, target: JSON.parse(r.target_json) as Record<string, string>, status: r.status, from: r.from_address }));
  }
}
