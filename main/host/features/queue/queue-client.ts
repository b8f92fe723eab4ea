// A terminal's client of the hall queue service (its routes from the platform API table), and its
// follower of the one event stream.
import { Backoff } from '../../../../contract/async/backoff.js';
import { WakeableSleep } from '../../../../contract/async/wakeable-sleep.js';
import { QueueEvent } from '../../../../contract/queue.js';
import type { PlatformRouteName } from '../../../../contract/platform-api/routes.js';
import { PlatformApiClient, PlatformUnreachable, type RouteCall } from '../../../../offline-store/sync/platform-api-client.js';

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
  /** The terminal's platform credential; undefined until the terminal is enrolled. */
  credential: () => Promise<string | undefined>;
  timeoutMs?: number;
}

export interface FollowHandlers {
  onEvent(event: QueueEvent): void;
  /** The stream is up and caught up to `seq`. */
  onUp(seq: number): void;
  onDown(error: Error): void;
}

/** The hall queue routes of the platform API (contract/platform-api), by name. */
export type QueueRouteName = Extract<PlatformRouteName, `queue${string}`>;

export class HallServiceClient {
  private readonly api: PlatformApiClient;

  constructor(options: HallServiceClientOptions) {
    this.api = new PlatformApiClient({ baseUrl: options.baseUrl, credential: options.credential, timeoutMs: options.timeoutMs ?? 3000 });
  }

  async request<T>(name: QueueRouteName, call: RouteCall = {}, options: { timeoutMs?: number } = {}): Promise<T> {
    let answer;
    try {
      answer = await this.api.send(name, call, options);
    } catch (error) {
      if (error instanceof PlatformUnreachable) throw new HallServiceError('unreachable', error.message.replace(/^platform/, 'hall service'));
      throw error;
    }
    const json = (typeof answer.body === 'object' && answer.body !== null ? answer.body : {}) as { error?: string; message?: string };
    if (answer.status < 200 || answer.status > 299) {
      throw new HallServiceError('rejected', json.message ?? json.error ?? `HTTP ${answer.status}`, answer.status, json.error ?? 'rejected');
    }
    return answer.body as T;
  }

  /**
   * Follows the event stream from `since`, reconnecting with backoff and catching up from the last
   * seq seen, until the returned stop function is called.
   */
  follow(since: number, handlers: FollowHandlers, retry = { minMs: 250, maxMs: 3000 }): () => void {
    let last = since;
    let stopped = false;
    let controller: AbortController | undefined;
    const reconnect = new Backoff({ initialMs: retry.minMs, maxMs: retry.maxMs });
    const pause = new WakeableSleep();
    const loop = async () => {
      while (!stopped) {
        controller = new AbortController();
        try {
          const response = await fetch(this.api.url('queueEvents', { query: { since: last } }), {
            headers: await this.api.authorization(),
            signal: controller.signal,
          });
          if (!response.ok || !response.body) throw new Error(`event stream: HTTP ${response.status}`);
          await readSse(response.body, (type, data) => {
            if (type === 'ready') {
              reconnect.reset();
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
          await pause.sleep(reconnect.next());
        }
      }
    };
    void loop();
    return () => {
      stopped = true;
      controller?.abort();
      pause.wake();
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
