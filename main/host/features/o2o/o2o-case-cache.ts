// The terminal's copy of case timelines it has shown or created, so a kiosk offline can still say
// "as of 10:42: supplement requested". Timelines hold no personal data; the file is still 0600.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';
import { CaseState, CaseTimeline } from '../../../../contract/case.js';

const CacheFile = z.object({
  timelines: z.record(z.string(), z.object({ asOf: z.string(), cases: z.array(CaseTimeline) })),
  decisions: z.array(z.object({ trackingCode: z.string(), caseId: z.string(), to: CaseState, at: z.string(), mutationId: z.number().int() })),
});
type CacheFile = z.infer<typeof CacheFile>;

const MAX_CODES = 5000;

export class CaseCache {
  private data: CacheFile = { timelines: {}, decisions: [] };

  constructor(private readonly file: string) {
    try {
      const parsed = CacheFile.safeParse(JSON.parse(readFileSync(file, 'utf8')));
      if (parsed.success) this.data = parsed.data;
    } catch {
      // No cache yet, or unreadable: start empty; the platform is the source of truth.
    }
  }

  get(trackingCode: string): { asOf: string; cases: CaseTimeline[] } | undefined {
    return this.data.timelines[trackingCode];
  }

  put(trackingCode: string, cases: CaseTimeline[], asOf: string): void {
    delete this.data.timelines[trackingCode];
    this.data.timelines[trackingCode] = { asOf, cases };
    const codes = Object.keys(this.data.timelines);
    for (const old of codes.slice(0, Math.max(0, codes.length - MAX_CODES))) delete this.data.timelines[old];
    this.save();
  }

  addDecision(decision: CacheFile['decisions'][number]): void {
    this.data.decisions.push(decision);
    this.save();
  }

  decisionsFor(trackingCode: string): CacheFile['decisions'] {
    return this.data.decisions.filter((d) => d.trackingCode === trackingCode);
  }

  dropDecisions(keep: (decision: CacheFile['decisions'][number]) => boolean): void {
    const before = this.data.decisions.length;
    this.data.decisions = this.data.decisions.filter(keep);
    if (this.data.decisions.length !== before) this.save();
  }

  private save(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temporary = `${this.file}.tmp`;
    writeFileSync(temporary, JSON.stringify(this.data), { mode: 0o600 });
    renameSync(temporary, this.file);
  }
}
