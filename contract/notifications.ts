// Telling a citizen their turn is coming: when to remind (at N and N−1 people ahead, at most two
// reminders, as TheQ and Qmatic do, then the call itself), through which channel, and in what words.
// Pure: the hall service decides with it, the kiosk shows the same settings, tests replay any queue.
import { z } from 'zod';
import { MobileNumber } from './phone-number.js';

export const ReminderSettings = z
  .object({
    /** The first reminder when this many people are ahead; the second at one fewer. */
    firstAtPeopleAhead: z.number().int().min(1).max(50).default(3),
    /** 1 or 2 reminders before the call (never more: a phone that buzzes every minute gets ignored). */
    reminders: z.number().int().min(0).max(2).default(2),
    /** A message when the ticket is called, naming the window. */
    atCall: z.boolean().default(true),
  })
  .strict();
export type ReminderSettings = z.infer<typeof ReminderSettings>;

/** What the citizen (or a relative, for an elder's ticket) gave at the kiosk to be told. */
export const NoticeContact = z.discriminatedUnion('channel', [
  z.object({ channel: z.literal('sms'), phone: MobileNumber }).strict(),
  z.object({ channel: z.literal('wechat'), openId: z.string().regex(/^[A-Za-z0-9_-]{10,64}$/, 'a WeChat openid') }).strict(),
]);
export type NoticeContact = z.infer<typeof NoticeContact>;

export type NoticeKind = 'reminder' | 'called';

export interface NoticeFacts {
  hallName: string;
  ticketNumber: string;
  serviceName: string;
  peopleAhead?: number;
  /** The window's number, for a call. */
  counterNumber?: string;
  /** The live ticket page, when the hall publishes one. */
  followUrl?: string;
}

/**
 * Which reminder, if any, is due now that `peopleAhead` are ahead, given how many were already sent.
 * The first goes at `firstAtPeopleAhead` or fewer, the second at one fewer than that or fewer: a queue
 * that jumps (a priority ticket, a transfer) never makes a reminder skip or repeat.
 */
export function reminderDue(settings: ReminderSettings, peopleAhead: number, alreadySent: number): boolean {
  if (alreadySent >= settings.reminders) return false;
  return peopleAhead <= settings.firstAtPeopleAhead - alreadySent;
}

/** The SMS text (Chinese, as halls send them), short enough for one 70-character message where possible. */
export function noticeText(kind: NoticeKind, facts: NoticeFacts): string {
  const hall = `【${facts.hallName}】`;
  const link = facts.followUrl ? ` 查看进度：${facts.followUrl}` : '';
  if (kind === 'called') return `${hall}请 ${facts.ticketNumber} 号到 ${facts.counterNumber ?? ''} 号窗口办理${facts.serviceName}。${link}`.trim();
  return `${hall}您的 ${facts.ticketNumber} 号（${facts.serviceName}）前面还有 ${facts.peopleAhead ?? 0} 人，请回到等候区。${link}`.trim();
}
