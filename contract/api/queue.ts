import { z } from 'zod';
import { PrinterCondition } from '../printing.js';
import {
  Appointment,
  IssuedTicket,
  PriorityClass,
  QueueEvent,
  QueueSnapshot,
  QueueStats,
  RatingLevel,
  RATING_REASONS,
  RatingReason,
  Ticket,
  TicketState,
  CounterState,
} from '../queue.js';
import { NoInput } from './terminal.js';
import { FollowUp, FollowUpContact, FollowUpResolve } from '../follow-ups.js';
import { Forecast, ProductivityQuery, ProductivityReport } from '../productivity.js';
import { MobileNumber } from '../phone-number.js';

/** The terminal's link to the hall queue service; `pendingOffline` counts tickets waiting to rejoin. */
export const QueueConnectivity = z.object({
  online: z.boolean(),
  pendingOffline: z.number().int().nonnegative(),
  /** Numbers left in this kiosk's leased blocks, per queue prefix. */
  leased: z.record(z.string(), z.number().int()),
  lastError: z.string().optional(),
});
export type QueueConnectivity = z.infer<typeof QueueConnectivity>;

/** How the ticket went to paper: printed, or refused with the reason (the screen then shows the ticket). */
export const TicketPrint = z.object({
  outcome: z.enum(['printed', 'refused', 'cancelled', 'no-printer']),
  reason: z.string().optional(),
  condition: PrinterCondition.optional(),
});

export const IssueResult = IssuedTicket.extend({
  /** True when the hall service was unreachable and the number came from a leased block. */
  offline: z.boolean(),
  print: TicketPrint,
  serviceName: z.string(),
  windowArea: z.string().optional(),
  /** The live ticket page the QR opens; absent while the hall has no LAN address for phones configured, or offline. */
  followUrl: z.string().optional(),
  /** The number text reminders go to, masked (139****5678), when one was given. */
  reminderPhone: z.string().optional(),
  /** The same QR as SVG, when the ticket did not print: shown on screen to photograph. */
  followQrSvg: z.string().optional(),
  slot: z.string().optional(),
});
export type IssueResult = z.infer<typeof IssueResult>;

const CounterAction = z.object({ ticket: Ticket.nullable() });

export const AnnouncementLogEntry = z.object({ text: z.string(), startedAt: z.string(), endedAt: z.string() });

export const queueMethods = {
  'queue.snapshot': {
    input: NoInput,
    output: z.object({
      snapshot: QueueSnapshot.nullable(),
      connectivity: QueueConnectivity,
      counterId: z.string().optional(),
      evaluatorKeys: z.array(z.string()).optional(),
      /** False on a display configured silent (queue.voice): it shows calls without speaking them. */
      voice: z.boolean().optional(),
    }),
  },
  'queue.issue': {
    input: z
      .object({
        service: z.string().min(1),
        priority: PriorityClass.default('normal'),
        /** For SMS reminders: typed on the digit pad (may be a relative's for an elder); sealed at the hall service until the ticket ends. */
        phone: MobileNumber.optional(),
      })
      .strict(),
    output: IssueResult,
  },
  /** Checks in today's appointment of the card on this kiosk's reader (the ID number never leaves the host). */
  'queue.checkIn': { input: NoInput, output: IssueResult },
  'queue.call': { input: z.object({ ticketId: z.string().optional() }).strict(), output: CounterAction },
  'queue.recall': { input: NoInput, output: CounterAction },
  'queue.noShow': { input: NoInput, output: CounterAction },
  'queue.finish': { input: NoInput, output: CounterAction },
  'queue.transfer': { input: z.object({ service: z.string().optional(), toCounterId: z.string().optional() }).strict(), output: CounterAction },
  'queue.pause': { input: z.object({ reason: z.string().trim().min(1).max(200) }).strict(), output: z.object({ counter: CounterState }) },
  'queue.resume': { input: NoInput, output: z.object({ counter: CounterState }) },
  /** Parks the current ticket (the citizen fetches a missing material); the counter is free. */
  'queue.park': { input: NoInput, output: CounterAction },
  /** Calls a ticket back from this counter's park list. */
  'queue.recallParked': { input: z.object({ ticketId: z.string().min(1).max(64) }).strict(), output: CounterAction },
  /** A scanned ticket for 评价 (its id or the live ticket token its QR carries): its id, number and state (offline: as the stream last showed it); null when the hall has no such ticket. */
  'queue.ticket': {
    input: z.object({ ticketId: z.string().min(1).max(100) }).strict(),
    output: z.object({ ticket: z.object({ id: z.string(), number: z.string(), state: TicketState }).nullable() }),
  },
  'queue.evaluate': {
    input: z
      .object({
        ticketId: z.string().min(1),
        level: RatingLevel,
        /** Reasons chosen from the common ones; a bad rating needs one of these or a typed reason. */
        reasons: z.array(RatingReason).max(RATING_REASONS.length).optional(),
        reason: z.string().trim().max(500).optional(),
      })
      .strict(),
    /** `buffered`: the hall service was unreachable; the rating waits in the outbox and is sent when it returns. */
    output: z.object({ followUpId: z.string().optional(), deadline: z.string().optional(), buffered: z.boolean().optional() }),
  },
  'queue.appointments': { input: NoInput, output: z.array(Appointment) },
  'queue.stats': { input: NoInput, output: QueueStats },
  /** The called citizen is at the counter: service begins (the walk time ends). */
  'queue.start': { input: NoInput, output: CounterAction },
  /** The manager's figures: per counter, by day or ISO week. */
  'queue.productivity': { input: ProductivityQuery, output: ProductivityReport },
  'queue.forecast': { input: z.object({ days: z.number().int().min(1).max(62).optional() }).strict(), output: Forecast },
  /** 好差评 follow-ups, overdue first; contact and the fix recorded by the supervisor. */
  'queue.followUps': { input: NoInput, output: z.object({ followUps: z.array(FollowUp) }) },
  'queue.followUpContact': { input: FollowUpContact.extend({ id: z.string().min(1).max(64) }), output: z.object({ followUp: FollowUp }) },
  'queue.followUpResolve': { input: FollowUpResolve.extend({ id: z.string().min(1).max(64) }), output: z.object({ followUp: FollowUp }) },
  /** The display page reports each announcement it played, so the order can be audited. */
  'queue.announced': { input: AnnouncementLogEntry.strict(), output: z.object({ logged: z.literal(true) }) },
  'queue.announcements': { input: NoInput, output: z.array(AnnouncementLogEntry) },
  /** What a simulated window LED screen shows, and when its controller received it (epoch ms). */
  'simulator.led.shown': {
    input: z.object({ deviceId: z.string().min(1) }).strict(),
    output: z.object({ text: z.string(), receivedAt: z.number(), sequence: z.number().int() }).nullable(),
  },
} as const;

export const queueEvents = {
  /** Every change in the hall, in stream order. */
  'queue.event': QueueEvent,
  'queue.connectivity': QueueConnectivity,
} as const;
