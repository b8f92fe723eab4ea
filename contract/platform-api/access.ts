// Who may call a platform route. Every route in the table names exactly one access class; the server
// checks it in the matched route's own hook chain, so no spelling of a path can skip it.
import { z } from 'zod';
import { TERMINAL_ROLES, type TerminalRole } from '../config.js';

/** What an administrator may touch; each admin route needs one of them. */
/** `admins`: administrator accounts and the audit log of what every administrator did. */
export const ADMIN_SCOPES = ['terminals', 'catalog', 'fleet', 'proxy-points', 'personal-codes', 'queue', 'cases', 'admins'] as const;
export const AdminScope = z.enum(ADMIN_SCOPES);
export type AdminScope = z.infer<typeof AdminScope>;

export type Access =
  /** Anyone (health, the guide page a citizen's phone opens, release files). */
  | { readonly kind: 'public' }
  /** A terminal proving a one-time enrolment code an administrator issued for it. */
  | { readonly kind: 'enrolment' }
  /** An enrolled terminal's credential, of one of these roles (the role bound at enrolment). */
  | { readonly kind: 'terminal'; readonly roles: readonly TerminalRole[] }
  /** An administrator's credential carrying this scope. */
  | { readonly kind: 'admin'; readonly scope: AdminScope };

export const PUBLIC = { kind: 'public' } as const satisfies Access;
export const ENROLMENT = { kind: 'enrolment' } as const satisfies Access;
export const ANY_TERMINAL = { kind: 'terminal', roles: TERMINAL_ROLES } as const satisfies Access;
export const terminals = (...roles: TerminalRole[]) => ({ kind: 'terminal', roles }) as const satisfies Access;
export const admin = (scope: AdminScope) => ({ kind: 'admin', scope }) as const satisfies Access;

/** An enrolled terminal as its credential proves it: everything here comes from its record, never from the request. */
export interface TerminalPrincipal {
  kind: 'terminal';
  terminalId: string;
  role: TerminalRole;
  hallId: string;
  /** The counter a counter terminal calls for, as an administrator bound it. */
  counterId: string | null;
  /** The proxy point a proxy-point terminal serves. */
  pointId: string | null;
}

export interface AdminPrincipal {
  kind: 'admin';
  adminId: string;
  scopes: readonly AdminScope[];
}

export type Principal = TerminalPrincipal | AdminPrincipal;
