// Agent sign-in at a village proxy point, with no network: the card's signature against the synced
// platform keys, the agent's record (status, current card) and PIN verifier from the point's own
// dataset, and a lock after repeated wrong PINs that survives a restart. Every refusal is a security
// event: logged and sent to the platform, with the agent id at most (never the card or the PIN).
import { createPublicKey, verify } from 'node:crypto';
import type { ProxyAgentView, ProxySignInResult } from '../../../../contract/api/proxy.js';
import { parseSignedCode, TRUST_KEYS_DATASET, TrustKey } from '../../../../contract/personal-code.js';
import {
  AGENT_CARD_PREFIX,
  AgentCardPayload,
  PROXY_POINT_DATASET,
  ProxyAgentRecord,
  ProxyPointRecord,
  proxyAgentKey,
  type AgentRefusal,
  type PinVerifier,
} from '../../../../contract/proxy-agent.js';
import type { OfflineStore } from '../../../../offline-store/index.js';
import { checkPin } from '../../../../common/pin-verifier.js';
import type { Logger } from '../../logging.js';
import { systemClock, type Clock } from '../../../../contract/clock.js';
import { SecurityEventRecorder } from '../admin/security-events.js';

const CLOCK_SKEW_S = 300;
export const MAX_PIN_FAILURES = 5;
export const LOCK_MINUTES = 15;
const FAILURES_SECRET = 'proxy-pin-failures';

interface SignedInAgent {
  view: ProxyAgentView;
  cardId: string;
  cardExpiresMs: number;
}

type Failures = Record<string, { count: number; lockedUntil?: number }>;

export class AgentSignIn {
  private agent: SignedInAgent | undefined;
  /** The tail of each agent's queue of PIN checks. */
  private readonly pinChecks = new Map<string, Promise<void>>();
  private failuresWrite: Promise<void> = Promise.resolve();
  private readonly events: SecurityEventRecorder;

  constructor(
    private readonly deps: {
      store: OfflineStore;
      terminalId: string;
      log: Logger;
      clock?: Clock;
      /** The scrypt check; a test may wrap it to look at the store while a check is under way. */
      checkPin?: typeof checkPin;
      /** Shared with the terminal's other security events, so one budget bounds them all. */
      securityEvents?: SecurityEventRecorder;
    },
  ) {
    this.events = deps.securityEvents ?? new SecurityEventRecorder({ store: deps.store, terminalId: deps.terminalId, log: deps.log, now: () => this.now() });
  }

  private now(): number {
    return (this.deps.clock ?? systemClock).nowMs();
  }

  /** The point this terminal serves, from the synced dataset (the platform sends only its own points). */
  async point(): Promise<ProxyPointRecord | undefined> {
    const rows = await this.deps.store.getDataset(PROXY_POINT_DATASET);
    return rows
      .filter((row) => row.key.startsWith('point:'))
      .map((row) => ProxyPointRecord.safeParse(row.value))
      .flatMap((parsed) => (parsed.success ? [parsed.data] : []))
      .find((point) => point.terminals.includes(this.deps.terminalId));
  }

  private async record(pointId: string, agentId: string): Promise<ProxyAgentRecord | undefined> {
    const row = (await this.deps.store.getDataset(PROXY_POINT_DATASET)).find((r) => r.key === proxyAgentKey(pointId, agentId));
    const parsed = row ? ProxyAgentRecord.safeParse(row.value) : undefined;
    return parsed?.success ? parsed.data : undefined;
  }

