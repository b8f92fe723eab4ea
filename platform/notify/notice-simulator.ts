// A stand-in for the SMS provider and for WeChat's message API, speaking the same HTTP as the real
// ones, that records every message it accepts: `hallctl sim sms` runs it, tests read what arrived.
// Faults are injected over HTTP (`POST /faults`), so a test can make the gateway fail a few times or
// expire WeChat's access tokens, and watch the hall service retry.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Clock } from '../../contract/clock.js';

export interface SimulatedMessage {
  channel: 'sms' | 'wechat';
  to: string;
  text?: string;
  templateId?: string;
  data?: Record<string, { value: string }>;
  id?: string;
  at: string;
}

export interface NoticeSimulatorOptions {
  clock: Clock;
  /** The WeChat official account the simulator accepts (app id and secret). */
  wechat?: { appId: string; secret: string };
  /** Bearer token the SMS endpoint requires, if any. */
  smsToken?: string;
  onMessage?: (message: SimulatedMessage) => void;
}

interface Faults {
  /** Answer this HTTP status to the next `count` SMS sends. */
  sms?: { status: number; count: number };
  /** Treat every access token issued so far as expired (errcode 42001). */
  expireTokens?: boolean;
}

const MAX_BODY = 64 * 1024;

function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(chunk);
    });
    request.on('end', () => {
      try {
        resolve(chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : null);
      } catch {
        reject(new Error('body is not JSON'));
      }
    });
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify(body));
}

export class NoticeSimulator {
  readonly messages: SimulatedMessage[] = [];
  private readonly seenIds = new Set<string>();
  private readonly tokens = new Set<string>();
  private faults: Faults = {};
  private server: Server | undefined;

  constructor(private readonly options: NoticeSimulatorOptions) {}

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: Error) => send(response, 400, { error: error.message }));
    });
    await new Promise<void>((resolve) => this.server!.listen(port, host, resolve));
    return `http://${host}:${(this.server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.server?.closeAllConnections();
  }

  private record(message: Omit<SimulatedMessage, 'at'>): void {
    const full = { ...message, at: this.options.clock.iso() };
    this.messages.push(full);
    this.options.onMessage?.(full);
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://simulator');
    if (request.method === 'GET' && url.pathname === '/messages') return send(response, 200, { messages: this.messages });
    if (request.method === 'POST' && url.pathname === '/faults') {
      this.faults = { ...this.faults, ...((await readBody(request)) as Faults) };
      return send(response, 200, { faults: this.faults });
    }
    if (request.method === 'POST' && url.pathname === '/sms') return this.sms(request, response);
    if (request.method === 'GET' && url.pathname === '/cgi-bin/token') return this.token(url, response);
    if (request.method === 'POST' && url.pathname === '/cgi-bin/message/template/send') return this.template(url, request, response);
    send(response, 404, { error: 'not-found' });
  }

  private async sms(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (this.options.smsToken && request.headers.authorization !== `Bearer ${this.options.smsToken}`) return send(response, 401, { error: 'bad token' });
    const fault = this.faults.sms;
    if (fault && fault.count > 0) {
      fault.count -= 1;
      return send(response, fault.status, { error: 'injected fault' });
    }
    const body = (await readBody(request)) as { to?: unknown; text?: unknown; id?: unknown } | null;
    if (typeof body?.to !== 'string' || !/^1\d{10}$/.test(body.to) || typeof body.text !== 'string' || body.text.length === 0)
      return send(response, 400, { error: 'to (11-digit mobile) and text are required' });
    const id = typeof body.id === 'string' ? body.id : undefined;
    // Providers drop a repeated message id: the citizen gets one text however often the hall retries.
    if (id && this.seenIds.has(id)) return send(response, 200, { id, duplicate: true });
    if (id) this.seenIds.add(id);
    this.record({ channel: 'sms', to: body.to, text: body.text, ...(id ? { id } : {}) });
    send(response, 200, { id: id ?? randomBytes(8).toString('hex') });
  }

  private token(url: URL, response: ServerResponse): void {
    const account = this.options.wechat;
    if (!account || url.searchParams.get('grant_type') !== 'client_credential') return send(response, 200, { errcode: 40002, errmsg: 'invalid grant_type' });
    if (url.searchParams.get('appid') !== account.appId || url.searchParams.get('secret') !== account.secret)
      return send(response, 200, { errcode: 40125, errmsg: 'invalid appsecret' });
    const token = randomBytes(16).toString('hex');
    this.tokens.add(token);
    send(response, 200, { access_token: token, expires_in: 7200 });
  }

  private async template(url: URL, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const token = url.searchParams.get('access_token') ?? '';
    if (this.faults.expireTokens) {
      this.tokens.clear();
      this.faults.expireTokens = false;
    }
    if (!this.tokens.has(token)) return send(response, 200, { errcode: 42001, errmsg: 'access_token expired' });
    const body = (await readBody(request)) as { touser?: unknown; template_id?: unknown; data?: unknown } | null;
    if (typeof body?.touser !== 'string' || typeof body.template_id !== 'string') return send(response, 200, { errcode: 47001, errmsg: 'data format error' });
    if (body.touser.startsWith('unfollowed')) return send(response, 200, { errcode: 43004, errmsg: 'require subscribe' });
    this.record({ channel: 'wechat', to: body.touser, templateId: body.template_id, data: (body.data ?? {}) as Record<string, { value: string }> });
    send(response, 200, { errcode: 0, errmsg: 'ok', msgid: this.messages.length });
  }
}
