// The calling rules replayed over generated hall days: any arrivals, any mix of classes, any service
// times. Time runs in whole minutes on a simulated clock; nothing here reads the real one.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callClassAt, chooseNext, normalsTurn, type CallClass, type CallingRules, type SkillLevel, type WaitingTicket } from './calling-rules.js';
import { OrderingPolicy, PRIORITY_CLASSES, type PriorityClass } from './queue.js';

const DAY = Date.parse('2027-03-01T00:30:00Z');
const at = (minute: number) => new Date(DAY + minute * 60_000);
const STRICT = OrderingPolicy.parse({ kind: 'strict' });
const WEIGHTED = OrderingPolicy.parse({ kind: 'weighted' });

interface Arrival {
  minute: number;
  priority: PriorityClass;
  service: 'a' | 'b';
  serviceMinutes: number;
  /** Minutes after check-in of an appointment's slot. */
  slotAfter?: number;
}

interface Call {
  ticket: WaitingTicket & { arrival: Arrival };
  counter: number;
  minute: number;
  cls: CallClass;
  waited: number;
  /** What else this counter could have called at that moment. */
  alternatives: (WaitingTicket & { arrival: Arrival })[];
  rule: string;
}

const arrival = fc.record({
  minute: fc.integer({ min: 0, max: 240 }),
  priority: fc.constantFrom(...PRIORITY_CLASSES),
  service: fc.constantFrom('a' as const, 'b' as const),
  serviceMinutes: fc.integer({ min: 1, max: 12 }),
  slotAfter: fc.option(fc.integer({ min: 0, max: 60 }), { nil: undefined }),
});

/** Where a ticket stood in the day's line of issue (ids follow the order arrivals were generated in). */
const ticketIndex = (call: Call) => Number(call.ticket.id.slice(1));

/** One hall day: tickets arrive, each free counter calls by the rules, every call is recorded. */
function simulate(arrivals: Arrival[], counters: Map<string, SkillLevel>[], rules: CallingRules, policy = STRICT): { calls: Call[]; uncalled: number } {
  const tickets = arrivals
    .map((a, i) => ({
      id: `t${i}`,
      service: a.service,
      priority: a.priority,
      issuedAt: at(a.minute).toISOString(),
      ...(a.priority === 'appointment' && a.slotAfter !== undefined ? { slotAt: at(a.minute + a.slotAfter).toISOString() } : {}),
      arrival: a,
    }))
    .sort((x, y) => x.arrival.minute - y.arrival.minute);
  const waiting: typeof tickets = [];
  const busyUntil = counters.map(() => 0);
  const history: CallClass[][] = counters.map(() => []);
  const calls: Call[] = [];
  let next = 0;
  for (let minute = 0; minute < 10_000 && (next < tickets.length || waiting.length > 0); minute++) {
    while (next < tickets.length && tickets[next]!.arrival.minute <= minute) waiting.push(tickets[next++]!);
    counters.forEach((skills, counter) => {
      if (busyUntil[counter]! > minute) return;
      const now = at(minute);
      const alternatives = waiting.filter((t) => skills.has(t.service));
      const choice = chooseNext(waiting, { policy, rules, now, skills, recentCalls: history[counter]! });
      if (!choice) return;
      const ticket = choice.ticket;
      waiting.splice(waiting.indexOf(ticket), 1);
      const cls = callClassAt(ticket, rules, now);
      history[counter]!.push(cls);
      busyUntil[counter] = minute + ticket.arrival.serviceMinutes;
      calls.push({ ticket, counter, minute, cls, waited: minute - ticket.arrival.minute, alternatives, rule: choice.reason.rule });
    });
  }
  return { calls, uncalled: waiting.length + (tickets.length - next) };
}

const allPrimary = new Map<string, SkillLevel>([
  ['a', 'primary'],
  ['b', 'primary'],
]);

