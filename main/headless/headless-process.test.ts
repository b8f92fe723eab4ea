// The real headless host process with its embedded platform: a hostile upgrade request must not
// end it (before the fix it threw outside any handler and the process exited).
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHall, type RunningHall } from '../../test/helpers/start-hall.js';

let hall: RunningHall;
beforeAll(async () => {
  hall = await startHall({
    hallId: 'demo-hall',
    terminalId: 'kiosk-ws',
    role: 'kiosk',
    platformUrl: 'embedded',
    phonePages: { address: 'off' },
    languages: ['zh-CN'],
    defaultLanguage: 'zh-CN',
    devices: [],
  });
});
afterAll(async () => hall?.stop());

function send(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer));
    socket.on('error', reject);
  });
}

describe('the headless host process', () => {
  it('survives WebSocket upgrades with bad absolute URLs and no token, and keeps answering', async () => {
    const port = Number(new URL(hall.url).port);
    const upgrade = (target: string, host: string) =>
      `GET ${target} HTTP/1.1\r\nHost: ${host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n`;
    for (const [target, host] of [
      ['http://a:99999/api/v1/events', `127.0.0.1:${port}`],
      ['http://a:99999/api/v1/events', 'a:99999'],
      ['http://[::1/api/v1/events', `127.0.0.1:${port}`],
      ['*', `127.0.0.1:${port}`],
    ] as const) {
      expect(await send(port, upgrade(target, host))).toMatch(/^HTTP\/1\.1 4\d\d /);
    }
    expect(hall.process.exitCode).toBeNull();
    const info = await fetch(new URL('api/v1/call/terminal.info', hall.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${hall.token}` },
      body: '{}',
    });
    expect(info.status).toBe(200);
  });
});
