// A terminal's HTTP client of the hall queue service, and its follower of the one event stream.
import { QueueEvent } from '../../../contract/queue.js';
import { bearer } from '../../../contract/sync-protocol.js';

// zod compiles a schema on its first parse: do it now, not when the first call of the day arrives.
QueueEvent.safeParse({});

export class HallServiceError extends Error {
  constructor(
    /** unreachable: no answer (offline); rejected: the service said no (status, code). */
    readonly kind: 'unreachable' | 'rejected',
    message: string,
    readonly status = 0,
    readonly code = 'unavailable',
  ) {
    super(message);
    this.name = 'HallServiceError';
  }
}

export interface HallServiceClientOptions {
  /** Resolved at each request: an embedded platform's address is known only once it runs. */
  baseUrl: string | (() => string);
  terminalId: string;
  /** The terminal's platform credential; undefined until the terminal is registered. */
  credential: () => Promise<string | undefined>;
  timeoutMs?: number;
}

export interface FollowHandlers {
  onEvent(event: QueueEvent): void;
  /** The stream is up and caught up to `seq`. */
  onUp(seq: number): void;
  onDown(error: Error): void;
}

export class HallServiceClient {
  constructor(private readonly options: HallServiceClientOptions) {}

  private base(): string {
    return typeof this.options.baseUrl === 'string' ? this.options.baseUrl : this.options.baseUrl();
  }

  private async headers(): Promise<Record<string, string>> {
    const credential = await this.options.credential();
    if (!credential) throw new HallServiceError('unreachable', 'this terminal is not registered with the platform yet');
    return bearer(credential);
  }

  async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    const headers = await this.headers();
    let response: Response;
    try {
      response = await fetch(new URL(path, this.base()), {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? 3000),
      });
    } catch (error) {
      throw new HallServiceError('unreachable', `hall service unreachable: ${(error as Error).message}`);
    }
    const text = await response.text();
    const json = text ? (JSON.parse(text) as { error?: string; message?: string }) : {};
    if (!response.ok) {
      if (response.status >= 500) throw new HallServiceError('unreachable', `hall service error ${response.status}`, response.status);
      throw new HallServiceError('rejected', json.message ?? json.error ?? `HTTP ${response.status}`, response.status, json.error ?? 'rejected');
    }
    return json as T;
  }

  /**
   * Follows the event stream from `since`, reconnecting with backoff and catching up from the last
   * seq seen, until the returned stop function is called.
   */
  follow(since: number, handlers: FollowHandlers, retry = { minMs: 250, maxMs: 3000 }): () => void {
    let last = since;
    let stopped = false;
    let controller: AbortController | undefined;
    let delay = retry.minMs;
    const loop = async () => {
      while (!stopped) {
        controller = new AbortController();
        try {
          const response = await fetch(new URL(`/v1/queue/events?since=${last}`, this.base()), { headers: await this.headers(), signal: controller.signal });
          if (!response.ok || !response.body) throw new Error(`event stream: HTTP ${response.status}`);
          await readSse(response.body, (type, data) => {
            if (type === 'ready') {
              delay = retry.minMs;
              handlers.onUp(last);
              return;
            }
            const event = QueueEvent.parse(JSON.parse(data));
            if (event.seq <= last) return;
            last = event.seq;
            handlers.onEvent(event);
          });
          throw new Error('event stream ended');
        } catch (error) {
          if (stopped) return;
          handlers.onDown(error as Error);
          await new Promise((resolve) => setTimeout(resolve, delay));
          delay = Math.min(retry.maxMs, delay * 2);
        }
      }
    };
    void loop();
    return () => {
      stopped = true;
      controller?.abort();
    };
  }
}

/** Reads a text/event-stream body, calling back with each event's type and data. */
export async function readSse(body: ReadableStream<Uint8Array>, onMessage: (type: string, data: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buffer = '';
  for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let type = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) type = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length) onMessage(type, data.join('\n'));
    }
  }
}
