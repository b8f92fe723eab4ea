import type { z } from 'zod';
import { Emitter } from '../contract/async/emitter.js';
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
  private readonly emitter = new Emitter<{ status: [status: DeviceStatus] }>();
  private current: DeviceStatus;

  constructor(
    id: string,
    kind: DeviceKind,
    simulated: boolean,
    private readonly clock: Clock = systemClock,
  ) {
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
    return this.emitter.on('status', listener);
  }
}

/**
 * Stands in for a configured device that cannot be driven: its options are invalid, or this build
 * has no driver for its kind and transport. It starts into a fault that says why, so the admin
 * screen and the fleet page show the problem; it never throws and never guesses.
 */
export class StandInDevice implements ManagedDevice {
  readonly id: string;
  readonly kind: DeviceKind;
  private readonly tracker: DeviceStatusTracker;

  constructor(
    config: Pick<DeviceConfig, 'id' | 'kind' | 'transport'>,
    private readonly problem: string,
  ) {
    this.id = config.id;
    this.kind = config.kind;
    this.tracker = new DeviceStatusTracker(config.id, config.kind, config.transport.type === 'simulated');
  }

  status() {
    return this.tracker.get();
  }

  onStatus(listener: (status: DeviceStatus) => void) {
    return this.tracker.on(listener);
  }

  async start(): Promise<void> {
    this.tracker.set('fault', this.problem);
  }

  async stop(): Promise<void> {
    this.tracker.set('disconnected', 'stopped');
  }
}

/** "path: message; …" from a zod error (or any error's message), naming options, never values. */
export function describeOptionError(error: unknown): string {
  const issues = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
  if (Array.isArray(issues)) return issues.map((i) => `${i.path.map(String).join('.') || '(options)'}: ${i.message}`).join('; ');
  return (error as Error).message;
}

/**
 * The one policy for a device's `options`: valid ones come back parsed; invalid ones turn the device
 * into a stand-in whose fault names the bad options. No driver falls back to defaults silently.
 */
export function parseDeviceOptions<Schema extends z.ZodType>(
  schema: Schema,
  config: DeviceConfig,
  input: unknown = config.options,
): { ok: true; options: z.output<Schema> } | { ok: false; device: ManagedDevice } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, options: parsed.data };
  return { ok: false, device: misconfiguredDevice(config, parsed.error) };
}

/** A stand-in for a device whose options could not be used. */
export function misconfiguredDevice(config: DeviceConfig, error: unknown): ManagedDevice {
  return new StandInDevice(config, `invalid ${config.kind} options: ${describeOptionError(error)}`);
}
