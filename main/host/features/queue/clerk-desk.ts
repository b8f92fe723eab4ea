// The clerk at a counter terminal: signs in with 工号 + PIN, checked by the hall queue service, which
// answers with a session. The session token stays here, in the host's memory: the desk's verbs carry
// it (queue-feature.ts), so the service names the clerk on its events only for a sign-in it verified.
// The clerk is signed out on request, after the hall's idle time without a desk action (here, and by
// the service itself), when the service says the session ended, and when the host stops.
import type { ClerkChange, ClerkDeskSignIn } from '../../../../contract/api/clerk.js';
import type { ClerkSignInResult, SignedInClerk } from '../../../../contract/clerk.js';
import type { Clock } from '../../../../contract/clock.js';
import type { HostHandlers } from '../../../../contract/host-api.js';
import { HostFault } from '../../dispatch.js';
import type { HostEventBus } from '../../event-bus.js';
import type { HostFeature } from '../../host-feature.js';
import type { Logger } from '../../logging.js';
import type { QueueFeature } from './queue-feature.js';

const MINUTE_MS = 60_000;
/** A sign-in waits this long for the hall service (its PIN check costs about 0.1 s of a busy server's time). */
const SIGN_IN_TIMEOUT_MS = 10_000;

export interface ClerkDeskOptions {
  queue: QueueFeature;
  bus: HostEventBus;
  log: Logger;
  clock: Clock;
  /** Only a counter terminal has a clerk; on other roles the methods refuse. */
  role: string;
  /** How often the idle sign-out is looked at (ms; default 15 s; 0: only when the desk is used). */
  idleCheckMs?: number;
}

export class ClerkDesk implements HostFeature {
  readonly name = 'clerk-desk';
  private signedIn: { token: string; clerk: SignedInClerk; lastActiveMs: number } | undefined;
  private idleTimer: NodeJS.Timeout | undefined;

  constructor(private readonly o: ClerkDeskOptions) {
    o.queue.useClerkSession({ session: () => this.session(), ended: () => this.end('ended') });
  }

  /** The session for a desk verb (which counts as activity), unless the clerk has been idle too long. */
  private session(): string | undefined {
    if (!this.current()) return undefined;
    this.signedIn!.lastActiveMs = this.o.clock.nowMs();
    return this.signedIn!.token;
  }

  /** The signed-in clerk, after the idle sign-out is applied. */
  current(): SignedInClerk | undefined {
    const signedIn = this.signedIn;
    if (!signedIn) return undefined;
    if (this.o.clock.nowMs() - signedIn.lastActiveMs >= signedIn.clerk.idleMinutes * MINUTE_MS) {
      this.end('idle');
      return undefined;
    }
    return signedIn.clerk;
  }

  private publish(change: ClerkChange): void {
    this.o.bus.publish('clerk.changed', change);
  }

  /** Forgets the session here; the service is told when it still holds it (best effort: it ends idle ones itself). */
  private end(reason: 'signed-out' | 'idle' | 'ended'): boolean {
    const signedIn = this.signedIn;
    if (!signedIn) return false;
    this.signedIn = undefined;
    this.o.log.info({ event: 'clerk-signed-out', clerkId: signedIn.clerk.clerkId, reason }, 'clerk signed out');
    if (reason !== 'ended') void this.tellSignedOut(signedIn.token);
    this.publish({ clerk: null, reason });
    return true;
  }

  private async tellSignedOut(token: string): Promise<void> {
    try {
      await this.o.queue.hallRequest('queueClerkSignOut', { body: { session: token } });
    } catch (error) {
      // Unreachable: the service ends the session itself after the hall's idle time.
      this.o.log.warn({ event: 'clerk-sign-out-unsent', err: (error as Error).message }, 'the hall service was not told of a sign-out');
    }
  }

  private counterOnly(): void {
    if (this.o.role !== 'counter') throw new HostFault('bad-input', 'only a counter terminal signs clerks in', 'role.methodRefused');
  }

  attach(): void {
    const every = this.o.idleCheckMs ?? 15_000;
    if (every > 0 && this.o.role === 'counter') {
      this.idleTimer = setInterval(() => void this.current(), every);
      this.idleTimer.unref();
    }
  }

  async detach(): Promise<void> {
    if (this.idleTimer) clearInterval(this.idleTimer);
    this.idleTimer = undefined;
    // The host stops: nobody is at the desk any more.
    const signedIn = this.signedIn;
    this.signedIn = undefined;
    if (signedIn) await this.tellSignedOut(signedIn.token);
  }

  readonly handlers: Pick<HostHandlers, 'clerk.status' | 'clerk.signIn' | 'clerk.signOut'> = {
    'clerk.status': async () => ({ clerk: this.o.role === 'counter' ? (this.current() ?? null) : null }),
    'clerk.signIn': async ({ clerkId, pin }): Promise<ClerkDeskSignIn> => {
      this.counterOnly();
      // The PIN check is slow on purpose (scrypt): more time than a desk verb gets.
      const answer = await this.o.queue.hallRequest<ClerkSignInResult>('queueClerkSignIn', { body: { clerkId, pin } }, { timeoutMs: SIGN_IN_TIMEOUT_MS });
      if (!answer.signedIn) {
        this.o.log.warn({ event: 'clerk-sign-in-refused', clerkId, refusal: answer.refusal }, 'clerk sign-in refused');
        return answer;
      }
      // A new sign-in replaces the one before (the service ended it already).
      if (this.signedIn) this.signedIn = undefined;
      this.signedIn = { token: answer.session, clerk: answer.clerk, lastActiveMs: this.o.clock.nowMs() };
      this.o.log.info({ event: 'clerk-signed-in', clerkId, counterId: answer.clerk.counterId }, 'clerk signed in');
      this.publish({ clerk: answer.clerk, reason: 'signed-in' });
      return { signedIn: true, clerk: answer.clerk };
    },
    'clerk.signOut': async () => {
      this.counterOnly();
      const signedIn = this.signedIn;
      if (!signedIn) return { signedOut: false };
      this.signedIn = undefined;
      this.o.log.info({ event: 'clerk-signed-out', clerkId: signedIn.clerk.clerkId, reason: 'signed-out' }, 'clerk signed out');
      await this.tellSignedOut(signedIn.token);
      this.publish({ clerk: null, reason: 'signed-out' });
      return { signedOut: true };
    },
  };
}
