// The O2O flow's host side: catalog search and guide printing, the application package, tracking
// and the counter's acceptance. Composed into the Host like every feature.
import { hallDateTime } from '../../../contract/local-time.js';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { CATALOG_DATASET, CatalogItem } from '../../../contract/catalog.js';
import { canTransition, STATES_NEEDING_REASON, type CaseState } from '../../../contract/case.js';
import type { TrackResult } from '../../../contract/api/o2o.js';
import type { HostHandlers } from '../../../contract/host-api.js';
import type { ApplicationReceipt, PrinterCondition, PrintJobResult } from '../../../contract/printing.js';
import type { OfflineStore } from '../../../offline-store/index.js';
import { HostFault } from '../dispatch.js';
import type { HostEventBus } from '../event-bus.js';
import type { Logger } from '../logging.js';
import type { CitizenSession } from './citizen-session.js';
import { ApplicationDesk } from './o2o-application.js';
import { CaseCache } from './o2o-case-cache.js';
import { guideHtml } from '../../../platform/catalog/guide-html.js';
import { chromiumPdfRenderer, guideReceiptBytes, printGuideA4, type GuideA4Printer, type GuidePdfRenderer } from './o2o-guide-print.js';
import { O2oPlatformClient } from './o2o-platform-client.js';
import type { CatalogIndex } from './o2o-search.js';
import { loadTerminalKey, type TerminalKey } from './o2o-signing.js';
import { CaseDesk } from './o2o-tracking.js';
import type { PersonalCodeFeature } from './personal-code-feature.js';
import type { PrinterFeature } from './printer-feature.js';
import type { ProxyPackageHooks } from './proxy/proxy-feature.js';
import { type Clock } from '../../../contract/clock.js';
import { publicGuideUrl, publicTrackingUrl } from '../../../contract/public-urls.js';

type O2oMethod = 'catalog.search' | 'catalog.item' | 'guide.print' | 'application.start' | 'application.material' | 'application.submit' | 'application.upload' | 'application.reprint' | 'application.cancel' | 'case.track' | 'counter.open' | 'counter.decide';

export interface O2oDeps {
  terminalId: string;
  role: string;
  hallName: string;
  /** The government service site's address for citizens' phones; without it slips print no QR. */
  publicBaseUrl?: string;
  dataDir: string;
  store: () => OfflineStore;
  platformUrl: () => string;
  session: CitizenSession;
  printers: PrinterFeature;
  bus: HostEventBus;
  log: Logger;
  pdfRenderer?: GuidePdfRenderer;
  /** The shell's A4 route when it has one (Electron); otherwise headless Chromium renders a PDF. */
  a4Printer?: GuideA4Printer;
  /** On a village proxy point: the signed authorisation joins the package, and the agent's ledger learns of it. */
  proxy?: Pick<ProxyPackageHooks, 'packagePart' | 'submitted'>;
  /** Offline verification of personal codes, and the security events a mismatch records. */
  personalCodes: Pick<PersonalCodeFeature, 'verify' | 'recordSecurityEvent'>;
  /** Dates packages, case views and printed guides. */
  clock: Clock;
}

const RECENT_RECEIPTS = 500;
const applicantHash = (idNumber: string) => createHash('sha256').update(`hall-receipt-applicant:${idNumber}`).digest('hex');

const refusedPrint = (reason: string, condition?: PrinterCondition) => ({ outcome: 'refused' as const, reason, ...(condition ? { condition } : {}) });

export class O2oFeature {
  private index: CatalogIndex | undefined;
  private building: Promise<CatalogIndex> | undefined;
  private key: Promise<TerminalKey> | undefined;
  private readonly platform: O2oPlatformClient;
  private readonly applications: ApplicationDesk;
  private readonly cases: CaseDesk;
  private readonly unsubscribers: Array<() => void> = [];
  /**
   * Receipts of this terminal's recent applications, for a reprint and for whether each is uploaded:
   * the receipt's own fields, the outbox row and a hash of the applicant's ID number (never the number).
   */
  private readonly recentReceipts = new Map<string, { mutationId: number; receipt: ApplicationReceipt; applicant: string }>();

