// Administrator accounts and the audit log (scope `admins`).
import type { PlatformRouter } from './router.js';
import type { AdminAuthority } from './admin-auth.js';
import type { AuditLog } from './audit-log.js';

export function registerAdminAccountRoutes(router: PlatformRouter, admins: AdminAuthority, audit: AuditLog): void {
  router.serve('adminAccountAdd', async ({ body, reply }) => {
    const added = await admins.addAccount(body.name, body.password, body.scopes);
    return added === 'exists' ? reply.code(409).send({ error: 'exists', message: `an administrator named ${body.name} exists` }) : added;
  });
  router.serve('adminAccountList', async () => ({ accounts: await admins.accounts() }));
  router.serve('adminAccountDisable', async ({ params }) => ({ disabled: await admins.disableAccount(params.name) }));
  router.serve('adminAudit', async ({ query }) => ({ entries: await audit.entries(query.since, query.limit) }));
}
