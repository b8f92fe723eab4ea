// Test helper: a terminal enrolled the way production enrols one — an administrator creates its
// record and code through the admin route, the terminal trades the code for its credential.
import type { FastifyInstance } from 'fastify';
import { platformApi } from '../../contract/platform-api/routes.js';
import type { TerminalRecordInput } from '../../contract/platform-api/terminals.js';
import { platformContext } from '../server.js';

export const TEST_ADMIN_TOKEN = 'admin-token-for-platform-tests';
/** A cheap scrypt cost for administrator passwords in tests (production: N=2^15). */
export const LOW_COST = { N: 2 ** 10, r: 8, p: 1 } as const;
export const adminHeaders = (token = TEST_ADMIN_TOKEN) => ({ authorization: `Bearer ${token}` });

export interface EnrolledTerminal {
  terminalId: string;
  credential: string;
  headers: { authorization: string };
}

/** Creates the record (kiosk of hall-a unless told otherwise) and enrols it; throws on any refusal. */
export async function enrolTerminal(
  app: FastifyInstance,
  terminalId: string,
  fields: Partial<TerminalRecordInput> = {},
  adminToken = TEST_ADMIN_TOKEN,
): Promise<EnrolledTerminal> {
  const record = {
    terminalId,
    role: 'kiosk',
    hallId: 'hall-a',
    ...(fields.role === 'counter' && !fields.counterId ? { counterId: 'counter-1' } : {}),
    ...(fields.role === 'proxy-point' && !fields.pointId ? { pointId: 'point-a' } : {}),
    ...fields,
  };
  const added = await app.inject({ method: 'POST', url: platformApi.adminTerminalAdd.path, headers: adminHeaders(adminToken), payload: record });
  if (added.statusCode !== 200) throw new Error(`adding terminal ${terminalId}: ${added.statusCode} ${added.body}`);
  const enrolmentCode = added.json<{ enrolmentCode: string }>().enrolmentCode;
  const enrolled = await app.inject({ method: 'POST', url: platformApi.enrol.path, payload: { terminalId, enrolmentCode } });
  if (enrolled.statusCode !== 200) throw new Error(`enrolling terminal ${terminalId}: ${enrolled.statusCode} ${enrolled.body}`);
  const credential = enrolled.json<{ credential: string }>().credential;
  return { terminalId, credential, headers: { authorization: `Bearer ${credential}` } };
}

/** The same, in-process (tests that hold the app): the registry issues the code, the terminal enrols with it. */
export async function enrolDirect(app: FastifyInstance, terminalId: string, fields: Partial<Omit<TerminalRecordInput, 'validHours'>> = {}): Promise<string> {
  const { terminals } = platformContext(app);
  const { enrolmentCode } = await terminals.add({ terminalId, role: 'kiosk', hallId: 'hall-a', ...fields });
  return (await terminals.enrol(terminalId, enrolmentCode)).credential;
}
