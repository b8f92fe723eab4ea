// Host API of the O2O flow: 查询一单 (catalog, guide), 申办一袋 (application), 全程一码 (tracking), 一窗受理 (counter).
import { z } from 'zod';
import { LiveHelpClerk } from '../live-help.js';
import { CaseState, CaseTimeline } from '../case.js';
import { CatalogHit, CatalogItem, LifeEvent } from '../catalog.js';
import { PrintJobResult, PrinterCondition } from '../printing.js';
import { Sha256 } from '../sync-protocol.js';

const DeviceChoice = { deviceId: z.string().min(1).optional() };
const TrackingInput = z.string().min(1).max(300);
/** A camera frame or signature, base64 (≤ ~700 KB decoded: the HTTP adapter takes 1 MB bodies). */
const ImageBase64 = z
  .string()
  .min(100)
  .max(960_000)
  .regex(/^[A-Za-z0-9+/]+=*$/, 'base64');

/** How a print went: the outcome, and the printer's condition that the screen names (its own words). */
const PrintOutcome = PrintJobResult.pick({ outcome: true, reason: true }).extend({ condition: PrinterCondition.optional() });

/** An application's way to the platform: saved here and waiting, taken, or refused by the platform. */
export const UploadState = z.enum(['pending', 'uploaded', 'refused', 'unknown']);
export type UploadState = z.infer<typeof UploadState>;

export const ApplicationStart = z.object({
  draftId: z.string(),
  item: CatalogItem,
  holder: z.object({ maskedName: z.string(), maskedIdNumber: z.string(), gender: z.string() }),
  /** Masked: the citizen recognises it, the screen never shows it whole. */
  cardAddress: z.string().nullable(),
  knownPhone: z.string().nullable(),
  /** Whether the platform was asked about the citizen (false when offline). */
  platformConsulted: z.boolean(),
  /** How the citizen was identified (the code and card, or the card alone). */
  identifiedBy: z.enum(['id-card', 'personal-code-and-id-card']),
});
export type ApplicationStart = z.infer<typeof ApplicationStart>;

export const TrackResult = z.object({
  source: z.enum(['platform', 'cache']),
  /** When the platform said this; with `cache`, the age the screen shows. */
  asOf: z.string(),
  cases: z.array(CaseTimeline),
  /** Decisions recorded on this terminal and not yet on the platform. */
  pending: z.array(z.object({ caseId: z.string(), to: CaseState, at: z.string() })),
  /** Cases here the applicant may still withdraw (submitted, not yet accepted, within the window), and until when. */
  withdrawable: z.array(z.object({ caseId: z.string(), until: z.string() })).default([]),
});
export type TrackResult = z.infer<typeof TrackResult>;

export const CounterMaterial = z.object({
  id: z.string(),
  name: z.string(),
  source: z.enum(['capture', 'electronic-license', 'missing', 'form']),
  dataUrl: z.string().optional(),
  /** A form filled on the kiosk's screen: each field's label and value. */
  fields: z.array(z.object({ label: z.string(), value: z.string() })).optional(),
  hashMatches: z.boolean().optional(),
});
export const CounterPackage = z.object({
  timeline: CaseTimeline,
  submittingTerminal: z.string(),
  form: z.object({ maskedName: z.string(), maskedIdNumber: z.string(), maskedPhone: z.string(), address: z.string().optional(), note: z.string().optional() }),
  materials: z.array(CounterMaterial),
  signatureDataUrl: z.string().nullable(),
  /** A village proxy point's application: the agent and the signed 代办授权书 (its bytes are checked in filesMatch). */
  proxy: z
    .object({
      agentId: z.string(),
      agentMaskedName: z.string(),
      pointId: z.string(),
      pointName: z.string(),
      text: z.string(),
      date: z.string(),
      readable: z.boolean(),
    })
    .optional(),
  /** The hall clerk who helped over remote help (远程帮办), as the signed manifest names them. */
  assistedBy: LiveHelpClerk.optional(),
  verification: z.object({ keyKnown: z.boolean(), signatureValid: z.boolean(), filesMatch: z.boolean() }),
});
export type CounterPackage = z.infer<typeof CounterPackage>;