  constructor(private readonly deps: O2oDeps) {
    this.platform = new O2oPlatformClient({ platformUrl: deps.platformUrl, store: deps.store });
    this.applications = new ApplicationDesk({
      clock: deps.clock,
      terminalId: deps.terminalId,
      store: deps.store,
      session: deps.session,
      platform: this.platform,
      key: () => this.terminalKey(),
      item: (code) => this.requireItem(code),
      identity: {
        role: deps.role,
        verifyCode: (code) => deps.personalCodes.verify(code),
        securityEvent: (event) => deps.personalCodes.recordSecurityEvent(event),
      },
    });
    this.cases = new CaseDesk({ clock: deps.clock, store: deps.store, platform: this.platform, cache: new CaseCache(join(deps.dataDir, 'o2o', 'case-cache.json')), item: async (code) => (await this.catalog()).item(code) });
  }

  attach(): void {
    // The key is made and announced at start, so the platform knows it before the first package.
    void this.terminalKey().catch((error: unknown) => this.deps.log.warn({ err: error }, 'could not prepare the signing key'));
    // The search index and pinyin-pro's dictionary (a sixth of the host's memory) are built when the
    // catalog is first used, not at start; once built, the index follows each catalog a sync brings.
    const refresh = () => void this.catalog().catch((error: unknown) => this.deps.log.warn({ err: error }, 'catalog index not built'));
    this.unsubscribers.push(
      this.deps.bus.subscribe((event, payload) => {
        if (event === 'session.ended') this.applications.wipe();
        if (event === 'sync.state' && (payload as { connectivity?: string }).connectivity === 'online' && this.index) refresh();
      }),
    );
  }

  detach(): void {
    this.unsubscribers.splice(0).forEach((off) => off());
    this.applications.wipe();
  }

  private terminalKey(): Promise<TerminalKey> {
    this.key ??= loadTerminalKey(this.deps.store(), this.deps.role).catch((error: unknown) => {
      this.key = undefined;
      throw error;
    });
    return this.key;
  }

