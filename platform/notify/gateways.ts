// Where a notice goes: a generic HTTP SMS gateway (the shape most Chinese SMS providers' HTTP APIs
// share: one POST with the number and the text, a token in a header) and WeChat's template message.
// Each send answers an outcome instead of throwing: `sent`, `retry` (the gateway is down or busy:
// try again later) or `refused` (this message will never go: a bad number, an unfollowed account).
import { z } from 'zod';
import { maskPhone } from '../../contract/masking.js';
import type { NoticeContact } from '../../contract/notifications.js';
import type { Clock } from '../../contract/clock.js';

export type SendOutcome = { kind: 'sent'; providerId?: string } | { kind: 'retry'; reason: string } | { kind: 'refused'; reason: string };

export interface Notice {
  contact: NoticeContact;
  text: string;
  /** Template fields for channels that send structured messages (WeChat). */
  fields: Record<string, string>;
  /** A stable id: a gateway that supports it drops a second send of the same notice. */
  noticeId: string;
}

export interface NoticeGateway {
  readonly channel: NoticeContact['channel'];
  send(notice: Notice): Promise<SendOutcome>;
}

export const HttpSmsSettings = z
  .object({
    kind: z.literal('http-sms'),
    url: z.url({ protocol: /^https?$/ }),
    /** Name of the environment variable holding the gateway's token (never the token itself in config). */
    tokenEnv: z
      .string()
      .regex(/^[A-Z][A-Z0-9_]*$/)
      .optional(),
    /** The JSON field names the provider expects. */
    fields: z
      .object({ to: z.string().default('to'), text: z.string().default('text'), id: z.string().default('id') })
      .strict()
      .default({ to: 'to', text: 'text', id: 'id' }),
    timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  })
  .strict();
export type HttpSmsSettings = z.infer<typeof HttpSmsSettings>;

export const WeChatSettings = z
  .object({
    kind: z.literal('wechat-template'),
    apiBase: z.url({ protocol: /^https?$/ }).default('https://api.weixin.qq.com'),
    appId: z.string().min(1),
    /** Environment variable holding the official account's AppSecret. */
    secretEnv: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    templateId: z.string().min(1),
    timeoutMs: z.number().int().min(100).max(60_000).default(5000),
  })
  .strict();
export type WeChatSettings = z.infer<typeof WeChatSettings>;

/** HTTP statuses that mean "not now" rather than "never". */
const retryable = (status: number) => status === 408 || status === 429 || status >= 500;

async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<{ status: number; json: unknown } | { failed: string }> {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = null;
    }
    return { status: response.status, json };
  } catch (error) {
    return { failed: (error as Error).name === 'TimeoutError' ? 'timed out' : (error as Error).message };
  }
}

export class HttpSmsGateway implements NoticeGateway {
  readonly channel = 'sms' as const;

  constructor(
    private readonly settings: HttpSmsSettings,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  async send(notice: Notice): Promise<SendOutcome> {
    if (notice.contact.channel !== 'sms') return { kind: 'refused', reason: 'not an SMS contact' };
    const token = this.settings.tokenEnv ? this.env[this.settings.tokenEnv] : undefined;
    if (this.settings.tokenEnv && !token) return { kind: 'retry', reason: `the SMS gateway token (${this.settings.tokenEnv}) is not set` };
    const { fields } = this.settings;
    const answer = await postJson(
      this.settings.url,
      { [fields.to]: notice.contact.phone, [fields.text]: notice.text, [fields.id]: notice.noticeId },
      token ? { authorization: `Bearer ${token}` } : {},
      this.settings.timeoutMs,
    );
    // The number appears masked in every reason: reasons end up in logs.
    const to = maskPhone(notice.contact.phone);
    if ('failed' in answer) return { kind: 'retry', reason: `SMS gateway unreachable for ${to}: ${answer.failed}` };
    if (answer.status >= 200 && answer.status < 300) {
      const id = (answer.json as { id?: unknown; messageId?: unknown } | null)?.id ?? (answer.json as { messageId?: unknown } | null)?.messageId;
      return typeof id === 'string' ? { kind: 'sent', providerId: id } : { kind: 'sent' };
    }
    return retryable(answer.status)
      ? { kind: 'retry', reason: `SMS gateway answered ${answer.status} for ${to}` }
      : { kind: 'refused', reason: `SMS gateway refused the message to ${to} (${answer.status})` };
  }
}

/** WeChat errcodes meaning the access token is no longer valid: fetch a new one and try once more. */
const STALE_TOKEN = new Set([40001, 40014, 42001]);
/** The user has not followed the account or blocked it, or the template is gone: never retried. */
const NEVER = new Set([43004, 43101, 40003, 40037]);

export class WeChatTemplateGateway implements NoticeGateway {
  readonly channel = 'wechat' as const;
  private token: { value: string; expiresAtMs: number } | undefined;

