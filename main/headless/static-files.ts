import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { realPathInside } from '../host/path-inside.js';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.woff2': 'font/woff2',
  '.ico': 'image/x-icon',
  '.wav': 'audio/wav',
  '.mp3': 'audio/mpeg',
  '.ogg': 'audio/ogg',
  '.webmanifest': 'application/manifest+json',
};

/** Serves the built renderer; unknown paths without an extension get index.html (client routing). */
export async function serveStatic(rootDir: string, urlPath: string, res: ServerResponse, headers: Record<string, string>): Promise<void> {
  const root = resolve(rootDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    res.writeHead(400).end('bad path');
    return;
  }
  let file = normalize(join(root, decoded));
  if (file !== root && !file.startsWith(root + sep)) {
    res.writeHead(403).end('forbidden');
    return;
  }
  let info = await stat(file).catch(() => undefined);
  if (info?.isDirectory()) {
    file = join(file, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  if (!info && extname(decoded) === '') {
    file = join(root, 'index.html');
    info = await stat(file).catch(() => undefined);
  }
  // The name stays inside the folder, but a symlink in it could still lead out: the real path decides.
  if (info?.isFile() && !(await realPathInside(root, file))) {
    res.writeHead(403).end('forbidden');
    return;
  }
  if (!info?.isFile()) {
    res
      .writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', ...headers })
      .end(file.endsWith('index.html') ? 'The renderer is not built yet: run `npm run build:renderer`.' : 'not found');
    return;
  }
  const hashed = decoded.startsWith('/assets/');
  res.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': String(info.size),
    'Cache-Control': hashed ? 'public, max-age=31536000, immutable' : 'no-cache',
    ...headers,
  });
  createReadStream(file).pipe(res);
}
