import { describe, expect, it } from 'vitest';
import { AnnouncementQueue, type AnnouncementRecord } from './announcer.js';

describe('announcement queue', () => {
  it('never overlaps: each announcement starts after the previous one ended, in order', async () => {
    let active = 0;
    let maxActive = 0;
    const records: AnnouncementRecord[] = [];
    const queue = new AnnouncementQueue(
      async (clips) => {
        active += 1;
        maxActive = Math.max(maxActive, active);
        await new Promise((r) => setTimeout(r, clips.length * 5));
        active -= 1;
      },
      (r) => records.push(r),
    );
    for (const text of ['A001', 'A002', 'B001']) queue.enqueue({ text, clips: ['please', 'd1', 'hao'] });
    queue.enqueue({ text: 'C001', clips: ['please'] });
    while (queue.pending) await new Promise((r) => setTimeout(r, 5));
    expect(maxActive).toBe(1);
    expect(records.map((r) => r.text)).toEqual(['A001', 'A002', 'B001', 'C001']);
    for (let i = 1; i < records.length; i++) expect(records[i]!.startedAt >= records[i - 1]!.endedAt).toBe(true);
  });

  it('keeps going after a clip fails', async () => {
    const records: string[] = [];
    const queue = new AnnouncementQueue(
      async (clips) => {
        if (clips[0] === 'bad') throw new Error('no clip');
      },
      (r) => records.push(r.text),
    );
    queue.enqueue({ text: 'x', clips: ['bad'] });
    queue.enqueue({ text: 'y', clips: ['ok'] });
    while (queue.pending) await new Promise((r) => setTimeout(r, 5));
    expect(records).toEqual(['x', 'y']);
  });
});
