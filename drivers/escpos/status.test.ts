import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { factsFromAsb, factsFromReplies, isStatusReply, replyByteFor, StatusStreamDecoder, statusFromFacts } from './status.js';

describe('DLE EOT decoding', () => {
  it('maps each reply bit to the condition callers handle', () => {
    const status = (r: Parameters<typeof factsFromReplies>[0]) => statusFromFacts(factsFromReplies(r)).condition;
    expect(status({ printer: 0x12, offline: 0x12, error: 0x12, paper: 0x12 })).toBe('ready');
    expect(status({ printer: 0x12, offline: 0x12, error: 0x12, paper: 0x1e })).toBe('paper-near-end');
    expect(status({ printer: 0x1a, offline: 0x32, error: 0x12, paper: 0x72 })).toBe('paper-out');
    expect(status({ printer: 0x1a, offline: 0x16, error: 0x12, paper: 0x12 })).toBe('cover-open');
    expect(status({ printer: 0x1a, offline: 0x52, error: 0x1a, paper: 0x12 })).toBe('cutter-error');
    expect(status({ printer: 0x1a, offline: 0x52, error: 0x32, paper: 0x12 })).toBe('unrecoverable');
    expect(status({ printer: 0x1a, offline: 0x12, error: 0x12, paper: 0x12 })).toBe('offline');
  });

  it('reads a paper-sensor pair as set when a clone sets only one of its bits', () => {
    expect(factsFromReplies({ paper: 0x16 }).paperNearEnd).toBe(true);
    expect(factsFromReplies({ paper: 0x32 }).paperOut).toBe(true);
    expect(factsFromReplies({ paper: 0x12 })).toMatchObject({ paperOut: false, paperNearEnd: false });
  });

  it('keeps near-end as a non-blocking warning', () => {
    const s = statusFromFacts(factsFromReplies({ paper: 0x1e }));
    expect(s.blocking).toBe(false);
    expect(s.warnings[0]).toMatch(/near end/);
  });

  it('produces replies that satisfy (b & 0x93) == 0x12 for every state', () => {
    fc.assert(
      fc.property(
        fc.record({
          offline: fc.boolean(),
          coverOpen: fc.boolean(),
          paperOut: fc.boolean(),
          paperNearEnd: fc.boolean(),
          cutterError: fc.boolean(),
          unrecoverable: fc.boolean(),
          autoRecoverable: fc.boolean(),
          mechanical: fc.boolean(),
        }),
        fc.integer({ min: 1, max: 4 }),
        (facts, n) => {
          expect(isStatusReply(replyByteFor(n, facts))).toBe(true);
        },
      ),
    );
  });

  it('round-trips simulator facts through the four replies', () => {
    const facts = {
      offline: false,
      coverOpen: true,
      paperOut: false,
      paperNearEnd: true,
      cutterError: false,
      unrecoverable: false,
      autoRecoverable: false,
      mechanical: false,
    };
    const replies = { printer: replyByteFor(1, facts), offline: replyByteFor(2, facts), error: replyByteFor(3, facts), paper: replyByteFor(4, facts) };
    expect(statusFromFacts(factsFromReplies(replies)).condition).toBe('cover-open');
  });
});

describe('StatusStreamDecoder', () => {
  it('separates DLE EOT replies from ASB packets split across chunks', () => {
    const decoder = new StatusStreamDecoder();
    const first = decoder.push([0x12, 0x14, 0x00]);
    const rest = decoder.push([0x0c, 0x00, 0x16]);
    expect(first).toEqual([{ kind: 'reply', byte: 0x12 }]);
    expect(rest).toEqual([
      { kind: 'asb', bytes: [0x14, 0x00, 0x0c, 0x00] },
      { kind: 'reply', byte: 0x16 },
    ]);
    expect(factsFromAsb([0x14, 0x00, 0x0c, 0x00]).paperOut).toBe(true);
  });

  it('drops noise, never throws and holds at most one partial ASB packet', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 20 }), (chunks) => {
        const decoder = new StatusStreamDecoder();
        const whole = new StatusStreamDecoder().push(Buffer.concat(chunks));
        const pieces = chunks.flatMap((c) => decoder.push(c));
        expect(pieces).toEqual(whole);
        for (const m of pieces) if (m.kind === 'reply') expect(isStatusReply(m.byte)).toBe(true);
      }),
    );
  });
});
