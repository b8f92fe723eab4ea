// A proxy point on one machine (embedded platform) works out of the box, as the admin PIN does: the
// embedded platform gets a point for this terminal and one demo agent, whose card text and PIN are
// kept in a file only the terminal's user can read. A real point's agents come from the township's
// platform (`hallctl platform proxy-agent enrol`), never from here.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { platformApi } from '../../../../contract/platform-api/routes.js';
import { bearer } from '../../../../contract/sync-protocol.js';
import type { Logger } from '../../logging.js';

/** The proxy point an embedded platform's own proxy-point terminal serves: named after the hall. */
export const embeddedProxyPointId = (hallId: string) => hallId.slice(0, 48);

export async function seedDemoProxyPoint(input: {
  platformUrl: string;
  adminToken: string;
  pointId: string;
  terminalId: string;
  hallId: string;
  file: string;
  log: Logger;
}): Promise<void> {
  const admin = async (path: string, body: unknown) => {
    const response = await fetch(new URL(path, input.platformUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(input.adminToken) },
      body: JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${path} answered ${response.status}`);
    return (await response.json()) as Record<string, unknown>;
  };
  const { pointId } = input;
  await admin(platformApi.adminProxyPoint.path, { pointId, name: `${input.hallId} 代办点`, terminals: [input.terminalId] });
  if (existsSync(input.file)) return;
  const agent = await admin(platformApi.adminProxyAgentEnrol.path, { pointId, maskedName: '示*' });
  mkdirSync(dirname(input.file), { recursive: true, mode: 0o700 });
  writeFileSync(input.file, `${JSON.stringify({ agentId: agent.agentId, card: agent.card, pin: agent.pin }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  input.log.warn({ file: input.file }, 'demo proxy agent enrolled with the embedded platform; its card and PIN are in this file');
}
