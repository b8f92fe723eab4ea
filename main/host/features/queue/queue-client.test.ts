import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../../test/postgres/databases.js';
import type { QueueEvent } from '../../../../contract/queue.js';
import { startPlatform, type RunningPlatform } from '../../../../platform/server.js';
import { enrolDirect } from '../../../../platform/test/enrolment.js';
import { HallServiceClient, HallServiceError } from './queue-client.js';

describe('hall service client against the real platform over HTTP', () => {
  let platform: RunningPlatform;
  let client: HallServiceClient;
  beforeEach(async () => {
    platform = await startPlatform({ version: 'test', databaseUrl: await freshDatabaseUrl() });
    const credential = await enrolDirect(platform.app, 'counter-01', { role: 'counter', counterId: 'counter-2' });
    client = new HallServiceClient({ baseUrl: platform.url, credential: async () => credential });
  });
  afterEach(async () => platform.close());

  it('refuses a terminal without a credential and maps refusals to typed errors', async () => {
    const stranger = new HallServiceClient({ baseUrl: platform.url, credential: async () => 'wrong' });
    await expect(stranger.request('queueSnapshot')).rejects.toMatchObject({ kind: 'rejected', status: 401 });
    const error = await client.request('queueIssue', { body: { service: 'nope' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HallServiceError);
    expect(error).toMatchObject({ kind: 'rejected', code: 'bad-input', message: 'no service "nope" in this hall' });
  });

  it('streams every change in order and catches up from the last seq after a reconnect', async () => {
    const seen: QueueEvent[] = [];
    let ups = 0;
    const stop = client.follow(0, { onEvent: (e) => seen.push(e), onUp: () => (ups += 1), onDown: () => undefined });
    await until(() => ups === 1);
    await client.request('queueIssue', { body: { service: 'general' } });
    await client.request('queueCall', { body: { counterId: 'counter-2' } });
    await until(() => seen.length === 2);
    expect(seen.map((e) => e.type)).toEqual(['ticket.issued', 'ticket.called']);
    expect(seen[1]!.announcement).toBe('请 C001 号到 2 号窗口办理');
    stop();
    // Changes while nobody listens are replayed to the next follower from its seq.
    await client.request('queueFinish', { body: { counterId: 'counter-2' } });
    const later: QueueEvent[] = [];
    const stop2 = client.follow(seen[1]!.seq, { onEvent: (e) => later.push(e), onUp: () => undefined, onDown: () => undefined });
    await until(() => later.length === 1);
    expect(later[0]).toMatchObject({ type: 'ticket.finished', seq: seen[1]!.seq + 1 });
    stop2();
  });
});

async function until(check: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
