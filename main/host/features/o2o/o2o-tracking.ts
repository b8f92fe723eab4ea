// 全程一码 and 一窗受理: timelines by tracking code (platform first, the terminal's cache when offline)
// and the counter's view of a package with its verification, and its decisions through the outbox.
import { CasePackage, CaseTimeline, withinWithdrawWindow, type CaseDecision, type CaseWithdrawal } from '../../../../contract/case.js';
import type { CounterPackage, TrackResult } from '../../../../contract/api/o2o.js';
import { ON_SCREEN_FORM_MEDIA_TYPE, OnScreenFormData, type CatalogItem } from '../../../../contract/catalog.js';
import { maskIdNumber, maskName, maskPhone } from '../../../../contract/masking.js';
import { checkTrackingCode } from '../../../../contract/tracking-code.js';
import { z } from 'zod';
import type { OfflineStore } from '../../../../offline-store/index.js';
import { HostFault } from '../../dispatch.js';
import { sha256Hex } from './o2o-application.js';
import type { CaseCache } from './o2o-case-cache.js';
import { PlatformUnreachable, type HostPlatformClient } from '../../platform-client.js';
import { verifyManifest } from './o2o-signing.js';
import { proxyCounterView } from './proxy-counter-view.js';
import { type Clock } from '../../../../contract/clock.js';

export function requireTrackingCode(input: string): string {
  const checked = checkTrackingCode(input);
  if (checked.ok) return checked.code;
  const why = {
    length: 'a tracking code has 11 characters',
    symbol: `character ${(checked.position ?? 0) + 1} is not used in tracking codes`,
    check: 'the code has a typing mistake (check character does not match)',
  };
  throw new HostFault('bad-input', why[checked.reason]);
}

export class CaseDesk {
  constructor(
    private readonly deps: {
      clock: Clock;
      store: OfflineStore;
      platform: HostPlatformClient;
      cache: CaseCache;
      item: (code: string) => Promise<CatalogItem | undefined>;
      /** Minutes after submitting during which the applicant may withdraw (0: never). */
      withdrawWindowMinutes: number;
    },
  ) {}

  /** Records a case this terminal just created, so it can be shown before the platform has it. */
  rememberSubmitted(timeline: CaseTimeline): void {
    const cached = this.deps.cache.get(timeline.trackingCode);
    if (!cached) this.deps.cache.put(timeline.trackingCode, [timeline], timeline.events[0]!.at);
  }

  async track(input: string): Promise<TrackResult> {
    const found = await this.find(input);
    return { ...found, withdrawable: this.withdrawable(found) };
  }

  private async find(input: string): Promise<Omit<TrackResult, 'withdrawable'>> {
    const code = requireTrackingCode(input);
    const pending = await this.pendingDecisions(code);
    try {
      const reply = await this.deps.platform.request('caseTimeline', { params: { code } });
      if (reply.status === 200) {
        const cases = z.object({ cases: z.array(CaseTimeline) }).parse(reply.body).cases;
        const asOf = this.deps.clock.iso();
        this.deps.cache.put(code, cases, asOf);
        return { source: 'platform', asOf, cases, pending };
      }
      if (reply.status !== 404) throw new PlatformUnreachable(`platform answered ${reply.status}`);
      // Not on the platform yet: a case submitted here while offline is still in this terminal's outbox.
      const cached = this.deps.cache.get(code);
      if (cached) return { source: 'cache', ...cached, pending };
      throw new HostFault('not-found', 'no case with this code; check the code on the receipt', 'case.notFound');
    } catch (error) {
      if (!(error instanceof PlatformUnreachable)) throw error;
      const cached = this.deps.cache.get(code);
      if (cached) return { source: 'cache', ...cached, pending };
      throw new HostFault('unavailable', 'the platform cannot be reached and this terminal has no saved copy of the case', 'case.offlineNoCopy');
    }
  }

  /** Until when the applicant may withdraw a case: submitted, nothing pending for it here, window still open. */
  withdrawableUntil(submittedAt: string): string | undefined {
    if (this.deps.withdrawWindowMinutes <= 0) return undefined;
    const until = new Date(Date.parse(submittedAt) + this.deps.withdrawWindowMinutes * 60_000).toISOString();
    return withinWithdrawWindow(submittedAt, this.deps.clock.iso(), this.deps.withdrawWindowMinutes) ? until : undefined;
  }

  private withdrawable(found: Pick<TrackResult, 'cases' | 'pending'>): TrackResult['withdrawable'] {
    return found.cases.flatMap((timeline) => {
      if (timeline.state !== 'submitted' || found.pending.some((p) => p.caseId === timeline.caseId)) return [];
      const submittedAt = timeline.events.find((e) => e.state === 'submitted')?.at;
      const until = submittedAt ? this.withdrawableUntil(submittedAt) : undefined;
      return until ? [{ caseId: timeline.caseId, until }] : [];
    });
  }

  private async pendingDecisions(code: string): Promise<TrackResult['pending']> {
    const store = this.deps.store;
    const decisions = this.deps.cache.decisionsFor(code);
    const states = await Promise.all(decisions.map(async (d) => (await store.getRecord(d.mutationId))?.state ?? 'acked'));
    const stillPending = decisions.filter((_, i) => states[i] === 'pending');
    this.deps.cache.dropDecisions((d) => d.trackingCode !== code || stillPending.includes(d));
    return stillPending.map(({ caseId, to, at }) => ({ caseId, to, at }));
  }

