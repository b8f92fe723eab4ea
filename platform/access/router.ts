// Registers the platform's routes from the one table (contract/platform-api). Each route carries its
// own access check as a route-level onRequest hook: it runs for the route the router matched (after
// the path was decoded), before the body is read, so no spelling of a path can reach a handler
// unchecked. A route not in the table cannot be registered, and a path no route matches is 404.
import type { FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { z } from 'zod';
import type { AdminPrincipal, TerminalPrincipal } from '../../contract/platform-api/access.js';
import { platformApi, type PlatformApi, type PlatformRouteName } from '../../contract/platform-api/routes.js';
import { OCTET_STREAM, type RouteSpec } from '../../contract/platform-api/route.js';
import { presentedCredential, type AdminAuthority } from './admin-auth.js';
import type { AuditLog } from './audit-log.js';
import type { TerminalRegistry } from './terminal-registry.js';

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type BodyOf<R extends RouteSpec> = R['body'] extends typeof OCTET_STREAM ? Buffer : Parsed<R['body']>;
type PrincipalOf<R extends RouteSpec> = R['access'] extends { kind: 'terminal' }
  ? TerminalPrincipal
  : R['access'] extends { kind: 'admin' }
    ? AdminPrincipal
    : null;

export interface RouteInput<R extends RouteSpec> {
  params: R['params'] extends z.ZodType ? z.output<R['params']> : Record<string, never>;
  query: Parsed<R['query']>;
  body: BodyOf<R>;
  principal: PrincipalOf<R>;
  request: FastifyRequest;
  reply: FastifyReply;
}
export type RouteHandler<R extends RouteSpec> = (input: RouteInput<R>) => unknown;

const principals = new WeakMap<FastifyRequest, TerminalPrincipal | AdminPrincipal>();
/** Who called an admin route (or who a refused credential claimed to be), for the audit log. */
const claimedAdmins = new WeakMap<FastifyRequest, string>();

const issuesOf = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);

export class PlatformRouter {
  private readonly served = new Set<PlatformRouteName>();
  private readonly declared = new Set(Object.values(platformApi).map((route) => `${route.method} ${route.path}`));

  constructor(
    private readonly app: FastifyInstance,
    private readonly auth: { terminals: TerminalRegistry; admins: AdminAuthority; audit: AuditLog },
  ) {
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        // Fastify adds HEAD for every GET itself, with the same hooks.
        const key = `${method === 'HEAD' ? 'GET' : method} ${route.url}`;
        if (!this.declared.has(key)) throw new Error(`route ${method} ${route.url} is not declared in contract/platform-api`);
      }
    });
  }

  private accessHook(route: RouteSpec) {
    const { access } = route;
    return async (request: FastifyRequest, reply: FastifyReply) => {
      if (access.kind === 'public' || access.kind === 'enrolment') return;
      if (access.kind === 'admin') {
        const verdict = await this.auth.admins.authenticate(request.headers.authorization);
        claimedAdmins.set(request, verdict.ok ? verdict.admin.adminId : verdict.claimed);
        if (!verdict.ok)
          return reply
            .code(401)
            .header('www-authenticate', 'Basic realm="hall platform", charset="UTF-8"')
            .send({ error: 'unauthorized', message: 'an administrator credential is required' });
        if (!verdict.admin.scopes.includes(access.scope)) return reply.code(403).send({ error: 'forbidden', message: `needs the ${access.scope} scope` });
        principals.set(request, verdict.admin);
        return;
      }
      const presented = presentedCredential(request.headers.authorization);
      const verdict = presented?.scheme === 'bearer' ? await this.auth.terminals.authenticate(presented.token) : 'unknown';
      if (verdict === 'unknown') return reply.code(401).send({ error: 'unauthorized', message: 'a terminal credential is required' });
      if (verdict === 'revoked') return reply.code(403).send({ error: 'revoked', message: 'this terminal is revoked' });
      if (!access.roles.includes(verdict.role)) return reply.code(403).send({ error: 'forbidden', message: `not for a ${verdict.role} terminal` });
      principals.set(request, verdict);
    };
  }

  /** Registers one route of the table with its handler; params, query and body arrive parsed. */
  serve<N extends PlatformRouteName>(name: N, handler: RouteHandler<PlatformApi[N]>, options: Partial<Pick<RouteOptions, 'bodyLimit'>> = {}): void {
    const route: RouteSpec = platformApi[name];
    if (this.served.has(name)) throw new Error(`route ${name} is served twice`);
    this.served.add(name);
    this.app.route({
      method: route.method,
      url: route.path,
      ...options,
      onRequest: this.accessHook(route),
      // Every call to an admin route, allowed or refused, joins the audit log before its answer
      // leaves: whoever has the answer can already find the call in the log.
      ...(route.access.kind === 'admin'
        ? {
            onSend: async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
              const target = Object.fromEntries(
                Object.entries((request.params ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v).slice(0, 128)]),
              );
              await this.auth.audit.record({
                admin: claimedAdmins.get(request) ?? 'anonymous',
                route: name,
                method: request.method,
                target,
                status: reply.statusCode,
                from: request.ip,
              });
              return payload;
            },
          }
        : {}),
      handler: async (request, reply) => {
        const params = route.params ? route.params.safeParse(request.params) : { success: true as const, data: {} };
        if (!params.success) return reply.code(400).send({ error: 'bad-request', message: issuesOf(params.error).join('; ') });
        const query = route.query ? route.query.safeParse(request.query ?? {}) : { success: true as const, data: undefined };
        if (!query.success) return reply.code(400).send({ error: 'bad-request', message: issuesOf(query.error).join('; ') });
        let body: unknown;
        if (route.body === OCTET_STREAM) {
          if (!Buffer.isBuffer(request.body)) return reply.code(400).send({ error: 'bad-request', message: 'an application/octet-stream body is required' });
          body = request.body;
        } else if (route.body) {
          const parsed = route.body.safeParse(request.body ?? {});
          if (!parsed.success)
            return reply.code(400).send({ error: 'bad-request', message: issuesOf(parsed.error).join('; '), issues: issuesOf(parsed.error) });
          body = parsed.data;
        }
        const input = { params: params.data, query: query.data, body, principal: principals.get(request) ?? null, request, reply };
        return (handler as RouteHandler<RouteSpec>)(input as RouteInput<RouteSpec>);
      },
    });
  }

  /** Throws unless every route of the table has a handler: a declared route never silently 404s. */
  assertComplete(): void {
    const missing = (Object.keys(platformApi) as PlatformRouteName[]).filter((name) => !this.served.has(name));
    if (missing.length > 0) throw new Error(`platform routes declared but not served: ${missing.join(', ')}`);
  }
}