  /** The search index for the catalog as pulled; rebuilt only when the dataset's checkpoint moves. */
  async catalog(): Promise<CatalogIndex> {
    const store = this.deps.store();
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

  private async requireItem(code: string): Promise<CatalogItem> {
    const item = (await this.catalog()).item(code);
    if (!item) throw new HostFault('not-found', `no item ${code} in the catalog on this terminal`, 'catalog.itemMissing');
    return item;
  }

  private trackingUrl(trackingCode: string): { trackingUrl?: string } {
    return this.deps.publicBaseUrl ? { trackingUrl: publicTrackingUrl(this.deps.publicBaseUrl, trackingCode) } : {};
  }

  private rememberUpload(trackingCode: string, mutationId: number, receipt: ApplicationReceipt): void {
    const idNumber = this.deps.session.card()?.reading.card.idNumber;
    if (!idNumber) return;
    this.recentReceipts.set(trackingCode, { mutationId, receipt, applicant: applicantHash(idNumber) });
    // A day's applications at most; the oldest are forgotten first.
    while (this.recentReceipts.size > RECENT_RECEIPTS) this.recentReceipts.delete(this.recentReceipts.keys().next().value!);
  }

  /** Whether the platform has the package yet: the screen says 已提交 only once it has. */
  private async uploadState(trackingCode: string): Promise<'pending' | 'uploaded' | 'refused' | 'unknown'> {
    const recent = this.recentReceipts.get(trackingCode);
    if (!recent) return 'unknown';
    const record = await this.deps.store().getRecord(recent.mutationId);
    if (!record) return 'unknown';
    return record.state === 'acked' ? 'uploaded' : record.state === 'parked' ? 'refused' : 'pending';
  }

  /** The receipt again: only for an application made here, with the applicant's card on the reader. */
  private async reprint(trackingCode: string, deviceId: string | undefined) {
    const recent = this.recentReceipts.get(trackingCode);
    if (!recent) throw new HostFault('not-found', 'this receipt was not issued on this terminal recently; a counter reprints it', 'application.reprintElsewhere');
    const idNumber = this.deps.session.card()?.reading.card.idNumber;
    if (!idNumber) throw new HostFault('conflict', 'place your ID card on the reader first', 'card.placeFirst');
    if (applicantHash(idNumber) !== recent.applicant) throw new HostFault('unauthorized', 'the card on the reader is not the applicant of this case', 'application.reprintNotApplicant');
    return this.print(deviceId, (p) => p.printReceipt({ ...recent.receipt, note: '补打回执' }));
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
        return { format, ...online, ...(await this.print(deviceId, (p) => p.print({ bytes: guideReceiptBytes(item, guideUrl, this.deps.hallName, p.profile) }))) };
      }
      try {
        if (this.deps.a4Printer) {
          const printedAt = this.deps.clock.iso();
          const outcome = await this.deps.a4Printer.print(guideHtml(item, { hallName: this.deps.hallName, printedAt: hallDateTime(printedAt) }), `guide-${item.code}-${printedAt.replace(/[:.]/g, '-')}`);
          return { format, ...online, outcome: 'printed' as const, destination: outcome.destination, ...(outcome.destination === 'pdf-file' ? { file: outcome.file } : {}) };
        }
        const { file, destination } = await printGuideA4(item, { dir: join(this.deps.dataDir, 'prints'), hallName: this.deps.hallName, renderer: this.deps.pdfRenderer ?? chromiumPdfRenderer, clock: this.deps.clock });
        return { format, file, destination, ...online, outcome: 'printed' as const };
      } catch (error) {
        this.deps.log.warn({ err: error, code }, 'A4 guide could not be rendered');
        return { format, ...online, ...refusedPrint('the A4 guide could not be rendered; print the receipt-width guide instead') };
      }
    },
    'application.start': async ({ serviceCode, personalCode }) => this.applications.start(serviceCode, personalCode),
    'application.material': async (input) => this.applications.material(input),
    'application.submit': async (input) => {
      const submitted = await this.applications.submit(input, await this.deps.proxy?.packagePart(input.draftId));
      this.deps.proxy?.submitted(input.draftId, submitted);
      this.cases.rememberSubmitted({
        caseId: submitted.caseId,
        trackingCode: submitted.trackingCode,
        serviceCode: submitted.item.code,
        itemName: submitted.item.name,
        state: 'submitted',
        events: [{ state: 'submitted', at: submitted.submittedAt, by: this.deps.terminalId }],
      });
      const paper: ApplicationReceipt = { hallName: this.deps.hallName, itemName: submitted.item.name, trackingCode: submitted.trackingCode, submittedAt: submitted.submittedAt, materials: submitted.materialNames, ...this.trackingUrl(submitted.trackingCode) };
      this.rememberUpload(submitted.trackingCode, submitted.mutationId, paper);
      const receipt = await this.print(input.deviceId, (p) => p.printReceipt(paper));
      return { trackingCode: submitted.trackingCode, submittedAt: submitted.submittedAt, receipt, upload: await this.uploadState(submitted.trackingCode) };
    },
    'application.upload': async ({ trackingCode }) => ({ upload: await this.uploadState(trackingCode) }),
    'application.reprint': async ({ trackingCode, deviceId }) => ({ receipt: await this.reprint(trackingCode, deviceId) }),
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
      const note = { accepted: '受理结果：已受理', 'supplement-requested': `受理结果：请补正材料。${reason ?? ''}`, rejected: `受理结果：不予受理。${reason ?? ''}` }[to];
      const submittedAt = known?.events.find((e) => e.state === 'submitted')?.at;
      const receipt = await this.print(deviceId, (p) =>
        p.printReceipt({ hallName: this.deps.hallName, itemName: known?.itemName ?? '办件', trackingCode, ...(submittedAt ? { submittedAt } : {}), decidedAt: at, materials: [], note }),
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
  if (state && !canTransition(state, to)) throw new HostFault('conflict', `the case is ${state}; it cannot become ${to}`, 'case.transitionRefused', { from: state, to });
}