  async signIn(card: string, pin: string): Promise<ProxySignInResult> {
    const parsed = parseSignedCode(card, AGENT_CARD_PREFIX, AgentCardPayload);
    if (!parsed) return this.refuse('malformed');
    const { payload } = parsed;
    const store = this.deps.store;
    const key = (await store.getDataset(TRUST_KEYS_DATASET))
      .map((row) => TrustKey.safeParse(row.value))
      .flatMap((r) => (r.success ? [r.data] : []))
      .find((k) => k.kid === payload.kid);
    if (!key) return this.refuse('unknown-key');
    const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: key.publicKey }, format: 'jwk' });
    if (!verify(null, Buffer.from(parsed.signedPart), publicKey, parsed.signatureBytes)) return this.refuse('forged');
    // From here the card is genuine: its agent id may be named in the security log.
    const agentId = payload.aid;
    if (key.status === 'revoked') return this.refuse('revoked', agentId);
    const nowS = Math.floor(this.now() / 1000);
    if (payload.iat > nowS + CLOCK_SKEW_S) return this.refuse('not-yet-valid', agentId);
    if (payload.exp <= nowS) return this.refuse('expired', agentId);
    const point = await this.point();
    if (!point || point.pointId !== payload.pt) return this.refuse('other-point', agentId);
    const record = await this.record(payload.pt, agentId);
    if (!record) return this.refuse('unknown-agent', agentId);
    const verifier = record.status === 'revoked' ? undefined : record.pin;
    if (!verifier) return this.refuse('revoked', agentId);
    if (record.cardId !== payload.cid) return this.refuse('replaced', agentId);

    // One PIN check at a time per agent, and the failure counted before the slow scrypt check:
    // parallel guesses cannot all read "no failures yet" and be checked before the lock falls.
    const pinResult = await this.serialised(agentId, () => this.checkPinCounted(agentId, pin, payload.cs, verifier));
    if (pinResult) return pinResult;
    const view: ProxyAgentView = {
      agentId,
      maskedName: record.maskedName,
      pointId: point.pointId,
      pointName: point.name,
      signedInAt: new Date(this.now()).toISOString(),
      cardExpiresAt: new Date(payload.exp * 1000).toISOString(),
    };
    this.agent = { view, cardId: payload.cid, cardExpiresMs: payload.exp * 1000 };
    this.deps.log.info({ event: 'proxy-agent-signed-in', agentId, pointId: point.pointId }, 'proxy agent signed in');
    return { signedIn: true, agent: view };
  }

  private serialised<T>(agentId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.pinChecks.get(agentId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.pinChecks.set(agentId, tail);
    void tail.then(() => {
      if (this.pinChecks.get(agentId) === tail) this.pinChecks.delete(agentId);
    });
    return run;
  }

  /** Undefined when the PIN is right (and the agent's count cleared); otherwise the refusal. */
  private async checkPinCounted(agentId: string, pin: string, cardSecret: string, verifier: PinVerifier): Promise<ProxySignInResult | undefined> {
    const now = this.now();
    let lockedUntil: number | undefined;
    let count = 0;
    await this.updateFailures((failures) => {
      const entry = failures[agentId];
      if (entry?.lockedUntil && entry.lockedUntil > now) {
        lockedUntil = entry.lockedUntil;
        return failures;
      }
      // Counted as a failure now (the fifth locks at once); a right PIN clears it below, so a crash
      // or a parallel guess during the slow check finds it counted.
      count = (entry?.lockedUntil ? 0 : (entry?.count ?? 0)) + 1;
      return { ...failures, [agentId]: { count, ...(count >= MAX_PIN_FAILURES ? { lockedUntil: now + LOCK_MINUTES * 60_000 } : {}) } };
    });
    if (lockedUntil) return this.refuse('locked', agentId, { lockedUntil: new Date(lockedUntil).toISOString() });
    const lockUntil = count >= MAX_PIN_FAILURES ? now + LOCK_MINUTES * 60_000 : undefined;
    const right = /^\d{4,8}$/.test(pin) && (await (this.deps.checkPin ?? checkPin)(pin, cardSecret, verifier));
    if (right) {
      await this.updateFailures((failures) => {
        const { [agentId]: _cleared, ...others } = failures;
        return others;
      });
      return undefined;
    }
    if (lockUntil) return this.refuse('locked', agentId, { lockedUntil: new Date(lockUntil).toISOString() });
    return this.refuse('wrong-pin', agentId, { attemptsLeft: MAX_PIN_FAILURES - count });
  }

  /**
   * The agent signed in now, re-checked each time: a card that expired, or a revocation or new card
   * that arrived by sync since sign-in, ends the agent's session.
   */
  async current(): Promise<ProxyAgentView | undefined> {
    const agent = this.agent;
    if (!agent) return undefined;
    const record = await this.record(agent.view.pointId, agent.view.agentId);
    const reason =
      agent.cardExpiresMs <= this.now()
        ? 'expired'
        : !record || record.status === 'revoked'
          ? 'revoked'
          : record.cardId !== agent.cardId
            ? 'replaced'
            : undefined;
    if (reason) {
      this.deps.log.warn({ event: 'proxy-agent-session-ended', reason, agentId: agent.view.agentId }, 'proxy agent session ended');
      this.agent = undefined;
      return undefined;
    }
    return agent.view;
  }

  /** True when an agent was signed in. */
  signOut(): boolean {
    const had = this.agent !== undefined;
    if (had) this.deps.log.info({ event: 'proxy-agent-signed-out', agentId: this.agent!.view.agentId }, 'proxy agent signed out');
    this.agent = undefined;
    return had;
  }

  private async failures(): Promise<Failures> {
    try {
      return JSON.parse((await this.deps.store.getSecret(FAILURES_SECRET)) ?? '{}') as Failures;
    } catch {
      return {};
    }
  }

  /** Read-modify-write of every agent's count, one at a time (the counts share one sealed record). */
  private updateFailures(change: (failures: Failures) => Failures): Promise<void> {
    const run = this.failuresWrite.then(async () => {
      await this.deps.store.setSecret(FAILURES_SECRET, JSON.stringify(change(await this.failures())));
    });
    this.failuresWrite = run.catch(() => undefined);
    return run;
  }

  private async refuse(refusal: AgentRefusal, agentId?: string, extra: { attemptsLeft?: number; lockedUntil?: string } = {}): Promise<ProxySignInResult> {
    await this.events.record('proxy-sign-in-refused', { refusal, agentId: agentId ?? null }, 'proxy agent sign-in refused');
    return { signedIn: false, refusal, ...extra };
  }
}
