// The hall queue: shared schemas, the ordering policy and ticket-number formatting.
// Pure (zod only), so the hall service, the terminals and the UI agree on one definition.
import { z } from 'zod';
import { ClerkSettings } from './clerk.js';
import { AssistRequest } from './assist.js';
import { LiveHelpCall } from './live-help.js';
import { HelpRequest } from './remote-help.js';
import { CallingRules, CallReason } from './calling-rules-schema.js';
import { ReminderSettings } from './notifications.js';
import { MobileNumber } from './phone-number.js';

export const PRIORITY_CLASSES = ['normal', 'elderly', 'disabled', 'pregnant', 'appointment', 'vip'] as const;
export const PriorityClass = z.enum(PRIORITY_CLASSES);
export type PriorityClass = z.infer<typeof PriorityClass>;

export const TICKET_SOURCES = ['kiosk', 'appointment', 'clerk', 'proxy-point'] as const;
export const TicketSource = z.enum(TICKET_SOURCES);
export type TicketSource = z.infer<typeof TicketSource>;

/**
 * `away`: the citizen stepped out (live ticket page); the ticket keeps its place but is not called
 * until they are back, and turns into a no-show when the hall's away time runs out. `parked`: a
 * clerk set it aside at a window (a missing material) and recalls it from the park list.
 * `cancelled`: the citizen gave the ticket up.
 */
export const TICKET_STATES = ['waiting', 'called', 'finished', 'no-show', 'away', 'parked', 'cancelled'] as const;
/** States after which a ticket never moves again: its personal data (phone, masked name) is erased. */
export const ENDED_TICKET_STATES: readonly TicketState[] = ['finished', 'no-show', 'cancelled'];
export const TicketState = z.enum(TICKET_STATES);
export type TicketState = z.infer<typeof TicketState>;

/** 好差评: five levels, 5 = 非常满意 … 1 = 非常不满意; the last two (2, 1) are bad ratings. */
export const RATING_LEVELS = [5, 4, 3, 2, 1] as const;
export const RatingLevel = z.union([z.literal(5), z.literal(4), z.literal(3), z.literal(2), z.literal(1)]);
export type RatingLevel = z.infer<typeof RatingLevel>;
export const isBadRating = (level: RatingLevel): boolean => level <= 2;

/**
 * The common reasons for a bad rating, offered as large buttons (a reason is needed, typing is not):
 * the hall service receives them in Chinese, with any text the citizen added.
 */
export const RATING_REASONS = ['long-wait', 'attitude', 'unclear', 'more-visits', 'slow', 'rules'] as const;
export const RatingReason = z.enum(RATING_REASONS);
export type RatingReason = z.infer<typeof RatingReason>;

const Code = z.string().regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'lowercase letters, digits and dashes');
const Prefix = z.string().regex(/^[A-Z]$/, 'one capital letter');

export const QueueService = z.object({ code: Code, name: z.string().min(1), nameEn: z.string().optional(), queue: Prefix }).strict();
export type QueueService = z.infer<typeof QueueService>;

export const QueueGroup = z.object({ prefix: Prefix, name: z.string().min(1), windowArea: z.string().optional() }).strict();

export const CounterConfig = z
  .object({
    id: Code,
    name: z.string().min(1),
    number: z.string().min(1).max(8),
    /** The services this counter serves first (its primary skills). */
    services: z.array(Code).min(1),
    /** Services it serves only when none of its primary services has a ticket waiting (backup skills). */
    backupServices: z.array(Code).optional(),
  })
  .strict();
export type CounterConfig = z.infer<typeof CounterConfig>;

/** Whether an address is one a phone on the hall's LAN cannot use (this machine itself). */
export function isLoopbackUrl(url: string): boolean {
  // The contract layer has no URL class: the host is read from the authority by hand.
  const authority = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?(\[[^\]]*\]|[^/:?#]*)/i.exec(url.trim());
  if (!authority) return false;
  const host = authority[1]!.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host.endsWith('.localhost') || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host) || host === '0.0.0.0';
}

export const LiveTicketSettings = z
  .object({
    /**
     * The hall queue service as phones on the hall's LAN or Wi-Fi reach it (http://192.168.1.20:8740);
     * no QR is printed while it is unset. Never a loopback address: a phone cannot open this machine's.
     */
    baseUrl: z
      .url({ protocol: /^https?$/ })
      .refine((url) => !isLoopbackUrl(url), 'a loopback address cannot be opened on a phone: give the LAN address')
      .optional(),
    /** How long a ticket is kept for a citizen who stepped out; then it turns into a no-show. */
    awayMinutes: z.number().int().min(1).max(240).default(15),
  })
  .strict();
