// Assistance requests (求助) on the hall queue's stream: a kiosk calls staff, every counter sees it,
// the first counter to acknowledge closes it for all, the kiosk may cancel its own. Each change is
// one transaction with its event, like every other queue change.
import { randomUUID } from 'node:crypto';
import type { AssistRequest, AssistSource } from '../../contract/assist.js';
import { QueueError, type QueueService } from './queue-service.js';
import { publicAssist, type StoredAssist } from './queue-store.js';

export class AssistDesk {
  constructor(private readonly queue: QueueService) {}

  private get store() {
    return this.queue.store;
  }

  private public(a: StoredAssist): AssistRequest {
    return publicAssist(a, this.queue.config());
  }

  /** Today's open requests, oldest first. */
  open(): AssistRequest[] {
    return this.store.openAssists(this.queue.today()).map((a) => this.public(a));
  }

  /**
   * A terminal asks for staff. Pressing again while its request is open returns that request
   * (created: false) and tells nobody twice; an open request left from an earlier day is closed first.
   */
  request(terminalId: string, source: AssistSource): { request: AssistRequest; created: boolean } {
    if (!terminalId) throw new QueueError('bad-input', 'the request names no terminal');
    return this.queue.change((emit) => {
      const today = this.queue.today();
      const at = this.queue.now().toISOString();
      const existing = this.store.openAssistOf(terminalId);
      if (existing && existing.day === today) return { request: this.public(existing), created: false };
      if (existing) {
        const stale: StoredAssist = { ...existing, state: 'cancelled', closedAt: at };
        this.store.closeAssist(stale);
        emit({ type: 'assist.cancelled', assist: this.public(stale) });
      }
      const fresh: StoredAssist = { id: randomUUID(), day: today, terminalId, source, requestedAt: at, state: 'open' };
      this.store.insertAssist(fresh);
      const request = this.public(fresh);
      emit({ type: 'assist.requested', assist: request });
      return { request, created: true };
    });
  }

  /** One counter's clerk is going: the request closes for every counter. Only counter terminals may say so. */
  acknowledge(id: string, counterId: string, terminalRole: string | null): AssistRequest {
    if (terminalRole !== 'counter') throw new QueueError('forbidden', 'only counter terminals acknowledge assistance requests');
    if (!this.queue.config().counters.some((c) => c.id === counterId)) throw new QueueError('not-found', `no counter "${counterId}" in this hall`);
    return this.queue.change((emit) => {
      const request = this.openOne(id);
      const done: StoredAssist = { ...request, state: 'acknowledged', closedAt: this.queue.now().toISOString(), counterId };
      this.store.closeAssist(done);
      const out = this.public(done);
      emit({ type: 'assist.acknowledged', assist: out });
      return out;
    });
  }

  /** The terminal that asked withdraws its own request (no other terminal may). */
  cancel(id: string, terminalId: string): AssistRequest {
    return this.queue.change((emit) => {
      const found = this.store.assist(id);
      if (!found) throw new QueueError('not-found', 'no such assistance request');
      if (found.terminalId !== terminalId) throw new QueueError('forbidden', 'a terminal cancels only its own assistance request');
      const request = this.openOne(id);
      const done: StoredAssist = { ...request, state: 'cancelled', closedAt: this.queue.now().toISOString() };
      this.store.closeAssist(done);
      const out = this.public(done);
      emit({ type: 'assist.cancelled', assist: out });
      return out;
    });
  }

  /** The request, which must still be open; a closed one says who closed it. */
  private openOne(id: string): StoredAssist {
    const request = this.store.assist(id);
    if (!request) throw new QueueError('not-found', 'no such assistance request');
    if (request.state === 'acknowledged') {
      const by = this.public(request).counter;
      throw new QueueError('conflict', `already acknowledged by ${by?.name ?? 'another counter'}`);
    }
    if (request.state === 'cancelled') throw new QueueError('conflict', 'the terminal has already cancelled this request');
    return request;
  }
}
