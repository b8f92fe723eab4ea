import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';
import type { PlatformRouter } from '../access/router.js';
import { parseRange } from './byte-ranges.js';

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const TYPES: Record<string, string> = { '.yml': 'text/yaml; charset=utf-8', '.blockmap': 'application/octet-stream' };

/**
 * Serves release files (latest*.yml, packages, blockmaps) to the hall's terminals from a folder,
 * with HTTP Range — including the multi-range requests electron-updater's differential download
 * makes — so terminals fetch only the blocks that changed. No authentication: release files are
 * public and their hashes are checked by the updater.
 */
export function registerUpdateRoutes(router: PlatformRouter, updatesDir: string): void {
  mkdirSync(updatesDir, { recursive: true });
  const handler = async (name: string, rangeHeader: string | undefined, reply: FastifyReply, headOnly: boolean) => {
    if (!SAFE_NAME.test(name) || name.includes('..')) return reply.code(404).send({ error: 'not-found' });
    const path = join(updatesDir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info?.isFile()) return reply.code(404).send({ error: 'not-found' });
    const type = TYPES[name.slice(name.lastIndexOf('.'))] ?? 'application/octet-stream';
    reply
      .header('accept-ranges', 'bytes')
      .header('etag', `"${info.size.toString(16)}-${info.mtimeMs.toString(16)}"`)
      .header('cache-control', 'no-cache');
    const ranges = parseRange(rangeHeader, info.size);
    if (ranges === 'unsatisfiable') return reply.code(416).header('content-range', `bytes */${info.size}`).send();
    if (!ranges) {
      reply.header('content-type', type).header('content-length', info.size);
      return headOnly ? reply.send() : reply.send(createReadStream(path));
    }
    if (ranges.length === 1) {
      const [{ start, end }] = ranges as [{ start: number; end: number }];
      reply
        .code(206)
        .header('content-type', type)
        .header('content-range', `bytes ${start}-${end}/${info.size}`)
        .header('content-length', end - start + 1);
      return headOnly ? reply.send() : reply.send(createReadStream(path, { start, end }));
    }
    const boundary = `hall-${randomBytes(8).toString('hex')}`;
    const head = (r: { start: number; end: number }) =>
      `\r\n--${boundary}\r\nContent-Type: ${type}\r\nContent-Range: bytes ${r.start}-${r.end}/${info.size}\r\n\r\n`;
    const tail = `\r\n--${boundary}--\r\n`;
    const length = ranges.reduce((sum, r) => sum + Buffer.byteLength(head(r)) + (r.end - r.start + 1), 0) + Buffer.byteLength(tail);
    reply.code(206).header('content-type', `multipart/byteranges; boundary=${boundary}`).header('content-length', length);
    if (headOnly) return reply.send();
    async function* parts() {
      for (const r of ranges as { start: number; end: number }[]) {
        yield Buffer.from(head(r));
        for await (const chunk of createReadStream(path, { start: r.start, end: r.end })) yield chunk as Buffer;
      }
      yield Buffer.from(tail);
    }
    return reply.send(Readable.from(parts()));
  };
  // Fastify answers HEAD for this GET route itself (same headers, no body).
  router.serve('updateFile', ({ params, request, reply }) => handler(params.file, request.headers.range, reply, request.method === 'HEAD'));
}
