import { z } from 'zod';
import { ApplicationReceipt, PrinterStatus, PrintJobResult, PrintJobUpdate, QueueTicket } from '../printing.js';

/** Which printer; the terminal's first printer when omitted. */
const PrinterRef = z.object({ deviceId: z.string().min(1).optional() });

export const printerMethods = {
  'printer.status': { input: PrinterRef.strict(), output: PrinterStatus.extend({ deviceId: z.string() }) },
  'printer.printTicket': { input: PrinterRef.extend({ ticket: QueueTicket }).strict(), output: PrintJobResult.extend({ deviceId: z.string() }) },
  'printer.printReceipt': { input: PrinterRef.extend({ receipt: ApplicationReceipt }).strict(), output: PrintJobResult.extend({ deviceId: z.string() }) },
} as const;

export const printerEvents = {
  /** A job's progress, so the UI can tell a citizen "printing", "held: paper out", "printed". */
  'printer.job': PrintJobUpdate.extend({ deviceId: z.string() }),
} as const;
