// 村级代办: the village proxy point's host side. The agent signs in (offline), applies on a villager's
// behalf through the ordinary O2O flow — which calls the hooks below, so the package gains the signed
// 代办授权书 — and sees their cases and the day-end report. Nothing here needs the network.
import { join } from 'node:path';
import { z } from 'zod';
import type { ApplicationStart } from '../../../../contract/api/o2o.js';
import type { ProxyAgentView, ProxyCaseRow } from '../../../../contract/api/proxy.js';
import { CaseTimeline, type CaseState } from '../../../../contract/case.js';
import type { HostHandlers } from '../../../../contract/host-api.js';
import { localDay, PROXY_AUTHORISATION_MEDIA_TYPE, type ProxyAuthorisation } from '../../../../contract/proxy-agent.js';
import type { OfflineStore } from '../../../../offline-store/index.js';
import { HostFault } from '../../dispatch.js';
import type { HostEventBus } from '../../event-bus.js';
import type { Logger } from '../../logging.js';
import type { ApplicationExtension, PackageExtra, SubmittedApplication } from '../o2o/o2o-application.js';
import { HostPlatformClient, PlatformUnreachable } from '../../platform-client.js';
import type { PrinterFeature } from '../devices/printer-feature.js';
import { AgentSignIn } from './agent-sign-in.js';
import type { SecurityEventRecorder } from '../admin/security-events.js';
import { ProxyLedger, type LedgerEntry } from './proxy-ledger.js';
import { dayReportBytes } from '../../../../drivers/receipts/index.js';
import { buildDayReport, type OutboxState } from './proxy-report.js';
import { systemClock, type Clock } from '../../../../contract/clock.js';
import type { HostFeature } from '../../host-feature.js';
import { DisposableStore } from '../../../../contract/async/disposables.js';

type ProxyMethod = 'proxy.status' | 'proxy.signIn' | 'proxy.signOut' | 'proxy.authorisation' | 'proxy.cases' | 'proxy.report' | 'proxy.printReport';

export interface ProxyDeps {
  terminalId: string;
  dataDir: string;
  store: OfflineStore;
  platformUrl: string;
  printers: PrinterFeature;
  bus: HostEventBus;
  log: Logger;
  clock?: Clock;
  /** The terminal's one budget for security events (refused cards, PINs, codes). */
  securityEvents?: SecurityEventRecorder;
}

/** How many of the newest cases the list asks the platform about (a village point's month, roughly). */
const LIST_LIMIT = 100;

export function authorisationText(a: Omit<ProxyAuthorisation, 'version' | 'text' | 'signatureFile' | 'serviceCode'>): string {
  return (
    `代办授权书\n本人${a.villagerMaskedName}自愿委托${a.pointName}代办员${a.agentMaskedName}（编号${a.agentId}）代为办理“${a.itemName}”的申请，` +
    `包括填写申请表、提交申请材料和接收办理结果通知。代办员只能将本人的信息用于本次申请。本人已核对申请内容，确认属实。\n授权日期：${a.date}`
  );
}

export class ProxyFeature implements ApplicationExtension, HostFeature {
  readonly name = 'proxy';
  readonly signIn: AgentSignIn;
  private readonly ledger: ProxyLedger;
  private readonly platform: HostPlatformClient;
  /** The villager's draft (masked name, item) and the authorisation shown to them: gone when their session ends. */
  private readonly drafts = new Map<string, { start: ApplicationStart; authorisation?: ProxyAuthorisation }>();
  private readonly subscriptions = new DisposableStore();

  constructor(private readonly deps: ProxyDeps) {
    this.signIn = new AgentSignIn({
      store: deps.store,
      terminalId: deps.terminalId,
      log: deps.log,
      ...(deps.clock ? { clock: deps.clock } : {}),
      ...(deps.securityEvents ? { securityEvents: deps.securityEvents } : {}),
    });
    this.ledger = new ProxyLedger(join(deps.dataDir, 'proxy', 'ledger.json'));
    this.platform = new HostPlatformClient({ platformUrl: deps.platformUrl, store: deps.store });
  }

  private now(): Date {
    return (this.deps.clock ?? systemClock).now();
  }

