import { describe, expect, it } from 'vitest';
import {
  announcementText,
  followUpDeadline,
  formatTicketNumber,
  hallDay,
  HallQueueConfig,
  isLoopbackUrl,
  LiveTicketSettings,
  liveTicketUrl,
  OrderingPolicy,
  orderWaiting,
} from './queue.js';

const t = (id: string, priority: 'normal' | 'elderly' | 'vip' | 'appointment', minutesAgo: number, now: Date) => ({
  id,
  priority,
  issuedAt: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
});

describe('queue contract', () => {
  it('builds the live ticket link from the LAN address phones reach, and refuses a loopback one', () => {
    expect(liveTicketUrl({ baseUrl: 'http://192.168.1.20:8740/', awayMinutes: 15 }, 'T'.repeat(43))).toBe(`http://192.168.1.20:8740/t/${'T'.repeat(43)}`);
    expect(liveTicketUrl({ awayMinutes: 15 }, 'T'.repeat(43))).toBeUndefined();
    expect(liveTicketUrl({ baseUrl: 'http://hall.lan', awayMinutes: 15 }, undefined)).toBeUndefined();
    for (const url of ['http://127.0.0.1:8740', 'http://localhost/', 'http://[::1]:80', 'http://0.0.0.0:1']) {
      expect(isLoopbackUrl(url), url).toBe(true);
      expect(LiveTicketSettings.safeParse({ baseUrl: url }).success, url).toBe(false);
    }
    expect(LiveTicketSettings.parse({ baseUrl: 'https://queue.hall.example.gov.cn' })).toMatchObject({ awayMinutes: 15 });
    expect(isLoopbackUrl('http://user@127.0.0.2/')).toBe(true);
    expect(isLoopbackUrl('http://127.0.0.1.hall.example/')).toBe(false);
    expect(isLoopbackUrl('http://192.168.1.20:8740')).toBe(false);
  });

  it('formats numbers with a letter and three digits, four past 999', () => {
    expect(formatTicketNumber('A', 12)).toBe('A012');
    expect(formatTicketNumber('B', 1000)).toBe('B1000');
    expect(() => formatTicketNumber('A', 0)).toThrow();
    expect(announcementText('A012', '3')).toBe('请 A012 号到 3 号窗口办理');
  });

  it('strict priority puts a higher class first and equal classes by issue time', () => {
    const now = new Date('2026-11-23T02:00:00Z');
    const policy = OrderingPolicy.parse({ kind: 'strict' });
    const order = orderWaiting([t('n1', 'normal', 30, now), t('e1', 'elderly', 1, now), t('n2', 'normal', 20, now), t('v1', 'vip', 0, now)], policy, now);
    expect(order.map((x) => x.id)).toEqual(['v1', 'e1', 'n1', 'n2']);
  });

  it('weighted priority lets a long wait overtake, up to the cap', () => {
    const now = new Date('2026-11-23T02:00:00Z');
    const policy = OrderingPolicy.parse({ kind: 'weighted', weights: { normal: 0, elderly: 15 }, agingPerMinute: 1, agingCap: 30 });
    // normal waited 20 min → 20; elderly waited 1 → 16: the long wait goes first.
    expect(orderWaiting([t('e', 'elderly', 1, now), t('n', 'normal', 20, now)], policy, now).map((x) => x.id)).toEqual(['n', 'e']);
    // cap: a 2-hour wait scores 30, a fresh vip-like weight of 40 still wins.
    const capped = OrderingPolicy.parse({ kind: 'weighted', weights: { normal: 0, vip: 40 }, agingCap: 30 });
    expect(orderWaiting([t('n', 'normal', 120, now), t('v', 'vip', 0, now)], capped, now).map((x) => x.id)).toEqual(['v', 'n']);
  });

  it('counts follow-up deadlines in working days or calendar days', () => {
    const friday = new Date('2026-11-20T03:00:00Z');
    expect(followUpDeadline(friday, { days: 5, workingDays: true }).toISOString().slice(0, 10)).toBe('2026-11-27');
    expect(followUpDeadline(friday, { days: 7, workingDays: false }).toISOString().slice(0, 10)).toBe('2026-11-27');
    expect(followUpDeadline(friday, { days: 1, workingDays: true }).toISOString().slice(0, 10)).toBe('2026-11-23');
  });

  it('numbers restart on the hall day (UTC+8)', () => {
    expect(hallDay(new Date('2026-11-22T16:30:00Z'))).toBe('2026-11-23');
  });

  it('rejects a config whose service names a missing queue or whose counter names a missing service', () => {
    const bad = HallQueueConfig.safeParse({
      hallName: 'h',
      queues: [{ prefix: 'A', name: 'a' }],
      services: [{ code: 's', name: 's', queue: 'B' }],
      counters: [{ id: 'c', name: 'c', number: '1', services: ['x'] }],
    });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toEqual(['services.0.queue', 'counters.0.services.0']);
  });
});

describe('announcement clips', () => {
  it('reads the ticket digit by digit and the window as a number word', async () => {
    const { announcementClips } = await import('./queue.js');
    expect(announcementClips('A012', '3')).toEqual(['please', 'lA', 'd0', 'd1', 'd2', 'hao', 'to', 'd3', 'window-serve']);
    expect(announcementClips('B105', '12')).toEqual(['please', 'lB', 'd1', 'd0', 'd5', 'hao', 'to', 'ten', 'd2', 'window-serve']);
    expect(announcementClips('C001', '20').slice(-3)).toEqual(['d2', 'ten', 'window-serve']);
  });
});
