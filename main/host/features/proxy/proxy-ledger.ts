// The proxy point's own list of what its agents submitted: tracking code, item, the villager's masked
// name, the outbox mutation and the platform's last known state. Masked data only (the package with
// the full form is in the encrypted store); still a 0600 file. Kept 90 days, enough for any 日结.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CaseState } from '../../../../contract/case.js';

export const LedgerEntry = z.object({
  caseId: z.string(),
  trackingCode: z.string(),
  mutationId: z.number().int(),
  serviceCode: z.string(),
  itemName: z.string(),
  villagerMaskedName: z.string(),
  agentId: z.string(),
  submittedAt: z.string(),
  /** The terminal's local date of submission: the day of the 日结 it belongs to. */
  day: z.string(),
  platformState: CaseState.optional(),
  statusAsOf: z.string().optional(),
});
export type LedgerEntry = z.infer<typeof LedgerEntry>;

const KEEP_MS = 90 * 86_400_000;

export class ProxyLedger {
  private entries: LedgerEntry[] = [];

  constructor(private readonly file: string) {
    try {
      const parsed = z.array(LedgerEntry).safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success) this.entries = parsed.data;
    } catch {
      // No ledger yet: a new point.
    }
  }

  add(entry: LedgerEntry, nowMs: number): void {
    this.entries = [...this.entries.filter((e) => Date.parse(e.submittedAt) > nowMs - KEEP_MS), entry];
    this.save();
  }

  /** Newest first. */
  ofAgent(agentId: string, day?: string): LedgerEntry[] {
    return this.entries.filter((e) => e.agentId === agentId && (day === undefined || e.day === day)).reverse();
  }

  updateStates(states: Map<string, { state: CaseState; asOf: string }>): void {
    let changed = false;
    this.entries = this.entries.map((entry) => {
      const next = states.get(entry.caseId);
      if (!next || (next.state === entry.platformState && next.asOf === entry.statusAsOf)) return entry;
      changed = true;
      return { ...entry, platformState: next.state, statusAsOf: next.asOf };
    });
    if (changed) this.save();
  }

  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.entries), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
