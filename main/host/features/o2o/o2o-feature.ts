// The O2O flow's host side: catalog search and guide printing, the application package, tracking
// and the counter's acceptance. Composed into the Host like every feature.
import { hallDateTime } from '../../../../contract/local-time.js';
import { z } from 'zod';
import { join } from 'node:path';
import { CATALOG_DATASET, CatalogItem, type OnScreenFormData } from '../../../../contract/catalog.js';
import { ApplicationPayload, canTransition, ReceiptCopy, receiptCopyOf, STATES_NEEDING_REASON, type CaseState } from '../../../../contract/case.js';
import type { TrackResult } from '../../../../contract/api/o2o.js';
import type { HostHandlers } from '../../../../contract/host-api.js';
import type { ApplicationReceipt, PrinterCondition, PrintJobResult } from '../../../../contract/printing.js';
import type { OfflineStore } from '../../../../offline-store/index.js';
import { HostFault } from '../../dispatch.js';
import type { HostEventBus } from '../../event-bus.js';
import type { Logger } from '../../logging.js';
import type { CitizenSession } from '../session/citizen-session.js';
import { pdfkitFormRenderer, type FormPdfRenderer } from './form-pdf.js';
import { ApplicationDesk, receiptMaterialNames, type ApplicationExtension } from './o2o-application.js';
import { CaseCache } from './o2o-case-cache.js';
import { guideHtml } from '../../../../contract/guide-html.js';
import { guideReceiptBytes } from '../../../../drivers/receipts/index.js';
import { chromiumPdfRenderer, printGuideA4, type GuideA4Printer, type GuidePdfRenderer } from './o2o-guide-print.js';
import { HostPlatformClient, PlatformUnreachable } from '../../platform-client.js';
import type { CatalogIndex } from './o2o-search.js';
import { loadTerminalKey, type TerminalKey } from './o2o-signing.js';
import { CaseDesk, requireTrackingCode } from './o2o-tracking.js';
import type { PersonalCodeFeature } from '../personal-code/personal-code-feature.js';
import type { PrinterFeature } from '../devices/printer-feature.js';
import type { LiveHelpClerk } from '../../../../contract/live-help.js';
import { type Clock } from '../../../../contract/clock.js';
import { publicGuideUrl, publicTrackingUrl } from '../../../../contract/public-urls.js';
import type { HostFeature } from '../../host-feature.js';
import { DisposableStore } from '../../../../contract/async/disposables.js';

type O2oMethod =
  | 'catalog.search'
  | 'catalog.item'
  | 'guide.print'
  | 'application.start'
  | 'application.material'
  | 'application.submit'
  | 'application.upload'
  | 'application.reprint'
  | 'application.withdraw'
  | 'application.cancel'
  | 'case.track'
  | 'counter.open'
  | 'counter.decide';

export interface O2oDeps {
  terminalId: string;
  role: string;
  hallName: string;
  /** The government service site's address for citizens' phones; without it slips print no QR. */
  publicBaseUrl?: string;
  dataDir: string;
  store: OfflineStore;
  platformUrl: string;
  session: CitizenSession;
  printers: PrinterFeature;
  bus: HostEventBus;
  log: Logger;
  pdfRenderer?: GuidePdfRenderer;
  /** Renders forms filled on screen as PDFs; pdfkit with `formPdfFont` (or Debian's CJK fonts) by default. */
  formPdfRenderer?: FormPdfRenderer;
  /** The configured CJK font file for those PDFs (`formPdfFont`). */
  formPdfFont?: string;
  /** The shell's A4 route when it has one (Electron); otherwise headless Chromium renders a PDF. */
  a4Printer?: GuideA4Printer;
  /** How another feature takes part in applications (a village proxy point's agent and authorisation). */
  extension?: ApplicationExtension;
  /** Remote help: the clerk who helped this citizen, named in the package's manifest. */
  liveHelp?: { clerkForManifest(): LiveHelpClerk | undefined };
  /** Offline verification of personal codes, and the security events a mismatch records. */
  personalCodes: Pick<PersonalCodeFeature, 'verify' | 'recordSecurityEvent'>;
  /** Dates packages, case views and printed guides. */
  clock: Clock;
  /** Minutes after submitting during which the applicant may withdraw (config `withdrawWindowMinutes`). */
  withdrawWindowMinutes: number;
}

