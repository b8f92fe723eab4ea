import type { FleetAlert, FleetTerminal, Heartbeat } from '../../contract/fleet.js';
import type { Database } from '../db/database.js';

export interface FleetHealthOptions {
  /** A terminal that has not reported for this long is silent (default 5 minutes). */
  silentAfterMs: number;
  /** Outbox backlog that counts as a warning. */
  backlogWarning: number;
  /** Free disk below this fraction is a warning. */
  diskLowFraction: number;
  now: () => number;
}

/**
 * The latest heartbeat of every terminal, kept in the database so every instance shows the whole
 * fleet whichever instance a terminal reported to. Terminals that have not reported since this
 * instance started count from its start.
 */
export class FleetHealth {
  private readonly startedAt: number;

  constructor(
    private readonly db: Database,
    private readonly options: FleetHealthOptions,
  ) {
    this.startedAt = options.now();
  }

  async record(terminalId: string, heartbeat: Heartbeat): Promise<void> {
    await this.db.run(
      `INSERT INTO terminal_heartbeats (terminal_id, heartbeat_json, received_at_ms) VALUES ($1, $2, $3)
       ON CONFLICT (terminal_id) DO UPDATE SET heartbeat_json = excluded.heartbeat_json, received_at_ms = excluded.received_at_ms`,
      [terminalId, JSON.stringify(heartbeat), this.options.now()],
    );
  }

  /** Every known terminal (registered or reporting), most urgent first. */
  async view(registered: string[]): Promise<FleetTerminal[]> {
    const latest = new Map(
      (
        await this.db.query<{ terminal_id: string; heartbeat_json: string; received_at_ms: number }>(
          'SELECT terminal_id, heartbeat_json, received_at_ms FROM terminal_heartbeats',
        )
      ).map((row) => [row.terminal_id, { heartbeat: JSON.parse(row.heartbeat_json) as Heartbeat, receivedAt: row.received_at_ms }] as const),
    );
    const ids = new Set([...registered, ...latest.keys()]);
    const rows = [...ids].map((terminalId) => {
      const seen = latest.get(terminalId);
      return {
        terminalId,
        lastSeenAt: seen ? new Date(seen.receivedAt).toISOString() : null,
        heartbeat: seen?.heartbeat ?? null,
        alerts: this.alertsFor(seen),
      };
    });
    const rank = (t: FleetTerminal) => (t.alerts.some((a) => a.severity === 'critical') ? 0 : t.alerts.length ? 1 : 2);
    return rows.sort((a, b) => rank(a) - rank(b) || a.terminalId.localeCompare(b.terminalId));
  }

  private alertsFor(seen: { heartbeat: Heartbeat; receivedAt: number } | undefined): FleetAlert[] {
    const now = this.options.now();
    const alerts: FleetAlert[] = [];
    const lastHeard = seen?.receivedAt ?? this.startedAt;
    if (now - lastHeard > this.options.silentAfterMs) {
      const minutes = Math.floor((now - lastHeard) / 60_000);
      alerts.push({
        severity: 'critical',
        kind: 'silent',
        message: seen ? `silent for ${minutes} min` : `no heartbeat since the platform started ${minutes} min ago`,
      });
    }
    if (!seen) return alerts;
    const { heartbeat } = seen;
    for (const device of heartbeat.devices) {
      const label = `${device.kind} ${device.id}`;
      if (device.state === 'fault') alerts.push({ severity: 'critical', kind: 'device-fault', message: `${label}: ${device.reason ?? 'fault'}` });
      else if (device.state === 'disconnected')
        alerts.push({ severity: 'critical', kind: 'device-gone', message: `${label}: ${device.reason ?? 'not connected'}` });
      for (const warning of device.warnings) alerts.push({ severity: 'warning', kind: 'device-warning', message: `${label}: ${warning}` });
    }
    if (heartbeat.pendingCount >= this.options.backlogWarning)
      alerts.push({ severity: 'warning', kind: 'sync-backlog', message: `${heartbeat.pendingCount} records waiting to sync` });
    if (heartbeat.parkedCount > 0) alerts.push({ severity: 'warning', kind: 'parked', message: `${heartbeat.parkedCount} records returned by the platform` });
    if (heartbeat.disk && heartbeat.disk.freeBytes < heartbeat.disk.totalBytes * this.options.diskLowFraction) {
      alerts.push({ severity: 'warning', kind: 'disk-low', message: `disk ${(heartbeat.disk.freeBytes / 2 ** 30).toFixed(1)} GiB free` });
    }
    return alerts;
  }
}
