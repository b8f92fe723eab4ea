import { Emitter } from '../../contract/async/emitter.js';
import type { EventPayload, HostEventName } from '../../contract/host-api.js';

/** Typed server-push events; both adapters forward everything published here. */
export class HostEventBus {
  private readonly emitter = new Emitter<{ event: [event: HostEventName, payload: unknown] }>();

  publish<E extends HostEventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit('event', event, payload);
  }

  /** Subscribers now: each open screen holds one, so a count that climbs is a leak. */
  listenerCount(): number {
    return this.emitter.listenerCount('event');
  }

  subscribe(listener: (event: HostEventName, payload: unknown) => void): () => void {
    return this.emitter.on('event', listener);
  }
}