describe('calling rules', () => {
  it('calls every ticket eventually, under any arrivals, skills and rules', () => {
    fc.assert(
      fc.property(
        fc.array(arrival, { maxLength: 80 }),
        fc.integer({ min: 1, max: 3 }),
        fc.option(fc.integer({ min: 5, max: 60 }), { nil: undefined }),
        fc.option(fc.record({ priority: fc.integer({ min: 1, max: 4 }), normal: fc.integer({ min: 1, max: 3 }) }), { nil: undefined }),
        fc.boolean(),
        (arrivals, counterCount, maxWaitMinutes, ratio, weighted) => {
          // The first counter serves both services; the others a primary and a backup service.
          const counters = [
            allPrimary,
            ...Array.from(
              { length: counterCount - 1 },
              (_, i) =>
                new Map<string, SkillLevel>([
                  [i % 2 ? 'a' : 'b', 'primary'],
                  [i % 2 ? 'b' : 'a', 'backup'],
                ]),
            ),
          ];
          const rules: CallingRules = { appointmentsAtSlot: true, ...(maxWaitMinutes ? { maxWaitMinutes } : {}), ...(ratio ? { ratio } : {}) };
          const { calls, uncalled } = simulate(arrivals, counters, rules, weighted ? WEIGHTED : STRICT);
          expect(uncalled).toBe(0);
          expect(new Set(calls.map((c) => c.ticket.id)).size).toBe(arrivals.length);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('calls a ticket past the maximum wait before any that is not, the longest-waiting first', () => {
    fc.assert(
      fc.property(fc.array(arrival, { maxLength: 80 }), fc.integer({ min: 5, max: 60 }), (arrivals, maxWaitMinutes) => {
        const rules: CallingRules = { appointmentsAtSlot: true, maxWaitMinutes };
        for (const call of simulate(arrivals, [allPrimary, allPrimary], rules).calls) {
          const overdue = call.alternatives.filter((t) => call.minute - t.arrival.minute >= maxWaitMinutes);
          if (overdue.length === 0) continue;
          expect(call.rule).toBe('max-wait');
          expect(call.waited).toBe(Math.max(...overdue.map((t) => call.minute - t.arrival.minute)));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('keeps every wait within the guard plus one service time for each overdue ticket ahead (one counter)', () => {
    fc.assert(
      fc.property(fc.array(arrival, { maxLength: 60 }), fc.integer({ min: 5, max: 60 }), (arrivals, maxWaitMinutes) => {
        const rules: CallingRules = { appointmentsAtSlot: true, maxWaitMinutes };
        const { calls } = simulate(arrivals, [allPrimary], rules);
        const longest = Math.max(0, ...arrivals.map((a) => a.serviceMinutes));
        for (const call of calls) {
          // Tickets issued before this one (an earlier minute, or the same minute and earlier in line) that
          // were already overdue, and still waiting, when this one became overdue.
          const overdueAt = call.ticket.arrival.minute + maxWaitMinutes;
          const issuedBefore = (c: Call) =>
            c.ticket.arrival.minute < call.ticket.arrival.minute ||
            (c.ticket.arrival.minute === call.ticket.arrival.minute && ticketIndex(c) < ticketIndex(call));
          const ahead = calls.filter((c) => issuedBefore(c) && c.minute > overdueAt && c.ticket.arrival.minute + maxWaitMinutes <= overdueAt).length;
          expect(call.waited).toBeLessThanOrEqual(maxWaitMinutes + longest * (ahead + 1));
        }
      }),
      {
        numRuns: 200,
        // Found by a run: three tickets in the same minute, the later normal one behind an overdue one issued just before it.
        examples: [
          [
            [
              { minute: 2, priority: 'normal', service: 'a', serviceMinutes: 6, slotAfter: undefined },
              { minute: 2, priority: 'normal', service: 'a', serviceMinutes: 1, slotAfter: undefined },
              { minute: 2, priority: 'elderly', service: 'a', serviceMinutes: 6, slotAfter: undefined },
            ],
            5,
          ],
        ],
      },
    );
  });

  it('with a sparse day, no ticket waits beyond the guard plus one service time', () => {
    // Arrivals far enough apart that two tickets are never overdue at once.
    const sparse = fc.array(
      fc.record({ gap: fc.integer({ min: 13, max: 40 }), priority: fc.constantFrom(...PRIORITY_CLASSES), serviceMinutes: fc.integer({ min: 1, max: 12 }) }),
      { maxLength: 40 },
    );
    fc.assert(
      fc.property(sparse, fc.integer({ min: 5, max: 30 }), (steps, maxWaitMinutes) => {
        let minute = 0;
        const arrivals: Arrival[] = steps.map((s) => ({ minute: (minute += s.gap), priority: s.priority, service: 'a', serviceMinutes: s.serviceMinutes }));
        for (const call of simulate(arrivals, [allPrimary], { appointmentsAtSlot: true, maxWaitMinutes }).calls)
          expect(call.waited).toBeLessThanOrEqual(maxWaitMinutes + 12);
      }),
      { numRuns: 200 },
    );
  });

  it('holds the ratio over any window: never more priority calls in a row than allowed while a normal ticket waits', () => {
    fc.assert(
      fc.property(
        fc.array(arrival, { maxLength: 80 }),
        fc.record({ priority: fc.integer({ min: 1, max: 4 }), normal: fc.integer({ min: 1, max: 3 }) }),
        fc.boolean(),
        (arrivals, ratio, weighted) => {
          const rules: CallingRules = { appointmentsAtSlot: true, ratio };
          const { calls } = simulate(arrivals, [allPrimary], rules, weighted ? WEIGHTED : STRICT);
          let run = 0;
          for (const call of calls) {
            const normalWaiting = call.alternatives.some((t) => callClassAt(t, rules, at(call.minute)) === 'normal');
            if (call.cls === 'priority' && normalWaiting) expect(run).toBeLessThan(ratio.priority);
            run = call.cls === 'priority' ? run + 1 : 0;
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('gives normals their whole turn: two priority, then two normal, while both wait', () => {
    const ratio = { priority: 2, normal: 2 };
    expect(normalsTurn(ratio, ['priority', 'priority'])).toBe(true);
    expect(normalsTurn(ratio, ['priority', 'priority', 'normal'])).toBe(true);
    expect(normalsTurn(ratio, ['priority', 'priority', 'normal', 'normal'])).toBe(false);
    expect(normalsTurn(ratio, ['normal', 'priority'])).toBe(false);
    expect(normalsTurn(ratio, ['normal'])).toBe(false);
  });

  it('lets an appointment checked in early wait as a normal ticket until its slot, then rank as an appointment', () => {
    const skills = new Map<string, SkillLevel>([['a', 'primary']]);
    const waiting: WaitingTicket[] = [
      { id: 'walk-in', service: 'a', priority: 'normal', issuedAt: at(10).toISOString() },
      { id: 'booked', service: 'a', priority: 'appointment', issuedAt: at(5).toISOString(), slotAt: at(30).toISOString() },
      { id: 'late', service: 'a', priority: 'normal', issuedAt: at(20).toISOString() },
    ];
    const rules: CallingRules = { appointmentsAtSlot: true };
    const before = chooseNext(waiting, { policy: STRICT, rules, now: at(25), skills, recentCalls: [] });
    // Before its slot it keeps its check-in place among normals (it came first), without jumping anyone by class.
    expect(before).toMatchObject({ ticket: { id: 'booked' }, reason: { rule: 'order', priority: 'normal' } });
    const laterCheckIn = waiting.map((t) => (t.id === 'booked' ? { ...t, issuedAt: at(15).toISOString() } : t));
    expect(chooseNext(laterCheckIn, { policy: STRICT, rules, now: at(25), skills, recentCalls: [] })?.ticket.id).toBe('walk-in');
    expect(chooseNext(laterCheckIn, { policy: STRICT, rules, now: at(30), skills, recentCalls: [] })).toMatchObject({
      ticket: { id: 'booked' },
      reason: { priority: 'appointment' },
    });
    // Without the rule, an appointment jumps the queue from check-in.
    expect(chooseNext(laterCheckIn, { policy: STRICT, rules: { appointmentsAtSlot: false }, now: at(25), skills, recentCalls: [] })?.ticket.id).toBe('booked');
  });

  it('serves backup services only when no primary ticket waits, and says so', () => {
    const skills = new Map<string, SkillLevel>([
      ['a', 'primary'],
      ['b', 'backup'],
    ]);
    const rules: CallingRules = { appointmentsAtSlot: true, maxWaitMinutes: 30 };
    const a = { id: 'a1', service: 'a', priority: 'normal' as const, issuedAt: at(20).toISOString() };
    const b = { id: 'b1', service: 'b', priority: 'vip' as const, issuedAt: at(10).toISOString() };
    const c = { id: 'c1', service: 'c', priority: 'vip' as const, issuedAt: at(0).toISOString() };
    expect(chooseNext([a, b, c], { policy: STRICT, rules, now: at(25), skills, recentCalls: [] })).toMatchObject({
      ticket: { id: 'a1' },
      backupService: false,
    });
    expect(chooseNext([b, c], { policy: STRICT, rules, now: at(25), skills, recentCalls: [] })).toMatchObject({ ticket: { id: 'b1' }, backupService: true });
    // Past the maximum wait, a backup ticket comes first and the reason says how long it waited.
    expect(chooseNext([a, b], { policy: STRICT, rules, now: at(41), skills, recentCalls: [] })).toMatchObject({
      ticket: { id: 'b1' },
      reason: { rule: 'max-wait', waitedMinutes: 31 },
    });
    expect(chooseNext([c], { policy: STRICT, rules, now: at(25), skills, recentCalls: [] })).toBeNull();
  });
});
