import { EventEmitter } from 'node:events';
import type { DeviceConfig } from '../contract/config.js';
import type { DeviceKind, DeviceState, DeviceStatus } from '../contract/devices.js';
import { systemClock, type Clock } from '../contract/clock.js';

/**
 * The facade every driver presents to the host: it connects lazily, reports its state as a
 * stream, and returns results instead of throwing for expected faults (no card, paper out…).
 */
export interface ManagedDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  status(): DeviceStatus;
  onStatus(listener: (status: DeviceStatus) => void): () => void;
  /** Begins connecting (and polling, where the device needs it). Never throws for a missing device. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

export interface DeviceContext {
  /** Logs without personal data; drivers pass only technical details. */
  log: { info(obj: object, msg?: string): void; warn(obj: object, msg?: string): void; error(obj: object, msg?: string): void };
}

export type DeviceFactory = (config: DeviceConfig, context: DeviceContext) => ManagedDevice;

/** Holds a device's current status and tells listeners when it changes. */
export class DeviceStatusTracker {
  private readonly emitter = new EventEmitter();
  private current: DeviceStatus;

  constructor(id: string, kind: DeviceKind, simulated: boolean, private readonly clock: Clock = systemClock) {
    this.current = { id, kind, state: 'disconnected', warnings: [], simulated, changedAt: clock.iso() };
  }

  get(): DeviceStatus {
    return this.current;
  }

  set(state: DeviceState, reason?: string, warnings: string[] = []): void {
    const prev = this.current;
    if (prev.state === state && prev.reason === reason && prev.warnings.join('\n') === warnings.join('\n')) return;
    this.current = { ...prev, state, reason, warnings, changedAt: this.clock.iso() };
    this.emitter.emit('status', this.current);
  }

  on(listener: (status: DeviceStatus) => void): () => void {
    this.emitter.on('status', listener);
    return () => this.emitter.off('status', listener);
  }
}
