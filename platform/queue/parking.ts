// Park and recall: a clerk sets the current ticket aside while the citizen fetches a missing
// material, serves others, and calls it back from the counter's park list. A parked ticket belongs
// to the counter that parked it; the live ticket page says "parked at window 5".
import { announcementText } from '../../contract/queue.js';
import { QueueError, type QueueService } from './queue-service.js';
import { publicTicket, type StoredTicket } from './queue-store.js';

export class Parking {
  constructor(private readonly queue: QueueService) {}

  /** Parks the counter's current ticket; the counter is free for the next citizen. */
  async park(counterId: string): Promise<StoredTicket> {
    const config = await this.queue.config();
    return this.queue.change(async (emit) => {
      const counter = await this.queue.store.counter(config, counterId);
      if (!counter) throw new QueueError('not-found', `no counter "${counterId}" in this hall`);
      if (!counter.currentTicketId) throw new QueueError('conflict', `${counter.name} is not serving anyone`);
      const ticket = await this.queue.ticket(counter.currentTicketId);
      const parked: StoredTicket = { ...ticket, state: 'parked', counterId };
      await this.queue.store.updateTicket(parked);
      const free = { ...counter };
      delete free.currentTicketId;
      await this.queue.store.saveCounter(free);
      await emit({ type: 'ticket.parked', ticket: publicTicket(parked), counter: free });
      return parked;
    });
  }

  /** The counter's park list, oldest first. */
  async parkedAt(counterId: string): Promise<StoredTicket[]> {
    return (await this.queue.store.ticketsOfDay(this.queue.today(), ['parked'])).filter((t) => t.counterId === counterId);
  }

  /** Calls a parked ticket back to the counter that parked it (announced again, as a call). */
  async recall(counterId: string, ticketId: string): Promise<StoredTicket> {
    const config = await this.queue.config();
    return this.queue.change(async (emit) => {
      const counter = await this.queue.store.counter(config, counterId);
      if (!counter) throw new QueueError('not-found', `no counter "${counterId}" in this hall`);
      if (counter.paused) throw new QueueError('conflict', `${counter.name} is paused: resume first`);
      if (counter.currentTicketId) throw new QueueError('conflict', 'finish, park or transfer the current ticket first');
      const ticket = await this.queue.store.ticket(ticketId);
      if (!ticket || ticket.state !== 'parked' || ticket.counterId !== counterId)
        throw new QueueError('not-found', 'that ticket is not parked at this counter');
      const at = this.queue.now().toISOString();
      const called: StoredTicket = { ...ticket, state: 'called', lastCallAt: at, recalls: 0 };
      await this.queue.store.updateTicket(called);
      const busy = { ...counter, currentTicketId: called.id };
      await this.queue.store.saveCounter(busy);
      await emit({ type: 'ticket.unparked', ticket: publicTicket(called), counter: busy, announcement: announcementText(called.number, counter.number) });
      return called;
    });
  }
}
