// Exponential back-off, the one way every retry loop in the product paces itself (drivers
// reconnecting, sync, the queue client, the renderer's link to the host, the kiosk window).

/**
 * How a retry loop waits: `initialMs` after the first failure, doubling up to `maxMs`.
 * - `none`: exactly that (a local device link: nobody else competes for it);
 * - `full`: a random wait in [0, ceiling] ("full jitter": many terminals retrying one platform spread out);
 * - `half`: a random wait in [ceiling/2, ceiling] (spread out, but never retrying at once).
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  jitter?: 'none' | 'full' | 'half';
}

/** The longest wait after `failures` consecutive failures (1 = the first). */
export function backoffCeiling(failures: number, policy: BackoffPolicy): number {
  const doublings = Math.min(Math.max(failures, 1) - 1, 30);
  return Math.min(policy.maxMs, policy.initialMs * 2 ** doublings);
}

/** The wait after `failures` consecutive failures, with the policy's jitter. */
export function backoffDelay(failures: number, policy: BackoffPolicy, random: () => number = Math.random): number {
  const ceiling = backoffCeiling(failures, policy);
  switch (policy.jitter ?? 'none') {
    case 'full':
      return Math.round(ceiling * random());
    case 'half':
      return Math.round(ceiling * (0.5 + random() / 2));
    default:
      return ceiling;
  }
}

/** A retry loop's back-off state: `next()` after each failure, `reset()` after a success. */
export class Backoff {
  private failures = 0;

  constructor(
    private readonly policy: BackoffPolicy,
    private readonly random: () => number = Math.random,
  ) {}

  /** Counts one more failure and returns how long to wait before the next try. */
  next(): number {
    this.failures += 1;
    return backoffDelay(this.failures, this.policy, this.random);
  }

  reset(): void {
    this.failures = 0;
  }

  /** Consecutive failures since the last reset. */
  get consecutiveFailures(): number {
    return this.failures;
  }
}
