// Assistance requests (求助) on the hall queue's stream: a kiosk calls staff, every counter sees it,
// the first counter to acknowledge closes it for all, the kiosk may cancel its own. Each change is
// one transaction with its event, like every other queue change.
import { randomUUID } from 'node:crypto';
import type { AssistRequest, AssistSource } from '../../contract/assist.js';
import type { HallQueueConfig } from '../../contract/queue.js';
import { QueueError, type QueueService } from './queue-service.js';
import { publicAssist, type StoredAssist } from './queue-store.js';

export class AssistDesk {
  constructor(private readonly queue: QueueService) {}

  private get store() {
    return this.queue.store;
  }

  /** Today's open requests, oldest first. */
  async open(): Promise<AssistRequest[]> {
    const config = await this.queue.config();
    return (await this.store.openAssists(this.queue.today())).map((a) => publicAssist(a, config));
  }

  /**
   * A terminal asks for staff. Pressing again while its request is open returns that request
   * (created: false) and tells nobody twice; an open request left from an earlier day is closed first.
   */
  async request(terminalId: string, source: AssistSource): Promise<{ request: AssistRequest; created: boolean }> {
    if (!terminalId) throw new QueueError('bad-input', 'the request names no terminal');
    const config = await this.queue.config();
    const pub = (a: StoredAssist) => publicAssist(a, config);
    return this.queue.change(async (emit) => {
      const today = this.queue.today();
      const at = this.queue.now().toISOString();
      const existing = await this.store.openAssistOf(terminalId);
      if (existing && existing.day === today) return { request: pub(existing), created: false };
      if (existing) {
        const stale: StoredAssist = { ...existing, state: 'cancelled', closedAt: at };
        await this.store.closeAssist(stale);
        await emit({ type: 'assist.cancelled', assist: pub(stale) });
      }
      const fresh: StoredAssist = { id: randomUUID(), day: today, terminalId, source, requestedAt: at, state: 'open' };
      await this.store.insertAssist(fresh);
      const request = pub(fresh);
      await emit({ type: 'assist.requested', assist: request });
      return { request, created: true };
    });
  }

  /** One counter's clerk is going: the request closes for every counter. Only counter terminals may say so. */
  async acknowledge(id: string, counterId: string, terminalRole: string | null): Promise<AssistRequest> {
    if (terminalRole !== 'counter') throw new QueueError('forbidden', 'only counter terminals acknowledge assistance requests');
    const config = await this.queue.config();
    if (!config.counters.some((c) => c.id === counterId)) throw new QueueError('not-found', `no counter "${counterId}" in this hall`);
    return this.queue.change(async (emit) => {
      const request = await this.openOne(id, config);
      const done: StoredAssist = { ...request, state: 'acknowledged', closedAt: this.queue.now().toISOString(), counterId };
      await this.store.closeAssist(done);
      const out = publicAssist(done, config);
      await emit({ type: 'assist.acknowledged', assist: out });
      return out;
    });
  }

  /** The terminal that asked withdraws its own request (no other terminal may). */
  async cancel(id: string, terminalId: string): Promise<AssistRequest> {
    const config = await this.queue.config();
    return this.queue.change(async (emit) => {
      const found = await this.store.assist(id);
      if (!found) throw new QueueError('not-found', 'no such assistance request');
      if (found.terminalId !== terminalId) throw new QueueError('forbidden', 'a terminal cancels only its own assistance request');
      const request = await this.openOne(id, config);
      const done: StoredAssist = { ...request, state: 'cancelled', closedAt: this.queue.now().toISOString() };
      await this.store.closeAssist(done);
      const out = publicAssist(done, config);
      await emit({ type: 'assist.cancelled', assist: out });
      return out;
    });
  }

  /** The request, which must still be open; a closed one says who closed it. */
  private async openOne(id: string, config: HallQueueConfig): Promise<StoredAssist> {
    const request = await this.store.assist(id);
    if (!request) throw new QueueError('not-found', 'no such assistance request');
    if (request.state === 'acknowledged') {
      const by = publicAssist(request, config).counter;
      throw new QueueError('conflict', `already acknowledged by ${by?.name ?? 'another counter'}`);
    }
    if (request.state === 'cancelled') throw new QueueError('conflict', 'the terminal has already cancelled this request');
    return request;
  }
}
