import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { MutationEnvelope } from '../../contract/sync-protocol.js';
import { systemClock } from '../../contract/clock.js';
import { describeOnPostgres, freshDatabaseUrl } from '../../test/postgres/databases.js';
import { TerminalRegistry } from '../access/terminal-registry.js';
import type { Database } from '../db/database.js';
import { openPlatformDatabase } from '../db/open.js';
import { PlatformStore } from '../platform-store.js';
import { defaultValidateMutation } from '../server.js';

const envelope = (mutationId: number): MutationEnvelope => ({
  mutationId,
  idempotencyKey: `key-${mutationId}-xxxxxxxx`,
  kind: mutationId % 7 === 0 ? 'unknown-kind' : 'ticket',
  payload: { mutationId },
  personal: null,
  blobs: [],
  createdAt: '2026-01-01T00:00:00Z',
});

let db: Database;
beforeAll(async () => {
  db = await openPlatformDatabase(await freshDatabaseUrl());
});
afterAll(() => db?.close());

describeOnPostgres('platform exactly-once', () => {
  it('applies every mutation once, in order, whatever batches a retrying terminal sends', async () => {
    // A terminal's sender only ever starts a batch at its lowest unacknowledged id; replies can be lost,
    // so it may resend any earlier stretch too (a late duplicate of an old request).
    const attempt = fc.record({ fromAcked: fc.boolean(), back: fc.nat({ max: 30 }), size: fc.integer({ min: 1, max: 25 }), replyLost: fc.boolean() });
    const store = new PlatformStore(db);
    const registry = new TerminalRegistry(store, systemClock);
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 80 }), fc.array(attempt, { minLength: 1, maxLength: 60 }), async (total, attempts) => {
        // Each run is a terminal of its own on the one database.
        const terminalId = `T${++run}`;
        await registry.add({ terminalId, role: 'kiosk', hallId: 'hall-a' });
        const key = (m: MutationEnvelope) => ({ ...m, idempotencyKey: `${terminalId}-${m.idempotencyKey}` });
        let acked = 0;
        const send = async (from: number, size: number) => {
          const ids = Array.from({ length: size }, (_, i) => from + i).filter((id) => id >= 1 && id <= total);
          return ids.length ? store.applyPush(terminalId, ids.map(envelope).map(key), defaultValidateMutation) : null;
        };
        for (const a of attempts) {
          const reply = await send(a.fromAcked ? acked + 1 : Math.max(1, acked + 1 - a.back), a.size);
          if (reply && !a.replyLost && a.fromAcked) acked = Math.max(acked, ...reply.results.map((r) => r.mutationId));
        }
        while (acked < total) acked = Math.max(...((await send(acked + 1, 25))?.results.map((r) => r.mutationId) ?? [total]));
        const rows = await db.query<{ mutation_id: number; status: string }>(
          'SELECT mutation_id, status FROM mutations WHERE terminal_id = $1 ORDER BY apply_seq',
          [terminalId],
        );
        expect(rows.map((r) => r.mutation_id)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
        expect(rows.filter((r) => r.status === 'rejected').map((r) => r.mutation_id)).toEqual(rows.map((r) => r.mutation_id).filter((id) => id % 7 === 0));
      }),
      { numRuns: 30 },
    );
  });
});
