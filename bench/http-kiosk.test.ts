import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Server as TcpServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpKiosk } from './http-kiosk.js';

const servers: (Server | TcpServer)[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

async function listen<S extends Server | TcpServer>(server: S): Promise<string> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('the bench kiosk', () => {
  it('sends its credential and body, reads answers by length on one kept-alive connection', async () => {
    const seen: { auth?: string; body: string; socket: unknown }[] = [];
    const url = await listen(
      createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          seen.push({ auth: req.headers.authorization, body: Buffer.concat(chunks).toString('utf8'), socket: req.socket });
          const answer = JSON.stringify({ number: `A${String(seen.length).padStart(3, '0')}`, note: '取号' });
          res.writeHead(seen.length === 3 ? 409 : 200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(answer) });
          res.end(answer);
        });
      }),
    );
    const kiosk = new HttpKiosk(url, 'secret-1');
    expect(await kiosk.json('POST', '/v1/queue/tickets', { service: 'general' })).toEqual({ number: 'A001', note: '取号' });
    expect(await kiosk.json('POST', '/v1/queue/tickets', { service: '社保' })).toEqual({ number: 'A002', note: '取号' });
    await expect(kiosk.json('POST', '/v1/queue/tickets', {})).rejects.toThrow(/answered 409/);
    kiosk.close();
    expect(seen.map((s) => s.auth)).toEqual(['Bearer secret-1', 'Bearer secret-1', 'Bearer secret-1']);
    expect(JSON.parse(seen[1]!.body)).toEqual({ service: '社保' });
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
  });

  it('waits for an answer that comes in pieces, and refuses one without a length', async () => {
    const url = await listen(
      createTcpServer((socket) => {
        let n = 0;
        socket.on('data', () => {
          n += 1;
          if (n === 1) {
            const body = '{"ticket":"A001"}';
            const whole = `HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: ${body.length}\r\n\r\n${body}`;
            socket.write(whole.slice(0, 20));
            setTimeout(() => socket.write(whole.slice(20, 70)), 10);
            setTimeout(() => socket.write(whole.slice(70)), 20);
          } else socket.write('HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n');
        });
      }),
    );
    const kiosk = new HttpKiosk(url, 'secret-2');
    expect(await kiosk.json('GET', '/v1/queue/appointments')).toEqual({ ticket: 'A001' });
    await expect(kiosk.json('GET', '/v1/queue/appointments')).rejects.toThrow(/Content-Length only/);
  });

  it('fails the request in flight when the server goes away', async () => {
    const url = await listen(createTcpServer((socket) => socket.on('data', () => socket.destroy())));
    const kiosk = new HttpKiosk(url, 'secret-3');
    await expect(kiosk.request('GET', '/')).rejects.toThrow(/closed the connection/);
  });
});
