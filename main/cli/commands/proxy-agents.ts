// hallctl commands for village proxy points (村级代办) on a running platform: assign a point's
// terminals, enrol an agent (a signed card and a PIN), replace a lost card, revoke an agent. They call
// the platform's admin routes with the admin secret (--secret or HALL_ENROLMENT_SECRET).
import { HEADERS } from '../../../contract/sync-protocol.js';
import { EXIT, optionalInt, requireString, UsageError, type CliCommand, type CliIo, type ExitCode } from '../cli-command.js';

const common = { url: { type: 'string' }, secret: { type: 'string' } } as const;

/** POSTs to one of the platform's admin routes with the admin secret; a refusal or silence becomes an exit code. */
export async function adminCall(values: Record<string, unknown>, path: string, body: unknown, io: CliIo): Promise<{ code: ExitCode; body?: Record<string, unknown> }> {
  const base = requireString(values, 'url');
  const secret = typeof values.secret === 'string' ? values.secret : process.env.HALL_ENROLMENT_SECRET;
  if (!secret) throw new UsageError('--secret (or HALL_ENROLMENT_SECRET) is required');
  let response: Response;
  try {
    response = await fetch(new URL(path, base), { method: 'POST', headers: { 'content-type': 'application/json', [HEADERS.adminSecret]: secret }, body: JSON.stringify(body), signal: AbortSignal.timeout(10_000) });
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
    usage: '--url URL --point ID --name NAME --terminals T1,T2 [--secret S]',
    options: { ...common, point: { type: 'string' }, name: { type: 'string' }, terminals: { type: 'string' } },
    async run(values, io) {
      const terminals = requireString(values, 'terminals').split(',').map((t) => t.trim()).filter(Boolean);
      const result = await adminCall(values, '/v1/admin/proxy-points', { pointId: requireString(values, 'point'), name: requireString(values, 'name'), terminals }, io);
      if (result.body) io.json(result.body);
      return result.code;
    },
  },
  {
    path: ['platform', 'proxy-agent', 'enrol'],
    summary: 'Enrol an agent at a proxy point: prints the card text (for the QR); the PIN goes to stderr.',
    usage: '--url URL --point ID --masked-name 李* [--valid-days N] [--secret S]',
    options: { ...common, point: { type: 'string' }, 'masked-name': { type: 'string' }, 'valid-days': { type: 'string' } },
    async run(values, io) {
      const body = { pointId: requireString(values, 'point'), maskedName: requireString(values, 'masked-name'), validDays: optionalInt(values, 'valid-days', 365, 1, 3 * 365) };
      return issued(io, await adminCall(values, '/v1/admin/proxy-agents', body, io));
    },
  },
  {
    path: ['platform', 'proxy-agent', 'reissue'],
    summary: 'Replace an agent card (lost or worn): a new card and PIN; the old card stops working after sync.',
    usage: '--url URL --agent ag-XXXXXXXX [--valid-days N] [--secret S]',
    options: { ...common, agent: { type: 'string' }, 'valid-days': { type: 'string' } },
    async run(values, io) {
      const path = `/v1/admin/proxy-agents/${encodeURIComponent(requireString(values, 'agent'))}/reissue`;
      return issued(io, await adminCall(values, path, { validDays: optionalInt(values, 'valid-days', 365, 1, 3 * 365) }, io));
    },
  },
  {
    path: ['platform', 'proxy-agent', 'revoke'],
    summary: "Revoke an agent: every terminal of the point refuses the card once it syncs, and forgets the PIN verifier.",
    usage: '--url URL --agent ag-XXXXXXXX [--secret S]',
    options: { ...common, agent: { type: 'string' } },
    async run(values, io) {
      const result = await adminCall(values, `/v1/admin/proxy-agents/${encodeURIComponent(requireString(values, 'agent'))}/revoke`, {}, io);
      if (result.body) io.json(result.body);
      return result.code;
    },
  },
];