export type LiveTicketSettings = z.infer<typeof LiveTicketSettings>;

/** The live ticket page's address for a token, or undefined while the hall has no LAN address configured. */
export function liveTicketUrl(settings: LiveTicketSettings | undefined, token: string | undefined): string | undefined {
  if (!settings?.baseUrl || !token) return undefined;
  return `${settings.baseUrl.replace(/\/+$/, '')}/t/${encodeURIComponent(token)}`;
}

export const OrderingPolicy = z.discriminatedUnion('kind', [
  /** Higher class always first (rank order in `rank`, first = highest); equal classes by issue time. */
  z.object({ kind: z.literal('strict'), rank: z.array(PriorityClass).default(['vip', 'disabled', 'elderly', 'pregnant', 'appointment', 'normal']) }).strict(),
  /** Score = class weight + waited minutes × agingPerMinute, the aging part capped: nobody waits forever. */
  z
    .object({
      kind: z.literal('weighted'),
      weights: z.partialRecord(PriorityClass, z.number().min(0)).default({ normal: 0, appointment: 10, pregnant: 15, elderly: 15, disabled: 20, vip: 30 }),
      agingPerMinute: z.number().min(0).default(1),
      agingCap: z.number().min(0).default(30),
    })
    .strict(),
]);
export type OrderingPolicy = z.infer<typeof OrderingPolicy>;

export const HallQueueConfig = z
  .object({
    hallName: z.string().min(1),
    queues: z.array(QueueGroup).min(1),
    services: z.array(QueueService).min(1),
    counters: z.array(CounterConfig).min(1),
    ordering: OrderingPolicy.default({ kind: 'strict', rank: ['vip', 'disabled', 'elderly', 'pregnant', 'appointment', 'normal'] }),
    recall: z
      .object({ max: z.number().int().min(0).max(10).default(3), minGapSeconds: z.number().min(0).max(600).default(10) })
      .strict()
      .default({ max: 3, minGapSeconds: 10 }),
    /** Lets a clerk call a chosen waiting ticket instead of the next in order. */
    allowPickOutOfOrder: z.boolean().default(false),
    /** Calls the next ticket as soon as a counter finishes or marks a no-show. */
    autoCallNext: z.boolean().default(false),
    /** Size of a block of numbers a kiosk leases for issuing while offline. */
    leaseBlockSize: z.number().int().min(5).max(200).default(20),
    /** Where each day's lease blocks start: a range apart from online numbers, so the day's first online ticket is 001. */
    leaseNumbersFrom: z.number().int().min(100).max(9000).default(501),
    /** Follow-up deadline for a bad rating; localities differ (5 working days, 7 days, 15 working days). */
    followUpDeadline: z
      .object({ days: z.number().int().min(1).max(60).default(5), workingDays: z.boolean().default(true) })
      .strict()
      .default({ days: 5, workingDays: true }),
    /** Minutes per citizen assumed before any service time has been recorded. */
    defaultServiceMinutes: z.number().min(0.5).max(120).default(5),
    /** How the next ticket is chosen beyond the ordering policy: maximum-wait guard, priority ratio, appointments at their slot. */
    callingRules: CallingRules.default({ appointmentsAtSlot: true }),
    /**
     * When the hall's day turns (local time, HH:MM; numbering restarts then), and whether tickets still
     * waiting at that moment carry into the new day (their numbers kept, the new day's numbering going on
     * after them) instead of being left behind with the old day.
     */
    dayBoundary: z
      .object({
        resetAt: z
          .string()
          .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM, 00:00–23:59')
          .default('00:00'),
        keepOvernight: z.boolean().default(false),
      })
      .strict()
      .default({ resetAt: '00:00', keepOvernight: false }),
    /** The two timers of a bad rating's follow-up: contact the citizen within, and fix it within (minutes). */
    followUpTimers: z
      .object({
        contactMinutes: z
          .number()
          .int()
          .min(5)
          .max(7 * 24 * 60)
          .default(60),
        resolveMinutes: z
          .number()
          .int()
          .min(30)
          .max(60 * 24 * 60)
          .default(24 * 60),
      })
      .strict()
      .default({ contactMinutes: 60, resolveMinutes: 24 * 60 }),
    /** How long a live remote help call (远程视频帮办) rings before it ends as unanswered and the citizen is offered a voice note instead (seconds). */
    liveHelpRingSeconds: z.number().int().min(10).max(600).default(45),
    /** The live ticket page (/t/<token>) a ticket's QR opens on the citizen's phone. */
    liveTicket: LiveTicketSettings.default({ awayMinutes: 15 }),
    /** SMS / WeChat reminders at N and N−1 people ahead and at the call. */
    reminders: ReminderSettings.default({ firstAtPeopleAhead: 3, reminders: 2, atCall: true }),
    /** The kiosk asks for a mobile number (optional, on the digit pad) for SMS reminders: turn on once the hall has an SMS gateway. */
    askPhoneAtKiosk: z.boolean().default(false),
    /** Silent calling: the display shows the masked name (张*女士) beside the number. */
    silentCalling: z
      .object({ showMaskedName: z.boolean().default(false) })
      .strict()
      .default({ showMaskedName: false }),
    /** Clerks signed in at counters: how long without a desk action before the sign-in ends. */
    clerks: ClerkSettings.default({ idleSignOutMinutes: 30, signInRequired: false }),
  })
  .strict()
  .superRefine((config, ctx) => {
    const prefixes = new Set(config.queues.map((q) => q.prefix));
    const codes = new Set(config.services.map((s) => s.code));
    config.services.forEach((s, i) => {
      if (!prefixes.has(s.queue)) ctx.addIssue({ code: 'custom', path: ['services', i, 'queue'], message: `no queue with prefix "${s.queue}"` });
    });
    config.counters.forEach((c, i) => {
      c.services.forEach((code, j) => {
        if (!codes.has(code)) ctx.addIssue({ code: 'custom', path: ['counters', i, 'services', j], message: `no service "${code}"` });
      });
      (c.backupServices ?? []).forEach((code, j) => {
        if (!codes.has(code)) ctx.addIssue({ code: 'custom', path: ['counters', i, 'backupServices', j], message: `no service "${code}"` });
        else if (c.services.includes(code))
          ctx.addIssue({ code: 'custom', path: ['counters', i, 'backupServices', j], message: `"${code}" is already a primary service of this counter` });
      });
    });
  });