export const o2oMethods = {
  'catalog.search': {
    input: z.object({ query: z.string().max(100), lifeEvent: LifeEvent.optional(), limit: z.number().int().min(1).max(50).optional() }).strict(),
    output: z.object({ version: z.number().int(), size: z.number().int(), total: z.number().int(), hits: z.array(CatalogHit) }),
  },
  'catalog.item': { input: z.object({ code: z.string().min(1).max(40) }).strict(), output: CatalogItem },
  'guide.print': {
    input: z.object({ code: z.string().min(1).max(40), format: z.enum(['a4', 'receipt']), ...DeviceChoice }).strict(),
    output: PrintOutcome.extend({
      format: z.enum(['a4', 'receipt']),
      /** A4 only: the PDF, and whether a system printer took it or the PDF is the output. */
      file: z.string().optional(),
      destination: z.enum(['system-printer', 'pdf-file']).optional(),
      guideUrl: z.string().optional(),
    }),
  },
  'application.start': {
    input: z
      .object({
        serviceCode: z.string().min(1).max(40),
        /** The scanned personal code: required with the card for items whose identityCheck asks for it. */
        personalCode: z.string().min(1).max(2000).optional(),
      })
      .strict(),
    output: ApplicationStart,
  },
  'application.material': {
    input: z.discriminatedUnion('source', [
      z.object({ draftId: z.string(), materialId: z.string(), source: z.literal('electronic-license') }).strict(),
      z
        .object({
          draftId: z.string(),
          materialId: z.string(),
          source: z.literal('capture'),
          mediaType: z.enum(['image/jpeg', 'image/png']),
          imageBase64: ImageBase64,
        })
        .strict(),
      z.object({ draftId: z.string(), materialId: z.string(), source: z.literal('remove') }).strict(),
      /** A form filled on the screen (现场填写): the value of each of its fields, checked against the catalog's. */
      z.object({ draftId: z.string(), materialId: z.string(), source: z.literal('form'), values: z.record(z.string().max(40), z.string().max(200)) }).strict(),
    ]),
    output: z.object({ materialId: z.string(), sha256: Sha256.optional() }),
  },
  'application.submit': {
    input: z
      .object({
        draftId: z.string(),
        phone: z.string().max(20).optional(),
        useKnownPhone: z.boolean().default(false),
        address: z.string().max(200).optional(),
        signaturePngBase64: ImageBase64,
        ...DeviceChoice,
      })
      .strict(),
    output: z.object({
      trackingCode: z.string(),
      submittedAt: z.string(),
      receipt: PrintOutcome,
      upload: UploadState,
      caseId: z.string(),
      withdrawableUntil: z.string().optional(),
    }),
  },
  /** Whether the platform has this terminal's application yet (`unknown`: not one of its recent ones). */
  'application.upload': { input: z.object({ trackingCode: z.string().min(1).max(40) }).strict(), output: z.object({ upload: UploadState }) },
  /** The receipt of a recent application here, again; the applicant's card must be on the reader. */
  'application.reprint': {
    input: z.object({ trackingCode: z.string().min(1).max(40), ...DeviceChoice }).strict(),
    output: z.object({ receipt: PrintOutcome }),
  },
  /**
   * The applicant takes a submitted case back (撤回) while no clerk has accepted it and the window is
   * open; the card on the reader must be the applicant's. Through the outbox: it works offline.
   * `pending`: recorded here and on its way; `withdrawn`: the platform already shows it withdrawn.
   */
  'application.withdraw': {
    input: z.object({ trackingCode: z.string().min(1).max(40), caseId: z.string().min(1).max(120) }).strict(),
    output: z.object({ state: z.enum(['pending', 'withdrawn']), at: z.string() }),
  },
  'application.cancel': { input: z.object({ draftId: z.string() }).strict(), output: z.object({ cancelled: z.boolean() }) },
  'case.track': { input: z.object({ trackingCode: TrackingInput }).strict(), output: TrackResult },
  'counter.open': { input: z.object({ trackingCode: TrackingInput }).strict(), output: z.object({ packages: z.array(CounterPackage) }) },
  'counter.decide': {
    input: z
      .object({
        trackingCode: z.string(),
        caseId: z.string(),
        to: z.enum(['accepted', 'supplement-requested', 'rejected']),
        reason: z.string().max(500).optional(),
        ...DeviceChoice,
      })
      .strict(),
    output: z.object({ recorded: z.literal(true), receipt: PrintOutcome }),
  },
} as const;
