import { EventEmitter } from 'node:events';
import type { EventPayload, HostEventName } from '../../contract/host-api.js';

/** Typed server-push events; both adapters forward everything published here. */
export class HostEventBus {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every connected UI subscribes once; a hall has few, but don't warn at 10.
    this.emitter.setMaxListeners(200);
  }

  publish<E extends HostEventName>(event: E, payload: EventPayload<E>): void {
    this.emitter.emit('event', event, payload);
  }

  /** Subscribers now: each open screen holds one, so a count that climbs is a leak. */
  listenerCount(): number {
    return this.emitter.listenerCount('event');
  }

  subscribe(listener: (event: HostEventName, payload: unknown) => void): () => void {
    this.emitter.on('event', listener);
    return () => void this.emitter.off('event', listener);
  }
}
