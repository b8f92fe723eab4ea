import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { ProxyAgentView } from '../../../../contract/api/proxy.js';
import { PRINTER_PROFILES } from '../../../../drivers/escpos/profile.js';
import type { LedgerEntry } from './proxy-ledger.js';
import { dayReportBytes } from '../../../../drivers/receipts/index.js';
import { buildDayReport, type OutboxState } from './proxy-report.js';

const agent: ProxyAgentView = {
  agentId: 'ag-0000abcd',
  maskedName: '李*',
  pointId: 'lanli',
  pointName: '兰里村代办点',
  signedInAt: '2026-11-23T01:00:00Z',
  cardExpiresAt: '2027-11-23T01:00:00Z',
};
const entry = (n: number, serviceCode: string, itemName: string): LedgerEntry => ({
  caseId: `c${n}`,
  trackingCode: `T${n}`,
  mutationId: n,
  serviceCode,
  itemName,
  villagerMaskedName: '王**',
  agentId: agent.agentId,
  submittedAt: '2026-11-23T02:00:00Z',
  day: '2026-11-23',
});

describe('日结', () => {
  const entries = [entry(1, 'A', '社保卡申领'), entry(2, 'A', '社保卡申领'), entry(3, 'B', '高龄津贴申领'), entry(4, 'A', '社保卡申领')];
  const outbox = new Map<number, OutboxState>([
    [1, { state: 'acked' }],
    [2, { state: 'pending' }],
    [3, { state: 'parked', reason: 'service is not in the catalog' }],
    [4, { state: 'acked' }],
  ]);
  const report = buildDayReport(agent, '2026-11-23', entries, outbox, new Date('2026-11-23T10:00:00Z'));

  it('counts by item, synced, pending and refused, and lists the refusals to follow up', () => {
    expect(report).toMatchObject({ total: 4, synced: 2, pending: 1, parked: 1 });
    expect(report.byItem).toEqual([
      { serviceCode: 'A', itemName: '社保卡申领', count: 3, synced: 2, pending: 1, parked: 0 },
      { serviceCode: 'B', itemName: '高龄津贴申领', count: 1, synced: 0, pending: 0, parked: 1 },
    ]);
    expect(report.problems).toEqual([{ trackingCode: 'T3', itemName: '高龄津贴申领', reason: 'service is not in the catalog' }]);
  });

  it('prints the counts and the refusals, and no villager names', () => {
    const text = iconv.decode(Buffer.from(dayReportBytes(report, PRINTER_PROFILES['generic-80']!)), 'gb18030');
    expect(text).toContain('代办日结');
    expect(text).toContain('兰里村代办点');
    expect(text).toContain('社保卡申领 ×3');
    expect(text).toContain('已同步：2  待同步：1  退回：1');
    expect(text).toContain('T3 高龄津贴申领');
    expect(text).not.toContain('王');
  });
});
