// hallctl commands for village proxy points (村级代办) on a running platform: assign a point's
// terminals, enrol an agent (a signed card and a PIN), replace a lost card, revoke an agent. They call
// the platform's admin routes with an administrator's token (--admin-token or HALL_ADMIN_TOKEN).
import { platformApi } from '../../contract/platform-api/routes.js';
import { ADMIN_OPTIONS, adminCall } from '../admin-client.js';
import { EXIT, optionalInt, requireString, type CliCommand, type CliIo, type ExitCode } from '../cli-command.js';

const common = ADMIN_OPTIONS;

/** The card goes to stdout (to print as a QR); the PIN only to the operator's terminal, to hand over sealed. */
function issued(io: CliIo, result: { code: ExitCode; body?: Record<string, unknown> }): ExitCode {
  if (!result.body) return result.code;
  const { pin, ...card } = result.body;
  io.json(card);
  io.note(`PIN for ${String(card.agentId)}: ${String(pin)}  (hand it to the agent sealed; it is not stored in clear anywhere)`);
  return EXIT.ok;
}

export const proxyAgentCommands: CliCommand[] = [
  {
    path: ['platform', 'proxy-point'],
    summary: 'Create or update a village proxy point and the terminals that sign its agents in.',
    usage: '--url URL --point ID --name NAME --terminals T1,T2 [--admin-token T]',
    options: { ...common, point: { type: 'string' }, name: { type: 'string' }, terminals: { type: 'string' } },
    async run(values, io) {
      const terminals = requireString(values, 'terminals')
        .split(',')
        .map((t) => t.trim())
        .filter(Boolean);
      const result = await adminCall(
        values,
        platformApi.adminProxyPoint,
        { body: { pointId: requireString(values, 'point'), name: requireString(values, 'name'), terminals } },
        io,
      );
      if (result.body) io.json(result.body);
      return result.code;
    },
  },
  {
    path: ['platform', 'proxy-agent', 'enrol'],
    summary: 'Enrol an agent at a proxy point: prints the card text (for the QR); the PIN goes to stderr.',
    usage: '--url URL --point ID --masked-name 李* [--valid-days N] [--admin-token T]',
    options: { ...common, point: { type: 'string' }, 'masked-name': { type: 'string' }, 'valid-days': { type: 'string' } },
    async run(values, io) {
      const body = {
        pointId: requireString(values, 'point'),
        maskedName: requireString(values, 'masked-name'),
        validDays: optionalInt(values, 'valid-days', 365, 1, 3 * 365),
      };
      return issued(io, await adminCall(values, platformApi.adminProxyAgentEnrol, { body }, io));
    },
  },
  {
    path: ['platform', 'proxy-agent', 'reissue'],
    summary: 'Replace an agent card (lost or worn): a new card and PIN; the old card stops working after sync.',
    usage: '--url URL --agent ag-XXXXXXXX [--valid-days N] [--admin-token T]',
    options: { ...common, agent: { type: 'string' }, 'valid-days': { type: 'string' } },
    async run(values, io) {
      const params = { agentId: requireString(values, 'agent') };
      return issued(
        io,
        await adminCall(values, platformApi.adminProxyAgentReissue, { params, body: { validDays: optionalInt(values, 'valid-days', 365, 1, 3 * 365) } }, io),
      );
    },
  },
  {
    path: ['platform', 'proxy-agent', 'revoke'],
    summary: 'Revoke an agent: every terminal of the point refuses the card once it syncs, and forgets the PIN verifier.',
    usage: '--url URL --agent ag-XXXXXXXX [--admin-token T]',
    options: { ...common, agent: { type: 'string' } },
    async run(values, io) {
      const result = await adminCall(values, platformApi.adminProxyAgentRevoke, { params: { agentId: requireString(values, 'agent') } }, io);
      if (result.body) io.json(result.body);
      return result.code;
    },
  },
];
