// The LISTEN connection survives a server that ends it in the very chunk that completes its handshake
// (pg_terminate_backend during a restart does this): before the fix the 'error' had no listener yet
// and ended the platform process, which the multi-instance fault test saw as an instance that died.
// A minimal PostgreSQL wire server on loopback plays the server's side.
import { createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ServerDatabase } from './server-database.js';

const message = (type: string, body: Buffer) => {
  const head = Buffer.alloc(5);
  head.write(type, 0, 'latin1');
  head.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
};
const int32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(n);
  return b;
};
const cstring = (s: string) => Buffer.from(`${s}\0`, 'utf8');
const authenticationOk = message('R', int32(0));
const readyForQuery = message('Z', Buffer.from('I'));
const terminated = message(
  'E',
  Buffer.concat([
    Buffer.from('S'),
    cstring('FATAL'),
    Buffer.from('C'),
    cstring('57P01'),
    Buffer.from('M'),
    cstring('terminating connection due to administrator command'),
    Buffer.from([0]),
  ]),
);
const notification = (channel: string, payload: string) => message('A', Buffer.concat([int32(4242), cstring(channel), cstring(payload)]));

let server: Server | undefined;
let db: ServerDatabase | undefined;
afterEach(async () => {
  await db?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe('the LISTEN connection of a server database', () => {
  it('is made again when the server ends it in the chunk that completes the handshake, and then hears notifications', async () => {
    const sockets: Socket[] = [];
    let connections = 0;
    server = createServer((socket) => {
      sockets.push(socket);
      const first = connections++ === 0;
      let startup = true;
      let pending = Buffer.alloc(0);
      socket.on('error', () => undefined);
      socket.on('data', (chunk) => {
        pending = Buffer.concat([pending, chunk]);
        if (startup) {
          if (pending.length < 4 || pending.length < pending.readInt32BE(0)) return;
          pending = pending.subarray(pending.readInt32BE(0));
          startup = false;
          // The first connection: ready, and ended by the server in the same write.
          if (first) socket.end(Buffer.concat([authenticationOk, readyForQuery, terminated]));
          else socket.write(Buffer.concat([authenticationOk, readyForQuery]));
          return;
        }
        while (pending.length >= 5 && pending.length >= 1 + pending.readInt32BE(1)) {
          const type = String.fromCharCode(pending[0]!);
          pending = pending.subarray(1 + pending.readInt32BE(1));
          if (type === 'Q') socket.write(Buffer.concat([message('C', cstring('LISTEN')), readyForQuery]));
        }
      });
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    db = new ServerDatabase(`postgres://hall@127.0.0.1:${port}/hall`);

    const heard: string[] = [];
    await db.listen('queue_events', (payload) => heard.push(payload));
    expect(connections).toBe(2);
    sockets[1]!.write(notification('queue_events', '{"seq":7}'));
    await expect.poll(() => heard).toEqual(['{"seq":7}']);
  });
});
