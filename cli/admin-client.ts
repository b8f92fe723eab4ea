// hallctl's client of the platform's admin routes: the route (method, path, body schema) comes from
// the one table in contract/platform-api. The administrator: a named one (--admin-user, the password
// from HALL_ADMIN_PASSWORD, never on the command line), or the bootstrap token (--admin-token or HALL_ADMIN_TOKEN).
import { buildPath, type RouteSpec } from '../contract/platform-api/route.js';
import { bearer } from '../contract/sync-protocol.js';
import { EXIT, requireString, UsageError, type CliIo, type ExitCode } from './cli-command.js';

export const ADMIN_OPTIONS = { url: { type: 'string' }, 'admin-token': { type: 'string' }, 'admin-user': { type: 'string' } } as const;

function adminAuthorization(values: Record<string, unknown>): Record<string, string> {
  if (typeof values['admin-user'] === 'string') {
    const password = process.env.HALL_ADMIN_PASSWORD;
    if (!password) throw new UsageError('--admin-user needs the password in HALL_ADMIN_PASSWORD');
    return { authorization: `Basic ${Buffer.from(`${values['admin-user']}:${password}`).toString('base64')}` };
  }
  const token = typeof values['admin-token'] === 'string' ? values['admin-token'] : process.env.HALL_ADMIN_TOKEN;
  if (!token) throw new UsageError('--admin-user (with HALL_ADMIN_PASSWORD) or --admin-token (or HALL_ADMIN_TOKEN) is required');
  return bearer(token);
}

export async function adminCall(
  values: Record<string, unknown>,
  route: RouteSpec,
  input: { params?: Record<string, string>; body?: unknown; query?: Record<string, string> },
  io: CliIo,
): Promise<{ code: ExitCode; body?: Record<string, unknown> }> {
  const base = requireString(values, 'url');
  const authorization = adminAuthorization(values);
  if (route.body && route.body !== 'octet-stream') {
    const checked = route.body.safeParse(input.body ?? {});
    if (!checked.success) throw new UsageError(checked.error.issues.map((i) => `${i.path.join('.') || 'input'}: ${i.message}`).join('; '));
  }
  const url = new URL(buildPath(route, input.params), base);
  for (const [key, value] of Object.entries(input.query ?? {})) url.searchParams.set(key, value);
  let response: Response;
  try {
    response = await fetch(url, {
      method: route.method,
      headers: { ...authorization, ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
      ...(route.method === 'GET' ? {} : { body: JSON.stringify(input.body ?? {}) }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch (error) {
    io.note(`hallctl: the platform at ${base} cannot be reached: ${(error as Error).message}`);
    return { code: EXIT.unreachable };
  }
  const reply = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (!response.ok) {
    io.note(`hallctl: the platform refused (${response.status}): ${JSON.stringify(reply)}`);
    return { code: response.status === 401 || response.status === 400 ? EXIT.usage : EXIT.deviceError };
  }
  return { code: EXIT.ok, body: reply };
}