  constructor(
    private readonly settings: WeChatSettings,
    private readonly clock: Clock,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  private async accessToken(refresh: boolean): Promise<string | { retry: string }> {
    if (!refresh && this.token && this.token.expiresAtMs > this.clock.nowMs()) return this.token.value;
    const secret = this.env[this.settings.secretEnv];
    if (!secret) return { retry: `the WeChat AppSecret (${this.settings.secretEnv}) is not set` };
    const url = new URL('/cgi-bin/token', this.settings.apiBase);
    url.search = new URLSearchParams({ grant_type: 'client_credential', appid: this.settings.appId, secret }).toString();
    try {
      const body = (await (await fetch(url, { signal: AbortSignal.timeout(this.settings.timeoutMs) })).json()) as {
        access_token?: string;
        expires_in?: number;
        errcode?: number;
      };
      if (!body.access_token) return { retry: `WeChat gave no access token (errcode ${body.errcode ?? '?'})` };
      // Renewed five minutes early: a token that expires mid-send costs a message.
      this.token = { value: body.access_token, expiresAtMs: this.clock.nowMs() + Math.max(60, (body.expires_in ?? 7200) - 300) * 1000 };
      return this.token.value;
    } catch (error) {
      return { retry: `WeChat unreachable: ${(error as Error).message}` };
    }
  }

  async send(notice: Notice, refreshed = false): Promise<SendOutcome> {
    if (notice.contact.channel !== 'wechat') return { kind: 'refused', reason: 'not a WeChat contact' };
    const token = await this.accessToken(refreshed);
    if (typeof token !== 'string') return { kind: 'retry', reason: token.retry };
    const url = new URL('/cgi-bin/message/template/send', this.settings.apiBase);
    url.searchParams.set('access_token', token);
    const data = Object.fromEntries(Object.entries(notice.fields).map(([key, value]) => [key, { value }]));
    const answer = await postJson(url.toString(), { touser: notice.contact.openId, template_id: this.settings.templateId, data }, {}, this.settings.timeoutMs);
    if ('failed' in answer) return { kind: 'retry', reason: `WeChat unreachable: ${answer.failed}` };
    const body = (answer.json ?? {}) as { errcode?: number; errmsg?: string; msgid?: number | string };
    if (answer.status >= 300)
      return retryable(answer.status)
        ? { kind: 'retry', reason: `WeChat answered ${answer.status}` }
        : { kind: 'refused', reason: `WeChat answered ${answer.status}` };
    if (!body.errcode) return body.msgid !== undefined ? { kind: 'sent', providerId: String(body.msgid) } : { kind: 'sent' };
    if (STALE_TOKEN.has(body.errcode) && !refreshed) return this.send(notice, true);
    if (NEVER.has(body.errcode)) return { kind: 'refused', reason: `WeChat refused the message (errcode ${body.errcode})` };
    return { kind: 'retry', reason: `WeChat errcode ${body.errcode}` };
  }
}