export type HallQueueConfig = z.infer<typeof HallQueueConfig>;

export const Ticket = z.object({
  id: z.string(),
  number: z.string(),
  day: z.string(),
  service: z.string(),
  priority: PriorityClass,
  source: TicketSource,
  state: TicketState,
  issuedAt: z.string(),
  /** Kiosk that issued it from a leased block while the hall service was unreachable. */
  offline: z.boolean(),
  maskedName: z.string().optional(),
  counterId: z.string().optional(),
  calledAt: z.string().optional(),
  recalls: z.number().int(),
  lastCallAt: z.string().optional(),
  finishedAt: z.string().optional(),
  transfers: z.number().int(),
  /** Why the counter called this ticket (the calling rule that chose it), for the clerk to see. */
  callReason: CallReason.optional(),
  /** When the citizen reached the counter and service began (walk time = call → start). */
  startedAt: z.string().optional(),
});
export type Ticket = z.infer<typeof Ticket>;

export const CounterState = z.object({
  id: z.string(),
  name: z.string(),
  number: z.string(),
  services: z.array(z.string()),
  paused: z.boolean(),
  pauseReason: z.string().optional(),
  currentTicketId: z.string().optional(),
});
export type CounterState = z.infer<typeof CounterState>;

export const QUEUE_EVENT_TYPES = [
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.no-show',
  'ticket.transferred',
  'ticket.finished',
  'ticket.started',
  'counter.paused',
  'counter.resumed',
  'evaluation.recorded',
  'followup.opened',
  'followup.updated',
  'config.changed',
  'assist.requested',
  'assist.acknowledged',
  'assist.cancelled',
  'ticket.parked',
  'ticket.unparked',
  'ticket.away',
  'ticket.back',
  'ticket.cancelled',
  'live-help.ringing',
  'live-help.answered',
  'live-help.ended',
  // Remote help requests (远程帮办, sent through the outbox): arrived, answered by one counter.
  'help.requested',
  'help.answered',
] as const;
export const QueueEventType = z.enum(QUEUE_EVENT_TYPES);

