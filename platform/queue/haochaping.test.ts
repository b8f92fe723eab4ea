// The provincial 好差评 adapter over HTTP: the report id travels as the idempotency key, a repeat is
// answered 409 and counts as delivered, a server error is a failure to retry.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpHaochapingGateway, type HaochapingReport } from './haochaping.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

/** A provincial endpoint keeping reports by idempotency key; `down` answers 503. */
async function province(state: { down: boolean; kept: Map<string, HaochapingReport>; auth: string[] }): Promise<string> {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      state.auth.push(request.headers.authorization ?? '');
      if (state.down) return void response.writeHead(503).end();
      const key = String(request.headers['idempotency-key']);
      if (request.url !== '/api/reports' || request.method !== 'POST') return void response.writeHead(404).end();
      if (state.kept.has(key)) return void response.writeHead(409).end();
      state.kept.set(key, JSON.parse(body) as HaochapingReport);
      response.writeHead(201).end();
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api/`;
}

describe('HTTP 好差评 gateway', () => {
  it('delivers a report once by its id, takes a repeat as delivered, and fails on a server error', async () => {
    const state = { down: false, kept: new Map<string, HaochapingReport>(), auth: [] as string[] };
    const gateway = new HttpHaochapingGateway({ baseUrl: await province(state), token: 'secret-token' });
    const report: HaochapingReport = { id: 'r-1', kind: 'rating', ref: 't-1', body: { level: 1, reason: '等候时间太长' } };
    await gateway.deliver(report);
    await gateway.deliver(report);
    expect([...state.kept.keys()]).toEqual(['r-1']);
    expect(state.kept.get('r-1')).toEqual(report);
    expect(state.auth[0]).toBe('Bearer secret-token');
    state.down = true;
    await expect(gateway.deliver({ ...report, id: 'r-2' })).rejects.toThrow(/answered 503/);
    expect(() => new HttpHaochapingGateway({ baseUrl: 'ftp://x' })).toThrow(/http\(s\)/);
  });
});
