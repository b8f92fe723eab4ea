// hallctl commands for a hall's clerks (窗口工作人员) on a running platform: create one (工号, name,
// hall; a PIN is generated and shown once), list them (masked names), disable one. They call the
// platform's admin routes with an administrator's token (--admin-token or HALL_ADMIN_TOKEN).
import { platformApi } from '../../contract/platform-api/routes.js';
import { ADMIN_OPTIONS, adminCall } from '../admin-client.js';
import { EXIT, requireString, type CliCommand } from '../cli-command.js';

export const clerkCommands: CliCommand[] = [
  {
    path: ['platform', 'clerk', 'add'],
    summary: "Create a clerk who signs in at the hall's counters: prints the record; the generated PIN goes to stderr.",
    usage: '--url URL --clerk 工号 --name NAME --hall HALL_ID [--admin-token T]',
    options: { ...ADMIN_OPTIONS, clerk: { type: 'string' }, name: { type: 'string' }, hall: { type: 'string' } },
    async run(values, io) {
      const body = { clerkId: requireString(values, 'clerk'), name: requireString(values, 'name'), hallId: requireString(values, 'hall') };
      const result = await adminCall(values, platformApi.adminClerkAdd, { body }, io);
      if (!result.body) return result.code;
      // The PIN is never kept in clear: it goes to the operator's terminal once, to hand over sealed.
      const { pin, ...clerk } = result.body;
      io.json(clerk);
      io.note(`PIN for ${String(clerk.clerkId)}: ${String(pin)}  (hand it to the clerk sealed; it is not stored in clear anywhere)`);
      return EXIT.ok;
    },
  },
  {
    path: ['platform', 'clerk', 'list'],
    summary: 'List clerks (of a hall), with masked names, status and any lock after wrong PINs.',
    usage: '--url URL [--hall HALL_ID] [--admin-token T]',
    options: { ...ADMIN_OPTIONS, hall: { type: 'string' } },
    async run(values, io) {
      const hall = typeof values.hall === 'string' ? { hallId: values.hall } : undefined;
      const result = await adminCall(values, platformApi.adminClerkList, hall ? { query: hall } : {}, io);
      if (result.body) io.json(result.body);
      return result.code;
    },
  },
  {
    path: ['platform', 'clerk', 'disable'],
    summary: 'Disable a clerk: their sign-in ends at once and they cannot sign in again.',
    usage: '--url URL --clerk 工号 [--admin-token T]',
    options: { ...ADMIN_OPTIONS, clerk: { type: 'string' } },
    async run(values, io) {
      const result = await adminCall(values, platformApi.adminClerkDisable, { params: { clerkId: requireString(values, 'clerk') } }, io);
      if (result.body) io.json(result.body);
      return result.code;
    },
  },
];