/** One change on the hall's single event stream; `seq` lets a reconnecting client catch up. */
export const QueueEvent = z.object({
  seq: z.number().int().positive(),
  at: z.string(),
  type: QueueEventType,
  ticket: Ticket.optional(),
  counter: CounterState.optional(),
  /** For calls: the words the hall announces, e.g. "请 A012 号到 3 号窗口办理". */
  announcement: z.string().optional(),
  evaluation: z.object({ ticketId: z.string(), counterId: z.string(), level: RatingLevel, followUpId: z.string().optional() }).optional(),
  /** For assist.*: the request as it is after the change. */
  assist: AssistRequest.optional(),
  /** For live-help.*: the call as it is after the change (terminals and counter only). */
  liveHelp: LiveHelpCall.optional(),
  /** For help.*: the help request as it is after the change (the phone masked). */
  help: HelpRequest.optional(),
  /** For a counter's verbs: the clerk signed in there (工号), as the hall service verified the sign-in. */
  clerkId: z.string().optional(),
});
export type QueueEvent = z.infer<typeof QueueEvent>;

export const WaitingSummary = z.object({ service: z.string(), waiting: z.number().int(), estimatedMinutes: z.number().int() });

export const QueueSnapshot = z.object({
  seq: z.number().int().nonnegative(),
  day: z.string(),
  config: HallQueueConfig,
  tickets: z.array(Ticket),
  counters: z.array(CounterState),
  waiting: z.array(WaitingSummary),
  /** The day's latest calls, newest first, finished ones included: a display switched on mid-morning lists them. */
  recentCalls: z.array(Ticket).default([]),
  /** Today's open assistance requests, so a counter that connects later still sees them. */
  assists: z.array(AssistRequest).default([]),
});
export type QueueSnapshot = z.infer<typeof QueueSnapshot>;

export const IssueRequest = z
  .object({
    service: Code,
    priority: PriorityClass.default('normal'),
    source: TicketSource.default('kiosk'),
    /** Only ever the masked form (张*女士): the hall service refuses a full name. */
    maskedName: z
      .string()
      .max(32)
      .refine((name) => name.includes('*'), 'must be masked (e.g. 张*女士)')
      .optional(),
    /** A mobile number for SMS reminders (the citizen's, or a relative's for an elder), kept sealed until the ticket ends. */
    phone: MobileNumber.optional(),
  })
  .strict();

/** A ticket a kiosk issued from its leased block while offline, replayed when the service returns. */
export const OfflineTicket = z
  .object({
    id: z.string().uuid(),
    number: z.string().regex(/^[A-Z]\d{3,4}$/),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    leaseId: z.string(),
    service: Code,
    priority: PriorityClass,
    source: TicketSource,
    issuedAt: z.string(),
    maskedName: z.string().max(32).optional(),
    /** The live ticket token the kiosk made and printed (32 random bytes, base64url); the service keeps its hash once the ticket rejoins. */
    liveToken: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/)
      .optional(),
  })
  .strict();
export type OfflineTicket = z.infer<typeof OfflineTicket>;

export const Lease = z.object({ id: z.string(), day: z.string(), prefix: Prefix, from: z.number().int(), to: z.number().int() });
export type Lease = z.infer<typeof Lease>;

export const IssuedTicket = z.object({
  ticket: Ticket,
  waitingAhead: z.number().int(),
  estimatedMinutes: z.number().int(),
  /** The live ticket page's token, given once to the terminal that issued the ticket (the service keeps only its hash). */
  liveToken: z.string().optional(),
});
export type IssuedTicket = z.infer<typeof IssuedTicket>;

export const EvaluationRequest = z
  .object({
    ticketId: z.string(),
    level: RatingLevel,
    reason: z.string().trim().max(500).optional(),
    channel: z.enum(['window', 'evaluator', 'kiosk']).default('window'),
    /** The case the service opened, when it opened one: the rating is reported against it. */
    trackingCode: z
      .string()
      .regex(/^[34679ACDEFGHJKMNPRTUWXY]{11}$/, 'a tracking code')
      .optional(),
  })
  .strict()
  .refine((e) => !isBadRating(e.level) || (e.reason ?? '').length > 0, { message: 'a bad rating needs a reason', path: ['reason'] });

export const Appointment = z.object({
  id: z.string(),
  service: z.string(),
  slot: z.string(),
  maskedName: z.string(),
  checkedIn: z.boolean(),
  ticketId: z.string().optional(),
});
export type Appointment = z.infer<typeof Appointment>;

export const ServiceStats = z.object({
  key: z.string(),
  tickets: z.number().int(),
  finished: z.number().int(),
  noShows: z.number().int(),
  avgWaitMinutes: z.number(),
  avgServeMinutes: z.number(),
});
export const QueueStats = z.object({
  day: z.string(),
  byService: z.array(ServiceStats),
  byCounter: z.array(ServiceStats),
  ratings: z.object({ 5: z.number().int(), 4: z.number().int(), 3: z.number().int(), 2: z.number().int(), 1: z.number().int() }),
  followUps: z.array(
    z.object({ id: z.string(), ticketId: z.string(), counterId: z.string(), level: RatingLevel, reason: z.string(), deadline: z.string(), status: z.string() }),
  ),
});
export type QueueStats = z.infer<typeof QueueStats>;

