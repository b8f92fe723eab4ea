// hallctl's client of the platform's admin routes: the route (method, path, body schema) comes from
// the one table in contract/platform-api; the administrator's token from --admin-token or HALL_ADMIN_TOKEN.
import { buildPath, type RouteSpec } from '../../contract/platform-api/route.js';
import { bearer } from '../../contract/sync-protocol.js';
import { EXIT, requireString, UsageError, type CliIo, type ExitCode } from './cli-command.js';

export const ADMIN_OPTIONS = { url: { type: 'string' }, 'admin-token': { type: 'string' } } as const;

export async function adminCall(
  values: Record<string, unknown>,
  route: RouteSpec,
  input: { params?: Record<string, string>; body?: unknown; query?: Record<string, string> },
  io: CliIo,
): Promise<{ code: ExitCode; body?: Record<string, unknown> }> {
  const base = requireString(values, 'url');
  const token = typeof values['admin-token'] === 'string' ? values['admin-token'] : process.env.HALL_ADMIN_TOKEN;
  if (!token) throw new UsageError('--admin-token (or HALL_ADMIN_TOKEN) is required');
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
      headers: { ...bearer(token), ...(route.method === 'GET' ? {} : { 'content-type': 'application/json' }) },
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