const RECENT_UPLOADS = 500;

const refusedPrint = (reason: string, condition?: PrinterCondition) => ({ outcome: 'refused' as const, reason, ...(condition ? { condition } : {}) });

export class O2oFeature implements HostFeature {
  readonly name = 'o2o';
  private index: CatalogIndex | undefined;
  private building: Promise<CatalogIndex> | undefined;
  private key: Promise<TerminalKey> | undefined;
  private readonly platform: HostPlatformClient;
  private readonly applications: ApplicationDesk;
  private readonly cases: CaseDesk;
  private readonly subscriptions = new DisposableStore();
  private formPdfRenderer: FormPdfRenderer | undefined;
  /** This terminal's recent applications by tracking code, with their outbox rows: whether each is uploaded yet. */
  private readonly recentUploads = new Map<string, number>();
  private readonly caseCache: CaseCache;

  constructor(private readonly deps: O2oDeps) {
    this.platform = new HostPlatformClient({ platformUrl: deps.platformUrl, store: deps.store });
    this.applications = new ApplicationDesk({
      clock: deps.clock,
      terminalId: deps.terminalId,
      store: deps.store,
      session: deps.session,
      platform: this.platform,
      key: () => this.terminalKey(),
      item: (code) => this.requireItem(code),
      formPdf: (form, item, filledAt) => this.formPdf(form, item, filledAt),
      identity: {
        role: deps.role,
        verifyCode: (code) => deps.personalCodes.verify(code),
        securityEvent: (event) => deps.personalCodes.recordSecurityEvent(event),
      },
    });
    this.caseCache = new CaseCache(join(deps.dataDir, 'o2o', 'case-cache.json'));
    this.cases = new CaseDesk({
      clock: deps.clock,
      store: deps.store,
      platform: this.platform,
      cache: this.caseCache,
      item: async (code) => (await this.catalog()).item(code),
      withdrawWindowMinutes: deps.withdrawWindowMinutes,
    });
  }

  attach(): void {
    // The key is made and announced at start, so the platform knows it before the first package.
    void this.terminalKey().catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not prepare the signing key'));
    // The search index and pinyin-pro's dictionary (a sixth of the host's memory) are built when the
    // catalog is first used, not at start; once built, the index follows each catalog a sync brings.
    const refresh = () => void this.catalog().catch((error: unknown) => this.deps.log.warn({ err: error }, 'catalog index not built'));
    this.subscriptions.addAll(
      this.deps.bus.subscribe((event, payload) => {
        if (event === 'session.ended') this.applications.wipe();
        if (event === 'sync.state' && (payload as { connectivity?: string }).connectivity === 'online' && this.index) refresh();
      }),
    );
  }

  detach(): void {
    this.subscriptions.dispose();
    this.applications.wipe();
  }

  /** A material of an application in progress; refused once the draft ended (submitted, cancelled, session over). */
  draftMaterial(draftId: string, materialId: string): { id: string; name: string } {
    return this.applications.materialOf(draftId, materialId);
  }

