// A flood of refused codes and cards against a real store: the outbox and the log grow by a bounded
// number of entries, and what was only counted still reaches the platform as a summary.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../contract/clock.js';
import type { OfflineStore } from '../../../../offline-store/index.js';
import { openTestStore, tempDir } from '../../../../offline-store/test/temp.js';
import { createLogger } from '../../logging.js';
import { PersonalCodeFeature } from '../personal-code/personal-code-feature.js';
import { AgentSignIn } from '../proxy/agent-sign-in.js';
import { DEFAULT_SECURITY_EVENT_LIMITS, SecurityEventRecorder } from './security-events.js';

const { burst, refillMs, summaryEveryMs } = DEFAULT_SECURITY_EVENT_LIMITS;

let temp: ReturnType<typeof tempDir>;
let store: OfflineStore;
let clock: ManualClock;
let lines: Array<{ event?: string; total?: number; counts?: Record<string, number> }>;
let recorder: SecurityEventRecorder;
let codes: PersonalCodeFeature;
let cards: AgentSignIn;

beforeEach(async () => {
  temp = tempDir('security-events');
  store = await openTestStore(temp.dir);
  clock = new ManualClock('2026-03-02T08:00:00Z');
  lines = [];
  const log = createLogger({ destination: { write: (line: string) => lines.push(JSON.parse(line)) } as unknown as NodeJS.WritableStream });
  recorder = new SecurityEventRecorder({ store, terminalId: 'kiosk-07', log, now: () => clock.nowMs() });
  codes = new PersonalCodeFeature(store, 'kiosk-07', log, clock, recorder);
  cards = new AgentSignIn({ store, terminalId: 'kiosk-07', log, clock, securityEvents: recorder });
});
afterEach(async () => {
  await recorder.close();
  await store.close();
  temp.cleanup();
});

const securityLines = () =>
  lines.filter((line) => line.event === 'personal-code-refused' || line.event === 'proxy-sign-in-refused' || line.event === 'security-events-counted');

describe('refusals are rate-limited and coalesced', () => {
  it('a flood of 1000 bad codes and cards adds a bounded number of outbox rows and log lines, and each refusal is still answered', async () => {
    for (let i = 0; i < 500; i += 1) {
      expect(await codes.verify(`HTPC1.garbage-${i}.x`)).toEqual({ valid: false, refusal: 'malformed' });
      expect(await cards.signIn(`HTAC1.garbage-${i}.x`, '123456')).toEqual({ signedIn: false, refusal: 'malformed' });
    }
    expect(await store.countRecords('status-event')).toBe(burst);
    expect(securityLines()).toHaveLength(burst);
    expect(await store.pendingCount()).toBe(burst);
  });

  it('what was only counted goes out as one summary per interval, with the counts by kind', async () => {
    for (let i = 0; i < 100; i += 1) await codes.verify('nonsense');
    for (let i = 0; i < 50; i += 1) await cards.signIn('nonsense', '123456');
    // Still inside the interval: nothing more yet.
    expect(await store.countRecords('status-event')).toBe(burst);
    clock.advance(summaryEveryMs);
    await codes.verify('nonsense');
    const summary = securityLines().find((line) => line.event === 'security-events-counted');
    expect(summary?.total).toBe(150 - burst);
    expect(summary?.counts).toEqual({ 'personal-code-refused:malformed': 100 - burst, 'proxy-sign-in-refused:malformed': 50 });
    // The summary, and the refusal that came with it (the budget refilled meanwhile).
    expect(await store.countRecords('status-event')).toBe(burst + 2);
  });

  it('the budget refills slowly: after a quiet minute, one refusal is recorded in full again', async () => {
    for (let i = 0; i < burst + 5; i += 1) await codes.verify('nonsense');
    expect(await store.countRecords('status-event')).toBe(burst);
    clock.advance(refillMs);
    await codes.verify('nonsense');
    await codes.verify('nonsense');
    expect(await store.countRecords('status-event')).toBe(burst + 1);
  });

  it('closing the recorder (the host stopping) sends the counts gathered so far', async () => {
    for (let i = 0; i < burst + 7; i += 1) await codes.verify('nonsense');
    await recorder.close();
    expect(await store.countRecords('status-event')).toBe(burst + 1);
    expect(securityLines().at(-1)).toMatchObject({ event: 'security-events-counted', total: 7 });
  });
});