  attach(): void {
    this.subscriptions.addAll(
      this.deps.bus.subscribe((event, payload) => {
        if (event === 'session.ended') {
          this.drafts.clear();
          // The idle guard ended it: nobody is at the terminal, so the agent is signed out too.
          if ((payload as { reason?: string }).reason === 'idle' && this.signIn.signOut()) this.deps.bus.publish('proxy.agent', null);
        }
        // A sync may bring a revocation or a new card: a session it ends is announced at once.
        // (The store may already be closed when a last event arrives during shutdown: nothing to announce then.)
        if (event === 'sync.state') void this.agentOrNull().catch(() => undefined);
      }),
    );
  }

  detach(): void {
    this.subscriptions.dispose();
    this.drafts.clear();
    this.signIn.signOut();
  }

  private wasSignedIn = false;
  private async agentOrNull(): Promise<ProxyAgentView | null> {
    const agent = (await this.signIn.current()) ?? null;
    if (this.wasSignedIn && !agent) this.deps.bus.publish('proxy.agent', null);
    this.wasSignedIn = agent !== null;
    return agent;
  }

  private async requireAgent(): Promise<ProxyAgentView> {
    const agent = await this.agentOrNull();
    if (!agent) throw new HostFault('unauthorized', 'an agent must sign in with their card and PIN first', 'proxy.signInFirst');
    return agent;
  }

  /** application.start on a proxy point: only with an agent signed in; the draft is remembered for the authorisation. */
  async beforeStart(): Promise<void> {
    await this.requireAgent();
  }

  draftStarted(start: ApplicationStart): void {
    this.drafts.set(start.draftId, { start });
  }

  private async authorise(draftId: string): Promise<ProxyAuthorisation> {
    const agent = await this.requireAgent();
    const draft = this.drafts.get(draftId);
    if (!draft) throw new HostFault('not-found', 'this application was ended; start again', 'application.ended');
    const fields = {
      itemName: draft.start.item.name,
      villagerMaskedName: draft.start.holder.maskedName,
      agentId: agent.agentId,
      agentMaskedName: agent.maskedName,
      pointId: agent.pointId,
      pointName: agent.pointName,
      date: localDay(this.now()),
    };
    // Made once per draft: what the villager signs is exactly what goes into the package.
    draft.authorisation ??= { version: 1, text: authorisationText(fields), serviceCode: draft.start.item.code, signatureFile: 'signature', ...fields };
    return draft.authorisation;
  }

  async packagePart(draftId: string): Promise<PackageExtra> {
    const agent = await this.requireAgent();
    const authorisation = this.drafts.get(draftId)?.authorisation;
    if (!authorisation) throw new HostFault('conflict', 'the villager has not been shown the proxy authorisation to sign', 'proxy.authorisationMissing');
    if (authorisation.agentId !== agent.agentId)
      throw new HostFault('conflict', 'the authorisation names another agent; show it again', 'proxy.authorisationOtherAgent');
    return {
      files: [
        { role: 'authorisation', id: 'proxy-authorisation', mediaType: PROXY_AUTHORISATION_MEDIA_TYPE, bytes: Buffer.from(JSON.stringify(authorisation)) },
      ],
      proxy: { agentId: agent.agentId, pointId: agent.pointId, authorisation: 'proxy-authorisation' },
    };
  }

  submitted(draftId: string, submitted: SubmittedApplication): void {
    const draft = this.drafts.get(draftId);
    this.drafts.delete(draftId);
    const authorisation = draft?.authorisation;
    if (!authorisation) return;
    this.ledger.add(
      {
        caseId: submitted.caseId,
        trackingCode: submitted.trackingCode,
        mutationId: submitted.mutationId,
        serviceCode: submitted.item.code,
        itemName: submitted.item.name,
        villagerMaskedName: authorisation.villagerMaskedName,
        agentId: authorisation.agentId,
        submittedAt: submitted.submittedAt,
        day: localDay(new Date(submitted.submittedAt)),
      },
      this.now().getTime(),
    );
  }

  private async outboxStates(entries: LedgerEntry[]): Promise<Map<number, OutboxState>> {
    const store = this.deps.store;
    const parked = new Map((await store.listParked()).map((p) => [p.mutationId, p.reason]));
    const states = new Map<number, OutboxState>();
    for (const entry of entries) {
      const record = await store.getRecord(entry.mutationId);
      const state = record?.state ?? 'acked';
      states.set(entry.mutationId, state === 'parked' ? { state, reason: parked.get(entry.mutationId) ?? '' } : { state });
    }
    return states;
  }