  private terminalKey(): Promise<TerminalKey> {
    this.key ??= loadTerminalKey(this.deps.store, this.deps.role).catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  /** The search index for the catalog as pulled; rebuilt only when the dataset's checkpoint moves. */
  /** The item and captured materials of a draft in progress, for a help request (undefined once it ended). */
  helpContext(draftId: string) {
    return this.applications.helpContext(draftId);
  }

  async catalog(): Promise<CatalogIndex> {
    const store = this.deps.store;
    const version = await store.getCheckpoint(CATALOG_DATASET);
    if (this.index?.version === version) return this.index;
    this.building ??= (async () => {
      const [{ CatalogIndex }, rows] = await Promise.all([import('./o2o-search.js'), store.getDataset(CATALOG_DATASET)]);
      const items: CatalogItem[] = [];
      for (const row of rows) {
        const parsed = CatalogItem.safeParse(row.value);
        if (parsed.success) items.push(parsed.data);
        else this.deps.log.warn({ key: row.key }, 'catalog item does not match the contract; left out');
      }
      // The previous version's pinyin: only texts the new version adds are converted.
      return CatalogIndex.build(items, version, undefined, this.index?.pinyin);
    })().finally(() => (this.building = undefined));
    this.index = await this.building;
    return this.index;
  }

  /** The PDF of a form filled on screen; without a font that draws it, a clear refusal (the log says which files were tried). */
  private async formPdf(form: OnScreenFormData, item: CatalogItem, filledAt: string): Promise<Uint8Array> {
    const renderer = (this.formPdfRenderer ??= this.deps.formPdfRenderer ?? pdfkitFormRenderer(this.deps.formPdfFont));
    try {
      return await renderer.render(form, { hallName: this.deps.hallName, itemName: item.name, terminalId: this.deps.terminalId, filledAt });
    } catch (error) {
      // The error names font files and field labels only, never what was typed.
      this.deps.log.error({ err: error, item: item.code, material: form.material }, 'the on-screen form could not be rendered as a PDF');
      throw new HostFault('unavailable', 'this terminal cannot make the PDF of the form; ask staff for a paper form', 'application.formPdfUnavailable');
    }
  }

  private async requireItem(code: string): Promise<CatalogItem> {
    const item = (await this.catalog()).item(code);
    if (!item) throw new HostFault('not-found', `no item ${code} in the catalog on this terminal`, 'catalog.itemMissing');
    return item;
  }

  private trackingUrl(trackingCode: string): { trackingUrl?: string } {
    return this.deps.publicBaseUrl ? { trackingUrl: publicTrackingUrl(this.deps.publicBaseUrl, trackingCode) } : {};
  }

  private rememberUpload(trackingCode: string, mutationId: number): void {
    this.recentUploads.set(trackingCode, mutationId);
    // A day's applications at most; the oldest are forgotten first.
    while (this.recentUploads.size > RECENT_UPLOADS) this.recentUploads.delete(this.recentUploads.keys().next().value!);
  }

  /** Whether the platform has the package yet: the screen says 已提交 only once it has. */
  private async uploadState(trackingCode: string): Promise<'pending' | 'uploaded' | 'refused' | 'unknown'> {
    const mutationId = this.recentUploads.get(trackingCode);
    if (mutationId === undefined) return 'unknown';
    const record = await this.deps.store.getRecord(mutationId);
    if (!record) return 'unknown';
    return record.state === 'acked' ? 'uploaded' : record.state === 'parked' ? 'refused' : 'pending';
  }

  /** The receipt again, for any case, rebuilt from the case once the card on the reader proves it is the applicant's. */
  private async reprint(input: string, deviceId: string | undefined) {
    const trackingCode = requireTrackingCode(input);
    const idNumber = this.deps.session.card()?.reading.card.idNumber;
    if (!idNumber) throw new HostFault('conflict', 'place your ID card on the reader first', 'card.placeFirst');
    const copy = await this.receiptCopy(trackingCode, idNumber);
    const item = (await this.catalog()).item(copy.serviceCode);
    const receipt: ApplicationReceipt = {
      hallName: this.deps.hallName,
      itemName: item?.name ?? copy.itemName,
      trackingCode: copy.trackingCode,
      submittedAt: copy.submittedAt,
      materials: receiptMaterialNames(item?.materials ?? [], copy.materials),
      ...this.trackingUrl(copy.trackingCode),
      note: '补打回执',
    };
    return this.print(deviceId, (p) => p.printReceipt(receipt));
  }

  /**
   * What the receipt said: from this terminal's own outbox while it still holds the applicant's data
   * (offline too, and after a restart: the case cache names the case), otherwise from the platform,
   * which answers only for the applicant's ID number.
   */
  private async receiptCopy(trackingCode: string, idNumber: string): Promise<ReceiptCopy> {
    const notApplicant = () => new HostFault('unauthorized', 'the card on the reader is not the applicant of this case', 'application.reprintNotApplicant');
    const store = this.deps.store;
    for (const known of this.caseCache.get(trackingCode)?.cases ?? []) {
      const record = await store.getRecordByKey(known.caseId);
      const payload = record?.kind === 'application' ? ApplicationPayload.safeParse(record.payload) : undefined;
      const applicant = record?.personal?.idNumber;
      if (!payload?.success || typeof applicant !== 'string') continue;
      if (applicant.toUpperCase() !== idNumber.toUpperCase()) throw notApplicant();
      return receiptCopyOf(known.caseId, known.itemName, payload.data.manifest);
    }
    let reply;
    try {
      reply = await this.platform.request('caseReceipt', { params: { code: trackingCode }, body: { idNumber } });
    } catch (error) {
      if (error instanceof PlatformUnreachable)
        throw new HostFault('unavailable', 'the platform cannot be reached and this terminal has no record of this application', 'application.reprintOffline');
      throw error;
    }
    if (reply.status === 403 && (reply.body as { error?: string } | undefined)?.error === 'not-applicant') throw notApplicant();
    if (reply.status === 404) throw new HostFault('not-found', 'no case with this code; check the code on the receipt', 'case.notFound');
    if (reply.status !== 200) throw new HostFault('unavailable', `the platform answered ${reply.status}`, 'platform.refused');
    // Newest first: two cases under one code (never by design) print the latest.
    const [newest] = z.object({ receipts: z.array(ReceiptCopy).min(1) }).parse(reply.body).receipts;
    return newest!;
  }

  /**
   * 撤回: the card on the reader proves the applicant (this terminal's outbox, else the platform), the
   * case must still be submitted and inside the window; the withdrawal then waits in the outbox like
   * any mutation. The platform refuses it if a clerk accepted the case first.
   */
  private async withdraw(input: string, caseId: string): Promise<{ state: 'pending' | 'withdrawn'; at: string }> {
    const trackingCode = requireTrackingCode(input);
    const idNumber = this.deps.session.card()?.reading.card.idNumber;
    if (!idNumber) throw new HostFault('conflict', 'place your ID card on the reader first', 'card.placeFirst');
    await this.receiptCopy(trackingCode, idNumber);
    const tracked = await this.cases.track(trackingCode);
    const timeline = tracked.cases.find((c) => c.caseId === caseId);
    if (!timeline) throw new HostFault('not-found', 'no case with this code; check the code on the receipt', 'case.notFound');
    const pending = tracked.pending.find((p) => p.caseId === caseId && p.to === 'withdrawn');
    if (pending) return { state: 'pending', at: pending.at };
    const state = caseStateNow(tracked, caseId);
    if (state === 'withdrawn') return { state: 'withdrawn', at: timeline.events.findLast((e) => e.state === 'withdrawn')?.at ?? tracked.asOf };
    if (state !== 'submitted')
      throw new HostFault('conflict', `the case is already ${state}; it can no longer be withdrawn`, 'case.withdrawTooLate', { state: state ?? 'submitted' });
    if (!tracked.withdrawable.some((w) => w.caseId === caseId)) {
      throw new HostFault(
        'conflict',
        `withdrawal is possible only within ${this.deps.withdrawWindowMinutes} minutes of submitting`,
        'case.withdrawWindowOver',
        { minutes: this.deps.withdrawWindowMinutes },
      );
    }
    const { at } = await this.cases.withdraw({ trackingCode, caseId }, idNumber);
    this.deps.log.info({ event: 'case-withdrawal', caseId }, 'the applicant withdrew a case');
    return { state: 'pending', at };
  }

  private async print(deviceId: string | undefined, run: (printer: ReturnType<PrinterFeature['printer']>) => Promise<PrintJobResult>) {
    try {
      const result = await run(this.deps.printers.printer(deviceId));
      return { outcome: result.outcome, condition: result.condition, ...(result.reason ? { reason: result.reason } : {}) };
    } catch (error) {
      if (error instanceof HostFault) return refusedPrint(error.message, 'disconnected');
      throw error;
    }
  }

  readonly handlers: Pick<HostHandlers, O2oMethod> = {
    'catalog.search': async ({ query, lifeEvent, limit }) => {
      const index = await this.catalog();
      const { hits, total } = index.search(query, { ...(lifeEvent ? { lifeEvent } : {}), ...(limit ? { limit } : {}) });
      return { version: index.version, size: index.size, total, hits };
    },
    'catalog.item': async ({ code }) => this.requireItem(code),
    'guide.print': async ({ code, format, deviceId }) => {
      const item = await this.requireItem(code);
      // A phone opens only the public site's page: no public address, no QR (the slip says where to look).
      const guideUrl = this.deps.publicBaseUrl ? publicGuideUrl(this.deps.publicBaseUrl, item.code) : undefined;
      const online = guideUrl ? { guideUrl } : {};
      if (format === 'receipt') {
        return {
          format,
          ...online,
          ...(await this.print(deviceId, (p) => p.print({ bytes: guideReceiptBytes(item, guideUrl, this.deps.hallName, p.profile) }))),
        };
      }
      try {
        if (this.deps.a4Printer) {
          const printedAt = this.deps.clock.iso();
          const outcome = await this.deps.a4Printer.print(
            guideHtml(item, { hallName: this.deps.hallName, printedAt: hallDateTime(printedAt) }),
            `guide-${item.code}-${printedAt.replace(/[:.]/g, '-')}`,
          );
          return {
            format,
            ...online,
            outcome: 'printed' as const,
            destination: outcome.destination,
            ...(outcome.destination === 'pdf-file' ? { file: outcome.file } : {}),
          };
        }
        const { file, destination } = await printGuideA4(item, {
          dir: join(this.deps.dataDir, 'prints'),
          hallName: this.deps.hallName,
          renderer: this.deps.pdfRenderer ?? chromiumPdfRenderer,
          clock: this.deps.clock,
        });
        return { format, file, destination, ...online, outcome: 'printed' as const };
      } catch (error) {
        this.deps.log.warn({ err: error, code }, 'A4 guide could not be rendered');
        return { format, ...online, ...refusedPrint('the A4 guide could not be rendered; print the receipt-width guide instead') };
      }
    },
    'application.start': async ({ serviceCode, personalCode }) => {
      await this.deps.extension?.beforeStart();
      const started = await this.applications.start(serviceCode, personalCode);
      this.deps.extension?.draftStarted(started);
      return started;
    },
    'application.material': async (input) => this.applications.material(input),
    'application.submit': async (input) => {
      const part = await this.deps.extension?.packagePart(input.draftId);
      const assistedBy = this.deps.liveHelp?.clerkForManifest();
      const submitted = await this.applications.submit(input, assistedBy ? { files: [], ...part, assistedBy } : part);
      this.deps.extension?.submitted(input.draftId, submitted);
      this.cases.rememberSubmitted({
        caseId: submitted.caseId,
        trackingCode: submitted.trackingCode,
        serviceCode: submitted.item.code,
        itemName: submitted.item.name,
        state: 'submitted',
        events: [{ state: 'submitted', at: submitted.submittedAt, by: this.deps.terminalId }],
      });
      const withdrawUntil = this.cases.withdrawableUntil(submitted.submittedAt);
      const paper: ApplicationReceipt = {
        hallName: this.deps.hallName,
        itemName: submitted.item.name,
        trackingCode: submitted.trackingCode,
        submittedAt: submitted.submittedAt,
        materials: submitted.materialNames,
        ...this.trackingUrl(submitted.trackingCode),
        ...(withdrawUntil ? { withdrawUntil } : {}),
      };
      this.rememberUpload(submitted.trackingCode, submitted.mutationId);
      const receipt = await this.print(input.deviceId, (p) => p.printReceipt(paper));
      return {
        trackingCode: submitted.trackingCode,
        submittedAt: submitted.submittedAt,
        caseId: submitted.caseId,
        receipt,
        upload: await this.uploadState(submitted.trackingCode),
        ...(withdrawUntil ? { withdrawableUntil: withdrawUntil } : {}),
      };
    },
    'application.upload': async ({ trackingCode }) => ({ upload: await this.uploadState(trackingCode) }),
    'application.reprint': async ({ trackingCode, deviceId }) => ({ receipt: await this.reprint(trackingCode, deviceId) }),
    'application.withdraw': async ({ trackingCode, caseId }) => this.withdraw(trackingCode, caseId),
    'application.cancel': async ({ draftId }) => ({ cancelled: this.applications.cancel(draftId) }),
    'case.track': async ({ trackingCode }) => this.cases.track(trackingCode),
    'counter.open': async ({ trackingCode }) => {
      if (this.deps.role !== 'counter') throw new HostFault('unauthorized', 'packages are opened at a counter terminal', 'case.counterOnly');
      return { packages: await this.cases.openPackages(trackingCode) };
    },
    'counter.decide': async ({ trackingCode, caseId, to, reason, deviceId }) => {
      if (this.deps.role !== 'counter') throw new HostFault('unauthorized', 'decisions are made at a counter terminal', 'case.counterOnly');
      if (STATES_NEEDING_REASON.includes(to) && !reason?.trim()) throw new HostFault('bad-input', 'give the citizen a reason', 'case.reasonRequired');
      const tracked = await this.cases.track(trackingCode).catch(() => undefined);
      const known = tracked?.cases.find((c) => c.caseId === caseId);
      refuseDecision(caseStateNow(tracked, caseId), to);
      const { at } = await this.cases.decide({ trackingCode, caseId, to, ...(reason?.trim() ? { reason: reason.trim() } : {}) });
      const note = {
        accepted: '受理结果：已受理',
        'supplement-requested': `受理结果：请补正材料。${reason ?? ''}`,
        rejected: `受理结果：不予受理。${reason ?? ''}`,
      }[to];
      const submittedAt = known?.events.find((e) => e.state === 'submitted')?.at;
      const receipt = await this.print(deviceId, (p) =>
        p.printReceipt({
          hallName: this.deps.hallName,
          itemName: known?.itemName ?? '办件',
          trackingCode,
          ...(submittedAt ? { submittedAt } : {}),
          decidedAt: at,
          materials: [],
          note,
        }),
      );
      return { recorded: true as const, receipt };
    },
  };
}

/** The case's state as this counter knows it: its own decision still in the outbox, else the platform's (or the cache's) word. */
export function caseStateNow(tracked: Pick<TrackResult, 'cases' | 'pending'> | undefined, caseId: string): CaseState | undefined {
  return tracked?.pending.filter((d) => d.caseId === caseId).at(-1)?.to ?? tracked?.cases.find((c) => c.caseId === caseId)?.state;
}

/** A second 受理 is answered as already done; a decision the state does not allow is refused. */
export function refuseDecision(state: CaseState | undefined, to: CaseState): void {
  if (state === to) throw new HostFault('conflict', `the case is already ${to}`, 'case.alreadyDecided', { state: to });
  if (state && !canTransition(state, to))
    throw new HostFault('conflict', `the case is ${state}; it cannot become ${to}`, 'case.transitionRefused', { from: state, to });
}
