// An HTTP client that sends the request target byte for byte as given: fetch and URL normalise paths
// (dot segments, some escapes), which would hide exactly the spellings the access tests try.
import { request } from 'node:http';

export interface RawReply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

export function rawRequest(baseUrl: string, method: string, target: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<RawReply> {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: hostname,
        port: Number(port),
        method,
        path: target,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-length': String(Buffer.byteLength(body)) }) },
      },
      (res) => {
        // An event stream never ends: its status and headers are the answer.
        if (String(res.headers['content-type'] ?? '').startsWith('text/event-stream')) {
          resolve({ status: res.statusCode ?? 0, body: '', headers: res.headers });
          res.destroy();
          return;
        }
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const hex = (char: string) => [...Buffer.from(char, 'utf8')].map((byte) => `%${byte.toString(16).toUpperCase().padStart(2, '0')}`).join('');

/**
 * Other spellings of one path, each of which a router might or might not treat as the same route:
 * every character of one segment percent-encoded, letters encoded, doubled and trailing slashes,
 * dot segments, a semicolon, changed case.
 */
export function pathSpellings(path: string): { name: string; target: string }[] {
  const segments = path.split('/').slice(1);
  const join = (parts: string[]) => `/${parts.join('/')}`;
  const out: { name: string; target: string }[] = [{ name: 'plain', target: path }];
  segments.forEach((segment, i) => {
    if (segment === '') return;
    out.push({ name: `segment ${i + 1} percent-encoded`, target: join(segments.map((s, j) => (j === i ? [...s].map(hex).join('') : s))) });
  });
  out.push({ name: 'first letter of each segment encoded', target: join(segments.map((s) => s.replace(/[A-Za-z]/, (c) => hex(c)))) });
  out.push({ name: 'every letter encoded (lowercase hex)', target: path.replace(/[A-Za-z]/g, (c) => hex(c).toLowerCase()) });
  out.push({ name: 'leading double slash', target: `/${path}` });
  if (segments.length > 1) out.push({ name: 'double slash inside', target: join([segments[0]!, '', ...segments.slice(1)]) });
  out.push({ name: 'trailing slash', target: `${path}/` });
  if (segments.length > 1) out.push({ name: 'dot segments', target: join([segments[0]!, 'x', '..', ...segments.slice(1)]) });
  out.push({ name: 'semicolon suffix', target: `${path};x` });
  out.push({ name: 'upper case', target: path.toUpperCase() });
  out.push({ name: 'first segment capitalised', target: join(segments.map((s, j) => (j === 0 ? s.charAt(0).toUpperCase() + s.slice(1) : s))) });
  return out.filter((spelling, i, all) => all.findIndex((other) => other.target === spelling.target) === i);
}
