// A list a host feature keeps from the hall queue's stream (the call-staff requests, the help
// requests): the service's list after every (re)connect, then the stream's newer events in order.
// Events that arrive while the list is being fetched are held and applied after it when newer than
// it, so none is lost and none is applied twice.
import type { QueueConnectivity } from '../../../../contract/api/queue.js';
import type { QueueEvent } from '../../../../contract/queue.js';
import type { HostEventBus } from '../../event-bus.js';
import type { Logger } from '../../logging.js';

export interface QueueStreamMirrorOptions {
  bus: HostEventBus;
  log: Logger;
  /** What the list is, for the log line when it cannot be fetched ('the help requests'). */
  what: string;
  /** The events that belong to this list. */
  relevant(event: QueueEvent): boolean;
  /** Replaces the local list with the service's; returns the stream sequence that list is current to. */
  fetch(): Promise<number>;
  /** Applies one event newer than the list. */
  apply(event: QueueEvent): void;
  /** Every relevant event as it arrives, even while a fetch holds it back from `apply`. */
  arrived?(event: QueueEvent): void;
  /** After anything changed: an event, the link, a fetched list. */
  changed(): void;
}

export class QueueStreamMirror {
  /** Whether the hall queue's stream is up, as last reported. */
  online = false;
  /** Sequence up to which the list is known: from events, or from the list a fetch returned. */
  private appliedSeq = 0;
  /** Events that arrive while a fetch is in flight. */
  private held: QueueEvent[] | undefined;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly o: QueueStreamMirrorOptions) {}

  attach(): void {
    this.unsubscribe = this.o.bus.subscribe((name, payload) => {
      if (name === 'queue.event') this.onEvent(payload as QueueEvent);
      else if (name === 'queue.connectivity') this.onConnectivity(payload as QueueConnectivity);
    });
  }

  detach(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  private onEvent(event: QueueEvent): void {
    if (!this.o.relevant(event)) return;
    this.o.arrived?.(event);
    if (this.held) this.held.push(event);
    else this.applyNewer(event);
    this.o.changed();
  }

  private applyNewer(event: QueueEvent): void {
    if (event.seq <= this.appliedSeq) return;
    this.appliedSeq = event.seq;
    this.o.apply(event);
  }

  private onConnectivity(connectivity: QueueConnectivity): void {
    const cameBack = connectivity.online && !this.online;
    this.online = connectivity.online;
    this.o.changed();
    if (cameBack) void this.resync();
  }

  /** After (re)connecting: the list as the hall service has it, then any newer events. */
  private async resync(): Promise<void> {
    if (this.held) return;
    this.held = [];
    try {
      this.appliedSeq = Math.max(this.appliedSeq, await this.o.fetch());
    } catch (error) {
      this.o.log.warn({ error: (error as Error).message }, `could not fetch ${this.o.what}; the stream keeps them current`);
    } finally {
      const held = this.held ?? [];
      this.held = undefined;
      for (const event of held) this.applyNewer(event);
      this.o.changed();
    }
  }
}
