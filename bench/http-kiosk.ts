// A kiosk as load for the 200-at-once benches: one kept-alive TCP connection, each request written as
// one buffer, each answer read by its Content-Length. With 200 kiosks in one process on the two cores
// the service also runs on, the client's own CPU is counted as the service's latency: node:http costs
// about 95 µs a request here, fetch about 800; this client about 25 (measured on this machine), which
// is nearer to what a kiosk's request costs the hall's server when the kiosk is a machine of its own.
import { connect, type Socket } from 'node:net';

const HEAD_END = Buffer.from('\r\n\r\n');

interface Answer {
  status: number;
  body: Buffer;
}

export class HttpKiosk {
  private socket: Socket | undefined;
  private buffered: Buffer = Buffer.alloc(0);
  private waiting: { resolve: (answer: Answer) => void; reject: (error: Error) => void } | undefined;
  private readonly host: string;
  private readonly port: number;
  private readonly authorization: string;

  constructor(baseUrl: string, credential: string) {
    const url = new URL(baseUrl);
    this.host = url.hostname;
    this.port = Number(url.port);
    this.authorization = `Bearer ${credential}`;
  }

  /** One request on the kiosk's connection (one at a time, as a kiosk waits for its ticket); any status is returned. */
  request(method: string, path: string, body?: unknown): Promise<Answer> {
    if (this.waiting) return Promise.reject(new Error('a kiosk sends one request at a time'));
    const payload = body === undefined ? '' : JSON.stringify(body);
    const head =
      `${method} ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\nauthorization: ${this.authorization}\r\n` +
      (body === undefined ? '' : `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n`) +
      '\r\n';
    return new Promise<Answer>((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.connection().write(head + payload);
    });
  }

  /** A JSON answer of status 200, or an error naming the status. */
  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const answer = await this.request(method, path, body);
    if (answer.status !== 200) throw new Error(`${method} ${path} answered ${answer.status}: ${answer.body.toString('utf8').slice(0, 200)}`);
    return JSON.parse(answer.body.toString('utf8')) as T;
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connection(): Socket {
    if (this.socket) return this.socket;
    const socket = connect(this.port, this.host);
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => {
      this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
      this.answered();
    });
    const fail = (error: Error) => {
      const waiting = this.waiting;
      this.waiting = undefined;
      this.socket = undefined;
      waiting?.reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('the server closed the connection')));
    this.socket = socket;
    return socket;
  }

  private answered(): void {
    if (!this.waiting) return;
    const end = this.buffered.indexOf(HEAD_END);
    if (end < 0) return;
    const head = this.buffered.toString('latin1', 0, end);
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1]);
    if (/\r\ntransfer-encoding:/i.test(head)) return this.fail(new Error('the bench kiosk reads answers with a Content-Length only'));
    const length = Number(/\r\ncontent-length: *(\d+)/i.exec(head)?.[1] ?? 0);
    if (this.buffered.length < end + HEAD_END.length + length) return;
    const start = end + HEAD_END.length;
    const body = this.buffered.subarray(start, start + length);
    this.buffered = this.buffered.subarray(start + length);
    const waiting = this.waiting;
    this.waiting = undefined;
    if (!Number.isInteger(status)) waiting.reject(new Error(`not an HTTP answer: ${head.slice(0, 80)}`));
    else waiting.resolve({ status, body });
  }

  private fail(error: Error): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    this.close();
    waiting?.reject(error);
  }
}
