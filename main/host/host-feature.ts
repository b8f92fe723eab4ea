// The shape every part of the host shares: the API methods it answers, and what it does once the
// store and devices are up (attach) and before they go down (detach). The host keeps one ordered list
// of them: attached in order, detached in mirror order, their methods merged once.
import type { HostHandlers, HostMethodName } from '../../contract/host-api.js';

export interface HostFeature {
  /** A short name for errors and logs ('queue', 'o2o'…). */
  readonly name: string;
  /** The host API methods this feature answers; none may be answered by another feature too. */
  readonly handlers?: Partial<HostHandlers>;
  /** Subscribe to devices, the bus and the store; called once the store and devices are up. */
  attach?(): void;
  /** Undo attach; called in reverse order of attach, before the devices and the store stop. */
  detach?(): void | Promise<void>;
}

/**
 * A feature from parts that do not have the shape themselves (a handlers object, a start/stop pair).
 */
export function hostFeature(name: string, parts: Omit<HostFeature, 'name'>): HostFeature {
  return { name, ...parts };
}

/**
 * Every feature's methods in one table. A method answered by two features is a wiring mistake and
 * throws at start; a role that replaces a method says so in `overrides`, which must name methods
 * some feature answers.
 */
export function combineHandlers(features: readonly HostFeature[], overrides: Partial<HostHandlers> = {}): Partial<HostHandlers> {
  const owner = new Map<string, string>();
  const combined: Record<string, unknown> = {};
  for (const feature of features) {
    for (const [method, handler] of Object.entries(feature.handlers ?? {})) {
      const earlier = owner.get(method);
      if (earlier) throw new Error(`host method ${method} is answered by both ${earlier} and ${feature.name}`);
      owner.set(method, feature.name);
      combined[method] = handler;
    }
  }
  for (const [method, handler] of Object.entries(overrides)) {
    if (!owner.has(method)) throw new Error(`override for ${method}, which no feature answers`);
    combined[method] = handler;
  }
  return combined as Partial<HostHandlers>;
}

/** Attaches in list order. */
export function attachAll(features: readonly HostFeature[]): void {
  for (const feature of features) feature.attach?.();
}

/** Detaches in mirror order, each awaited; one failing does not keep the others attached. */
export async function detachAll(features: readonly HostFeature[], onError: (feature: string, error: unknown) => void): Promise<void> {
  for (const feature of [...features].reverse()) {
    try {
      await feature.detach?.();
    } catch (error) {
      onError(feature.name, error);
    }
  }
}

/** The methods of the host API no feature answers (a test checks none is left out). */
export function unansweredMethods(handlers: Partial<HostHandlers>, all: readonly HostMethodName[]): HostMethodName[] {
  return all.filter((method) => !(method in handlers));
}
