import { z } from 'zod';

/**
 * The printer conditions every caller handles. Only `ready` and `paper-near-end` accept jobs;
 * near-end is a warning that still prints.
 */
export const PRINTER_CONDITIONS = ['ready', 'paper-near-end', 'paper-out', 'cover-open', 'offline', 'cutter-error', 'unrecoverable', 'disconnected'] as const;
export const PrinterCondition = z.enum(PRINTER_CONDITIONS);
export type PrinterCondition = z.infer<typeof PrinterCondition>;

export const PrinterStatus = z.object({
  condition: PrinterCondition,
  /** True when the printer cannot print now (every condition but ready and paper-near-end). */
  blocking: z.boolean(),
  /** Human-readable, e.g. "paper out: load a new roll". */
  reason: z.string().optional(),
  warnings: z.array(z.string()),
  /** The raw DLE EOT 1–4 reply bytes when known, for technicians. */
  raw: z.object({ printer: z.number(), offline: z.number(), error: z.number(), paper: z.number() }).partial().optional(),
  checkedAt: z.string(),
});
export type PrinterStatus = z.infer<typeof PrinterStatus>;

export function isBlocking(condition: PrinterCondition): boolean {
  return condition !== 'ready' && condition !== 'paper-near-end';
}

export const PRINT_JOB_OUTCOMES = ['printed', 'refused', 'cancelled'] as const;
export const PrintJobOutcome = z.enum(PRINT_JOB_OUTCOMES);
export type PrintJobOutcome = z.infer<typeof PrintJobOutcome>;

/** Lifecycle updates for one job, so the UI can follow a job through a printer fault. */
export const PRINT_JOB_STATES = ['queued', 'printing', 'held', 'printed', 'refused', 'cancelled'] as const;
export const PrintJobState = z.enum(PRINT_JOB_STATES);
export type PrintJobState = z.infer<typeof PrintJobState>;

export const PrintJobUpdate = z.object({
  jobId: z.string(),
  state: PrintJobState,
  reason: z.string().optional(),
  condition: PrinterCondition.optional(),
});
export type PrintJobUpdate = z.infer<typeof PrintJobUpdate>;

export const PrintJobResult = z.object({
  jobId: z.string(),
  outcome: PrintJobOutcome,
  /** Why the job was refused or cancelled. */
  reason: z.string().optional(),
  /** The printer condition that caused a refusal, or the condition after printing. */
  condition: PrinterCondition,
  /** Non-blocking notes, e.g. paper near end. */
  warnings: z.array(z.string()),
  /** True when every byte of the job reached the printer (a cancelled job may still come out). */
  sent: z.boolean(),
  /** How many times the job's bytes were sent (more than one only after an interrupted transfer). */
  attempts: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
});
export type PrintJobResult = z.infer<typeof PrintJobResult>;

/** Data for a queue ticket (取号小票). */
export const QueueTicket = z.object({
  hallName: z.string().min(1),
  ticketNumber: z.string().min(1),
  serviceName: z.string().min(1),
  /** The priority class in the paper's words (e.g. 60 岁以上老人), for the window to see at a glance. */
  priorityLabel: z.string().min(1).optional(),
  /** People ahead of this ticket; absent when not known (issued while the queue service was unreachable). */
  waitingAhead: z.number().int().nonnegative().optional(),
  estimatedWaitMinutes: z.number().int().nonnegative().optional(),
  windowArea: z.string().optional(),
  issuedAt: z.string(),
  /** Link or token the citizen scans to follow the queue on a phone. */
  followQr: z.string().optional(),
});
export type QueueTicket = z.infer<typeof QueueTicket>;

/** Data for an application receipt (受理回执). */
export const ApplicationReceipt = z.object({
  hallName: z.string().min(1),
  itemName: z.string().min(1),
  trackingCode: z.string().min(1),
  /** When the citizen submitted; a decision slip may not know it. */
  submittedAt: z.string().optional(),
  /** When the counter decided (a decision slip: 一窗受理's 受理/补正/不予受理). */
  decidedAt: z.string().optional(),
  /** Materials handed in; an empty list prints no materials line. */
  materials: z.array(z.string()),
  note: z.string().optional(),
  /** The case's public tracking page for the QR; without one the slip says where to look instead. */
  trackingUrl: z.string().url().optional(),
  /** Until when the applicant may still withdraw it (a fresh submission's receipt). */
  withdrawUntil: z.string().optional(),
});
export type ApplicationReceipt = z.infer<typeof ApplicationReceipt>;
