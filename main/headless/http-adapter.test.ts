import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../host/logging.js';
import { startTestHost, type TestHost } from '../../test/helpers/test-host.js';
import { startHeadlessServer, type HeadlessServer } from './http-adapter.js';

/** Raw HTTP so the test controls the Host and Origin headers a browser would send. */
function rawRequest(url: string, options: { method?: string; headers?: Record<string, string>; body?: string }) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Bytes on a plain socket: a WebSocket client library would never send such a request target. */
function rawExchange(port: number, text: string) {
  return new Promise<string>((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('end', () => resolve(answer));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

const upgradeHeaders = (host: string) =>
  `Host: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;

describe('headless HTTP/WebSocket adapter security', () => {
  let test: TestHost;
  let server: HeadlessServer;
  const token = 'test-token-abcdefghijklmnopqrstuvwxyz012345';
  const rendererDir = mkdtempSync(join(tmpdir(), 'r-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><p>kiosk</p>');
  // A secret beside the renderer folder, reachable from inside it only through symlinks.
  const outside = mkdtempSync(join(tmpdir(), 'outside-'));
  writeFileSync(join(outside, 'secret.json'), '{"secret":"terminal key"}');
  symlinkSync(join(outside, 'secret.json'), join(rendererDir, 'linked.json'));
  symlinkSync(outside, join(rendererDir, 'linked-dir'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  symlinkSync(join(rendererDir, 'assets', 'app.js'), join(rendererDir, 'alias.js'));

  beforeAll(async () => {
    test = await startTestHost('headless');
    server = await startHeadlessServer({ handlers: test.host.handlers, bus: test.host.bus, log: createLogger({}), token, rendererDir, port: 0 });
  });
  afterAll(async () => {
    await server.close();
    await test.host.stop();
  });

  const call = (headers: Record<string, string>, body = '{}') =>
    rawRequest(`${server.url}api/v1/call/terminal.info`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

  it('answers a call carrying the session token', async () => {
    const response = await call({ authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ ok: true, value: { terminalId: 'kiosk-07' } });
  });

  it('refuses a missing or wrong token', async () => {
    expect((await call({})).status).toBe(401);
    expect((await call({ authorization: `Bearer ${token}x` })).status).toBe(401);
  });

  it('refuses a cross-origin page and a rebinding host name even with the token', async () => {
    expect((await call({ authorization: `Bearer ${token}`, origin: 'https://evil.example' })).status).toBe(403);
    expect((await call({ authorization: `Bearer ${token}`, host: `evil.example:${server.port}` })).status).toBe(421);
  });

  it('refuses malformed bodies with a clear error', async () => {
    const response = await call({ authorization: `Bearer ${token}` }, '{not json');
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe('bad-input');
    expect((await call({ authorization: `Bearer ${token}`, 'content-type': 'text/plain' })).status).toBe(415);
  });

  it('serves the UI with a strict CSP and never a file outside the renderer folder', async () => {
    const page = await rawRequest(server.url, {});
    expect(page.status).toBe(200);
    expect(page.body).toContain('kiosk');
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await rawRequest(`${server.url}..%2f..%2fetc%2fpasswd`, {})).status).toBe(403);
  });

  it('refuses a WebSocket without the token', async () => {
    const ws = new WebSocket(`${server.url.replace('http', 'ws')}api/v1/events`, ['hall.v1', 'hall-token.wrong']);
    const outcome = await new Promise<string>((resolve) => {
      ws.onopen = () => resolve('open');
      ws.onerror = () => resolve('refused');
    });
    expect(outcome).toBe('refused');
  });

  it('an upgrade with a bad absolute URL and no token is refused and the host keeps serving', async () => {
    const answer = await rawExchange(server.port, `GET http://a:99999/api/v1/events HTTP/1.1\r\n${upgradeHeaders(`127.0.0.1:${server.port}`)}`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect((await call({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('an upgrade from a foreign Host is refused before its target is read', async () => {
    const answer = await rawExchange(server.port, `GET http://a:99999/api/v1/events HTTP/1.1\r\n${upgradeHeaders(`evil.example:${server.port}`)}`);
    expect(answer).toMatch(/^HTTP\/1\.1 421 /);
    expect((await call({ authorization: `Bearer ${token}` })).status).toBe(200);
  });

  it('a plain request with an absolute-form target is a 400, not a 500', async () => {
    const answer = await rawExchange(server.port, `GET http://a:99999/ HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nConnection: close\r\n\r\n`);
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('a malformed percent escape in a method name is a 400 bad-input, not a 500', async () => {
    const response = await rawRequest(`${server.url}api/v1/call/terminal.%E0%A4%A`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: '{}',
    });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).error.code).toBe('bad-input');
  });

  it('static serving never follows a symlink out of its folder', async () => {
    const file = await rawRequest(`${server.url}linked.json`, {});
    expect(file.status).toBe(403);
    expect(file.body).not.toContain('terminal key');
    const throughDir = await rawRequest(`${server.url}linked-dir/secret.json`, {});
    expect(throughDir.status).toBe(403);
    expect(throughDir.body).not.toContain('terminal key');
    // A link that stays inside the folder is still served.
    const alias = await rawRequest(`${server.url}alias.js`, {});
    expect(alias.status).toBe(200);
    expect(alias.body).toBe('console.log(1)');
  });
});
