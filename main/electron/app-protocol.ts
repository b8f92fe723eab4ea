import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Protocol } from 'electron';
import { contentSecurityPolicy } from '../host/content-security-policy.js';
import { realPathInside } from '../host/path-inside.js';

/** The UI is served from app://hall/, a privileged standard scheme, never from file://. */
export const APP_SCHEME = 'app';
export const APP_HOST = 'hall';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
  '.wav': 'audio/wav',
  '.ogg': 'audio/ogg',
  '.woff2': 'font/woff2',
};

/**
 * Must run before app 'ready'. `codeCache`: Chromium keeps V8's compiled code only for http(s) unless
 * a standard scheme asks for it; without it every start of the kiosk compiles the UI's scripts anew
 * (the headless host's page over http, started again in its profile: 516 against 734 ms to the home).
 */
export function registerAppScheme(protocol: Protocol): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true, codeCache: true } },
  ]);
}

/** Resolves a request under the renderer folder, refusing anything that escapes it. */
export async function appProtocolResponse(rendererDir: string, requestUrl: string): Promise<Response> {
  const url = new URL(requestUrl);
  if (url.host !== APP_HOST) return new Response('not found', { status: 404 });
  const root = resolve(rendererDir);
  let decoded: string;
  try {
    decoded = decodeURIComponent(url.pathname);
  } catch {
    return new Response('bad path', { status: 400 });
  }
  let file = normalize(join(root, decoded));
  if (file !== root && !file.startsWith(root + sep)) return new Response('forbidden', { status: 403 });
  const info = await stat(file).catch(() => undefined);
  if (!info?.isFile()) file = extname(url.pathname) === '' ? join(root, 'index.html') : file;
  // A symlink inside the folder must not lead out of it.
  if (existsSync(file) && !(await realPathInside(root, file))) return new Response('forbidden', { status: 403 });
  const body = await readFile(file).catch(() => undefined);
  if (!body) return new Response('not found', { status: 404 });
  return new Response(new Uint8Array(body), {
    headers: {
      'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
      'Content-Security-Policy': contentSecurityPolicy(),
      'X-Content-Type-Options': 'nosniff',
    },
  });
}

export function handleAppProtocol(protocol: Protocol, rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => appProtocolResponse(rendererDir, request.url));
}
