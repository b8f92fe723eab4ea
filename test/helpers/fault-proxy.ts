// A loopback TCP proxy that misbehaves on purpose: drops connections, delays, resets in the middle
// of a response, answers 503 itself, or throttles bandwidth. Faults are chosen per chunk of client
// data (roughly per request, also on kept-alive connections) by a pluggable policy.
import net from 'node:net';

export type Fault = { kind: 'pass' } | { kind: 'drop' } | { kind: 'delay'; ms: number } | { kind: 'reset-mid-response' } | { kind: 'http-503' };

export interface FaultProxyOptions {
  target: { host: string; port: number };
  /** Chooses what happens to the next chunk of client data (given that chunk: a request line to match). Default: always pass. */
  policy?: (chunk: Buffer) => Fault;
  /** Bandwidth cap per direction per connection, bytes per second. */
  bytesPerSecond?: number;
}

export interface FaultProxy {
  url: string;
  port: number;
  counts: Record<Fault['kind'], number>;
  setPolicy(policy: (chunk: Buffer) => Fault): void;
  close(): Promise<void>;
}

/** Random faults with the given probabilities; what remains passes. */
export function randomFaults(p: { drop?: number; delay?: number; reset?: number; http503?: number }, random = Math.random, delayMs = 200): () => Fault {
  return () => {
    const r = random();
    let edge = p.drop ?? 0;
    if (r < edge) return { kind: 'drop' };
    if (r < (edge += p.delay ?? 0)) return { kind: 'delay', ms: Math.round(delayMs * random()) };
    if (r < (edge += p.reset ?? 0)) return { kind: 'reset-mid-response' };
    if (r < edge + (p.http503 ?? 0)) return { kind: 'http-503' };
    return { kind: 'pass' };
  };
}

const SERVICE_UNAVAILABLE =
  'HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\ncontent-length: 24\r\nconnection: close\r\n\r\n{"error":"proxy-fault"}\n';

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  let policy: (chunk: Buffer) => Fault = options.policy ?? (() => ({ kind: 'pass' }));
  const counts: FaultProxy['counts'] = { pass: 0, drop: 0, delay: 0, 'reset-mid-response': 0, 'http-503': 0 };
  const sockets = new Set<net.Socket>();

  const server = net.createServer((client) => {
    const upstream = net.connect(options.target.port, options.target.host);
    sockets.add(client).add(upstream);
    const kill = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('close', () => {
      sockets.delete(client);
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('error', kill);
    upstream.on('error', kill);

    let resetOnResponse = false;
    // Serialise client chunks so a delayed chunk is not overtaken by the next one.
    let queue = Promise.resolve();
    client.on('data', (chunk) => {
      client.pause();
      queue = queue.then(async () => {
        const fault = policy(chunk);
        counts[fault.kind] += 1;
        if (fault.kind === 'drop') return kill();
        if (fault.kind === 'http-503') {
          client.end(SERVICE_UNAVAILABLE);
          upstream.destroy();
          return;
        }
        if (fault.kind === 'delay') await new Promise((resolve) => setTimeout(resolve, fault.ms));
        if (fault.kind === 'reset-mid-response') resetOnResponse = true;
        await throttledWrite(upstream, chunk, options.bytesPerSecond);
        client.resume();
      });
    });
    upstream.on('data', (chunk: Buffer) => {
      if (resetOnResponse) {
        // Half the reply reaches the client, then the connection is reset (RST, not FIN).
        client.write(chunk.subarray(0, Math.max(1, chunk.length >> 1)), () => client.resetAndDestroy());
        upstream.destroy();
        return;
      }
      upstream.pause();
      void throttledWrite(client, chunk, options.bytesPerSecond).then(() => upstream.resume());
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    counts,
    setPolicy: (next) => {
      policy = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Writes in slices paced to the bandwidth cap; resolves when the socket has taken the bytes. */
async function throttledWrite(socket: net.Socket, chunk: Buffer, bytesPerSecond?: number): Promise<void> {
  if (socket.destroyed) return;
  if (!bytesPerSecond) {
    await new Promise<void>((resolve) => (socket.write(chunk) ? resolve() : socket.once('drain', resolve).once('close', resolve)));
    return;
  }
  const slice = Math.max(512, Math.floor(bytesPerSecond / 50));
  for (let offset = 0; offset < chunk.length && !socket.destroyed; offset += slice) {
    const part = chunk.subarray(offset, offset + slice);
    socket.write(part);
    await new Promise((resolve) => setTimeout(resolve, (part.length / bytesPerSecond) * 1000));
  }
}