/** "A" + 12 → "A012": three digits, four once a queue passes 999 in a day. */
export function formatTicketNumber(prefix: string, n: number): string {
  if (!Number.isInteger(n) || n < 1 || n > 9999) throw new Error(`ticket number out of range: ${n}`);
  return prefix + String(n).padStart(3, '0');
}

/** The words for a call: "请 A012 号到 3 号窗口办理". */
export function announcementText(ticketNumber: string, counterNumber: string): string {
  return `请 ${ticketNumber} 号到 ${counterNumber} 号窗口办理`;
}

/** The waiting tickets in the order a counter calls them, under the configured policy. */
export function orderWaiting<T extends Pick<Ticket, 'priority' | 'issuedAt'>>(tickets: readonly T[], policy: OrderingPolicy, now: Date): T[] {
  const issued = (t: T) => Date.parse(t.issuedAt);
  if (policy.kind === 'strict') {
    const rank = (t: T) => {
      const index = policy.rank.indexOf(t.priority);
      return index < 0 ? policy.rank.length : index;
    };
    return [...tickets].sort((a, b) => rank(a) - rank(b) || issued(a) - issued(b));
  }
  const score = (t: T) => {
    const waited = Math.max(0, (now.getTime() - issued(t)) / 60_000);
    return (policy.weights[t.priority] ?? 0) + Math.min(policy.agingCap, waited * policy.agingPerMinute);
  };
  return [...tickets].sort((a, b) => score(b) - score(a) || issued(a) - issued(b));
}

/** One line for staff saying how the queue is ordered. */
export function describePolicy(policy: OrderingPolicy): string {
  if (policy.kind === 'strict') return `strict: ${policy.rank.join(' > ')}`;
  const weights = Object.entries(policy.weights)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  return `weighted: ${weights}; +${policy.agingPerMinute}/min waited, aging capped at ${policy.agingCap}`;
}

/** The deadline to close a bad rating's follow-up: calendar days, or working days skipping weekends. */
export function followUpDeadline(from: Date, rule: { days: number; workingDays: boolean }): Date {
  const at = new Date(from.getTime());
  let left = rule.days;
  while (left > 0) {
    at.setUTCDate(at.getUTCDate() + 1);
    const weekday = at.getUTCDay();
    if (!rule.workingDays || (weekday !== 0 && weekday !== 6)) left -= 1;
  }
  return at;
}

/**
 * The hall's day (China Standard Time, UTC+8, no summer time) as YYYY-MM-DD: daily numbering restarts
 * on it. With a reset time (HH:MM, hall time) the day turns then rather than at midnight: at 02:00 with
 * a 03:00 reset it is still the day before.
 */
export function hallDay(at: Date, resetAt = '00:00'): string {
  return new Date(at.getTime() + 8 * 3_600_000 - resetMinutes(resetAt) * 60_000).toISOString().slice(0, 10);
}

/** Minutes after midnight of an HH:MM time; a clear error for anything else. */
export function resetMinutes(hhmm: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(hhmm);
  if (!match) throw new Error(`not a time of day (HH:MM): ${hhmm}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

/** A counter number read as a Chinese number word (12 → 十二), other characters one by one. */
function numberWordClips(value: string): string[] {
  const n = Number(value);
  if (!/^\d{1,2}$/.test(value) || n === 0) return [...value].map(charClip).filter((c): c is string => c !== null);
  if (n < 10) return [`d${n}`];
  const tens = Math.floor(n / 10);
  const ones = n % 10;
  return [...(tens > 1 ? [`d${tens}`] : []), 'ten', ...(ones ? [`d${ones}`] : [])];
}

const charClip = (c: string): string | null => (/\d/.test(c) ? `d${c}` : /[A-Z]/i.test(c) ? `l${c.toUpperCase()}` : null);

/**
 * The clip names, in order, that say "请 A012 号到 3 号窗口办理": the ticket digit by digit, the window
 * as a number word. Names match scripts/build-voice-clips.mjs.
 */
export function announcementClips(ticketNumber: string, counterNumber: string): string[] {
  const ticket = [...ticketNumber].map(charClip).filter((c): c is string => c !== null);
  return ['please', ...ticket, 'hao', 'to', ...numberWordClips(counterNumber), 'window-serve'];
}
