// One platform route as declared in the table: how it is reached, who may call it, what it carries.
import type { z } from 'zod';
import type { Access } from './access.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT';

/** A body that is not JSON: raw bytes (blob chunks). */
export const OCTET_STREAM = 'octet-stream' as const;

export interface RouteSpec {
  readonly method: HttpMethod;
  /** Fastify pattern: literal segments and `:name` parameters. */
  readonly path: string;
  readonly access: Access;
  readonly summary: string;
  readonly params?: z.ZodType;
  readonly query?: z.ZodType;
  readonly body?: z.ZodType | typeof OCTET_STREAM;
  /** The JSON answer on success; absent for HTML, streams and files. */
  readonly response?: z.ZodType;
  /** What a successful answer is when it is not JSON. */
  readonly produces?: 'html' | 'event-stream' | 'bytes';
}

export const defineRoute = <const R extends RouteSpec>(spec: R): R => spec;

/** The parameter names of a path pattern, in order. */
export function pathParameters(path: string): string[] {
  return path
    .split('/')
    .filter((segment) => segment.startsWith(':'))
    .map((segment) => segment.slice(1));
}

/** The concrete path for a route: each parameter percent-encoded, so a value can never add a segment. */
export function buildPath(route: Pick<RouteSpec, 'path'>, params: Record<string, string> = {}): string {
  return route.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment;
      const value = params[segment.slice(1)];
      if (value === undefined || value === '') throw new Error(`${route.path}: parameter ${segment.slice(1)} is required`);
      return encodeURIComponent(value);
    })
    .join('/');
}