  /** Asks the platform for the state of synced cases; stops at the first sign the link is down. */
  private async refreshFromPlatform(entries: LedgerEntry[]): Promise<boolean> {
    const found = new Map<string, { state: CaseState; asOf: string }>();
    let reachable = true;
    for (const entry of entries) {
      try {
        const reply = await this.platform.request('caseTimeline', { params: { code: entry.trackingCode } });
        if (reply.status !== 200) continue;
        const timeline = z
          .object({ cases: z.array(CaseTimeline) })
          .parse(reply.body)
          .cases.find((c) => c.caseId === entry.caseId);
        if (timeline) found.set(entry.caseId, { state: timeline.state, asOf: this.now().toISOString() });
      } catch (error) {
        if (!(error instanceof PlatformUnreachable)) throw error;
        reachable = false;
        break;
      }
    }
    this.ledger.updateStates(found);
    return reachable;
  }

  private async cases(): Promise<{ source: 'platform' | 'cache'; cases: ProxyCaseRow[] }> {
    const agent = await this.requireAgent();
    const entries = this.ledger.ofAgent(agent.agentId).slice(0, LIST_LIMIT);
    const outbox = await this.outboxStates(entries);
    const synced = entries.filter((e) => outbox.get(e.mutationId)?.state === 'acked');
    const reachable = synced.length === 0 ? await this.platformReachable() : await this.refreshFromPlatform(synced);
    const fresh = this.ledger.ofAgent(agent.agentId).slice(0, LIST_LIMIT);
    return {
      source: reachable ? 'platform' : 'cache',
      cases: fresh.map((entry) => {
        const state = outbox.get(entry.mutationId) ?? { state: 'acked' as const };
        const base = {
          trackingCode: entry.trackingCode,
          serviceCode: entry.serviceCode,
          itemName: entry.itemName,
          villagerMaskedName: entry.villagerMaskedName,
          submittedAt: entry.submittedAt,
        };
        if (state.state === 'pending') return { ...base, status: 'pending' as const, statusAsOf: null };
        if (state.state === 'parked') return { ...base, status: 'parked' as const, reason: state.reason ?? '', statusAsOf: null };
        // Acknowledged: the platform opened the case as submitted at least, until it says more.
        return { ...base, status: entry.platformState ?? ('submitted' as const), statusAsOf: entry.statusAsOf ?? null };
      }),
    };
  }

  private async platformReachable(): Promise<boolean> {
    try {
      await this.platform.request('status');
      return true;
    } catch {
      return false;
    }
  }

  private async report(date: string | undefined) {
    const agent = await this.requireAgent();
    const day = date ?? localDay(this.now());
    const entries = this.ledger.ofAgent(agent.agentId, day);
    return buildDayReport(agent, day, entries, await this.outboxStates(entries), this.now());
  }

  readonly handlers: Pick<HostHandlers, ProxyMethod> = {
    'proxy.status': async () => {
      const point = await this.signIn.point();
      return { point: point ? { pointId: point.pointId, name: point.name } : null, agent: await this.agentOrNull() };
    },
    'proxy.signIn': async ({ card, pin }) => {
      const result = await this.signIn.signIn(card, pin);
      if (result.signedIn) {
        this.wasSignedIn = true;
        this.deps.bus.publish('proxy.agent', result.agent);
      }
      return result;
    },
    'proxy.signOut': async () => {
      this.drafts.clear();
      const signedOut = this.signIn.signOut();
      this.wasSignedIn = false;
      if (signedOut) this.deps.bus.publish('proxy.agent', null);
      return { signedOut };
    },
    'proxy.authorisation': async ({ draftId }) => {
      const { text, itemName, villagerMaskedName, agentMaskedName, agentId, pointName, date } = await this.authorise(draftId);
      return { text, itemName, villagerMaskedName, agentMaskedName, agentId, pointName, date };
    },
    'proxy.cases': async () => this.cases(),
    'proxy.report': async ({ date }) => this.report(date),
    'proxy.printReport': async ({ date, deviceId }) => {
      const report = await this.report(date);
      try {
        const printer = this.deps.printers.printer(deviceId);
        const result = await printer.print({ bytes: dayReportBytes(report, printer.profile) });
        return { outcome: result.outcome, condition: result.condition, ...(result.reason ? { reason: result.reason } : {}) };
      } catch (error) {
        if (error instanceof HostFault) return { outcome: 'refused' as const, reason: error.message, condition: 'disconnected' as const };
        throw error;
      }
    },
  };
}
