// 日结: the day-end report of one agent at a proxy point — applications by item, how many reached
// the platform and how many still wait in the outbox, and the ones the platform refused. Built from
// the ledger and the outbox alone, so it is right offline too. Masked names never appear on it.
import type { ProxyAgentView, ProxyDayReport } from '../../../../contract/api/proxy.js';
import type { LedgerEntry } from './proxy-ledger.js';

export type OutboxState = { state: 'pending' | 'acked' | 'parked'; reason?: string };

export function buildDayReport(agent: ProxyAgentView, date: string, entries: LedgerEntry[], outbox: Map<number, OutboxState>, now: Date): ProxyDayReport {
  const byItem = new Map<string, ProxyDayReport['byItem'][number]>();
  const problems: ProxyDayReport['problems'] = [];
  let synced = 0;
  let pending = 0;
  let parked = 0;
  for (const entry of entries) {
    const row = byItem.get(entry.serviceCode) ?? { serviceCode: entry.serviceCode, itemName: entry.itemName, count: 0, synced: 0, pending: 0, parked: 0 };
    row.count += 1;
    // A record the store no longer knows was acknowledged long ago (bookkeeping is kept; this is defensive).
    const state = outbox.get(entry.mutationId) ?? { state: 'acked' as const };
    if (state.state === 'pending') {
      row.pending += 1;
      pending += 1;
    } else if (state.state === 'parked') {
      row.parked += 1;
      parked += 1;
      problems.push({ trackingCode: entry.trackingCode, itemName: entry.itemName, reason: state.reason ?? '' });
    } else {
      row.synced += 1;
      synced += 1;
    }
    byItem.set(entry.serviceCode, row);
  }
  return {
    date,
    agentId: agent.agentId,
    agentMaskedName: agent.maskedName,
    pointName: agent.pointName,
    total: entries.length,
    synced,
    pending,
    parked,
    byItem: [...byItem.values()].sort((a, b) => b.count - a.count || a.itemName.localeCompare(b.itemName, 'zh-CN')),
    problems,
    generatedAt: now.toISOString(),
  };
}
