import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.js';

let server: http.Server;
let hits = 0;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits += 1;
    const size = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('size') ?? '5');
    res.end('x'.repeat(size));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function withProxy(fault: Fault, body: (proxy: FaultProxy) => Promise<void>, bytesPerSecond?: number) {
  const proxy = await startFaultProxy({ target: { host: '127.0.0.1', port: (server.address() as AddressInfo).port }, policy: () => fault, ...(bytesPerSecond ? { bytesPerSecond } : {}) });
  try {
    await body(proxy);
  } finally {
    await proxy.close();
  }
}

describe('fault proxy', () => {
  it('passes requests through', () =>
    withProxy({ kind: 'pass' }, async (proxy) => {
      const res = await fetch(`${proxy.url}/?size=7`);
      expect(await res.text()).toBe('xxxxxxx');
      expect(proxy.counts.pass).toBeGreaterThan(0);
    }));

  it('drops the connection before the server sees the request', () =>
    withProxy({ kind: 'drop' }, async (proxy) => {
      const before = hits;
      await expect(fetch(proxy.url)).rejects.toThrow();
      expect(hits).toBe(before);
    }));

  it('answers 503 itself', () =>
    withProxy({ kind: 'http-503' }, async (proxy) => {
      const res = await fetch(proxy.url);
      expect(res.status).toBe(503);
    }));

  it('resets in the middle of a response after the server handled the request', () =>
    withProxy({ kind: 'reset-mid-response' }, async (proxy) => {
      const before = hits;
      await expect(fetch(`${proxy.url}/?size=200000`).then((r) => r.text())).rejects.toThrow();
      expect(hits).toBe(before + 1);
    }));

  it('delays a request by the chosen time', () =>
    withProxy({ kind: 'delay', ms: 150 }, async (proxy) => {
      const started = performance.now();
      await (await fetch(proxy.url)).text();
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    }));

  it('throttles a response to the configured bandwidth', () =>
    withProxy({ kind: 'pass' }, async (proxy) => {
      const started = performance.now();
      const text = await (await fetch(`${proxy.url}/?size=40000`)).text();
      expect(text).toHaveLength(40000);
      expect(performance.now() - started).toBeGreaterThanOrEqual(350);
    }, 100_000));
});
