import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { OfflineTicketLedger } from './queue-offline.js';

const base = { day: '2026-11-23', prefix: 'A', service: 'social-security', priority: 'normal' as const, source: 'kiosk' as const };

describe('offline ticket ledger', () => {
  it('issues each leased number once, survives a restart, and says when the block is used up', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-ledger-'));
    const ledger = new OfflineTicketLedger(dir);
    expect(ledger.issue({ ...base, now: new Date() })).toBeUndefined();
    ledger.addLease({ id: 'l1', day: base.day, prefix: 'A', from: 11, to: 13 });
    const first = ledger.issue({ ...base, now: new Date() })!;
    expect(first.number).toBe('A011');
    // A restart (power cut) reopens the file: the next number continues, the pending ticket is kept.
    const reopened = new OfflineTicketLedger(dir);
    expect(reopened.issue({ ...base, now: new Date() })!.number).toBe('A012');
    expect(reopened.remaining(base.day)).toEqual({ A: 1 });
    expect(reopened.issue({ ...base, now: new Date() })!.number).toBe('A013');
    expect(reopened.issue({ ...base, now: new Date() })).toBeUndefined();
    expect(reopened.pending().map((t) => t.number)).toEqual(['A011', 'A012', 'A013']);
    reopened.settle([first.id]);
    expect(new OfflineTicketLedger(dir).pending().map((t) => t.number)).toEqual(['A012', 'A013']);
  });

  it('forgets leases of past days', () => {
    const ledger = new OfflineTicketLedger(mkdtempSync(join(tmpdir(), 'hall-ledger-')));
    ledger.addLease({ id: 'old', day: '2026-11-22', prefix: 'A', from: 1, to: 10 });
    ledger.forgetBefore(base.day);
    expect(ledger.issue({ ...base, now: new Date() })).toBeUndefined();
  });
});