  async openPackages(input: string): Promise<CounterPackage[]> {
    const code = requireTrackingCode(input);
    let reply;
    try {
      reply = await this.deps.platform.request('casePackage', { params: { code } });
    } catch (error) {
      if (error instanceof PlatformUnreachable)
        throw new HostFault('unavailable', 'the platform cannot be reached: packages are opened online', 'platform.unreachable');
      throw error;
    }
    if (reply.status === 403)
      throw new HostFault('unauthorized', 'this counter is not registered with the platform yet; try again after it syncs', 'case.counterNotRegistered');
    if (reply.status === 404) throw new HostFault('not-found', 'no case with this code on the platform yet', 'case.notOnPlatformYet');
    if (reply.status !== 200) throw new HostFault('unavailable', `the platform answered ${reply.status}`, 'platform.refused');
    const packages = z.object({ packages: z.array(CasePackage) }).parse(reply.body).packages;
    return Promise.all(packages.map((p) => this.present(code, p)));
  }

  private async present(code: string, pkg: CasePackage): Promise<CounterPackage> {
    const item = await this.deps.item(pkg.timeline.serviceCode);
    const files = new Map<string, { bytes: Buffer | null; matches: boolean }>();
    for (const file of pkg.manifest.files) {
      const reply = await this.deps.platform.request('caseBlob', { params: { code, sha256: file.sha256 } }, { binary: true });
      const bytes = reply.bytes ?? null;
      files.set(file.sha256, { bytes, matches: bytes !== null && sha256Hex(bytes) === file.sha256 });
    }
    const dataUrl = (sha: string, mediaType: string) => {
      const bytes = files.get(sha)?.bytes;
      return bytes && mediaType.startsWith('image/') ? `data:${mediaType};base64,${bytes.toString('base64')}` : undefined;
    };
    const materials = (item?.materials ?? []).map((m) => {
      const file = pkg.manifest.files.find((f) => f.role === 'material' && f.id === m.id);
      if (file?.mediaType === ON_SCREEN_FORM_MEDIA_TYPE)
        return {
          id: m.id,
          name: m.name,
          source: 'form' as const,
          hashMatches: files.get(file.sha256)?.matches ?? false,
          fields: formFields(files.get(file.sha256)?.bytes ?? null),
        };
      if (file)
        return {
          id: m.id,
          name: m.name,
          source: 'capture' as const,
          hashMatches: files.get(file.sha256)?.matches ?? false,
          ...(dataUrl(file.sha256, file.mediaType) ? { dataUrl: dataUrl(file.sha256, file.mediaType)! } : {}),
        };
      return { id: m.id, name: m.name, source: pkg.manifest.electronicLicenses.includes(m.id) ? ('electronic-license' as const) : ('missing' as const) };
    });
    const signatureFile = pkg.manifest.files.find((f) => f.role === 'signature');
    return {
      timeline: pkg.timeline,
      submittingTerminal: pkg.submittingTerminal,
      form: {
        maskedName: maskName(pkg.form.name),
        maskedIdNumber: maskIdNumber(pkg.form.idNumber),
        maskedPhone: pkg.form.phone ? maskPhone(pkg.form.phone) : '—',
        ...(pkg.form.address ? { address: pkg.form.address } : {}),
        ...(pkg.form.note ? { note: pkg.form.note } : {}),
      },
      materials,
      signatureDataUrl: signatureFile ? (dataUrl(signatureFile.sha256, signatureFile.mediaType) ?? null) : null,
      ...(pkg.manifest.proxy ? { proxy: proxyCounterView(pkg.manifest, (sha) => files.get(sha)) } : {}),
      ...(pkg.manifest.assistedBy ? { assistedBy: pkg.manifest.assistedBy } : {}),
      verification: {
        keyKnown: pkg.publicKey !== null,
        signatureValid: pkg.publicKey !== null && verifyManifest(pkg.manifest, pkg.signature, pkg.publicKey),
        filesMatch: [...files.values()].every((f) => f.matches),
      },
    };
  }

  /**
   * The applicant's withdrawal goes through the outbox after the application (works offline), with
   * the ID number the platform checks against the application's; shown as pending until it is applied.
   */
  async withdraw(request: Omit<CaseWithdrawal, 'subject' | 'at'>, idNumber: string): Promise<{ at: string; mutationId: number }> {
    const at = this.deps.clock.iso();
    const payload: CaseWithdrawal = { subject: 'case-withdrawal', ...request, at };
    const { mutationId } = await this.deps.store.commitMutation({ kind: 'status-event', payload, personal: { idNumber } });
    this.deps.cache.addDecision({ trackingCode: request.trackingCode, caseId: request.caseId, to: 'withdrawn', at, mutationId });
    return { at, mutationId };
  }

  /** The clerk's decision goes through the outbox (works offline); the platform judges its legality. */
  async decide(decision: Omit<CaseDecision, 'subject' | 'at'>): Promise<{ at: string; mutationId: number }> {
    const at = this.deps.clock.iso();
    const payload: CaseDecision = { subject: 'case', ...decision, at };
    const { mutationId } = await this.deps.store.commitMutation({ kind: 'status-event', payload });
    this.deps.cache.addDecision({ trackingCode: decision.trackingCode, caseId: decision.caseId, to: decision.to, at, mutationId });
    return { at, mutationId };
  }
}

/** A form filled on screen, as the counter reads it: label and value of each field (none when unreadable). */
function formFields(bytes: Buffer | null): { label: string; value: string }[] {
  if (!bytes) return [];
  try {
    const parsed = OnScreenFormData.safeParse(JSON.parse(bytes.toString('utf8')));
    return parsed.success ? parsed.data.fields.map(({ label, value }) => ({ label, value })) : [];
  } catch {
    return [];
  }
}
