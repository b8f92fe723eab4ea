// A counter on one machine (embedded platform) works out of the box, as the proxy point's demo agent
// does: the embedded platform gets one demo clerk for the hall, whose 工号 and PIN are kept in a file
// only the terminal's user can read. A real hall's clerks come from its platform
// (`hallctl platform clerk add`), never from here.
import { randomInt } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { platformApi } from '../../../../contract/platform-api/routes.js';
import { bearer } from '../../../../contract/sync-protocol.js';
import type { Logger } from '../../logging.js';

/** The demo clerk's 工号 on an embedded platform. */
export const DEMO_CLERK_ID = 'demo01';

export async function seedDemoClerk(input: { platformUrl: string; adminToken: string; hallId: string; file: string; log: Logger }): Promise<void> {
  const known = existsSync(input.file) ? (JSON.parse(readFileSync(input.file, 'utf8')) as { clerkId?: string; pin?: string }) : undefined;
  const pin = known?.pin ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
  const response = await fetch(new URL(platformApi.adminClerkAdd.path, input.platformUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer(input.adminToken) },
    body: JSON.stringify({ clerkId: DEMO_CLERK_ID, name: '示范窗口', hallId: input.hallId, pin }),
  });
  // 409: created at an earlier start, with the PIN in the file.
  if (!response.ok && response.status !== 409) throw new Error(`${platformApi.adminClerkAdd.path} answered ${response.status}`);
  if (known) return;
  mkdirSync(dirname(input.file), { recursive: true, mode: 0o700 });
  writeFileSync(input.file, `${JSON.stringify({ clerkId: DEMO_CLERK_ID, pin }, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  input.log.warn({ file: input.file }, 'demo clerk created on the embedded platform; its 工号 and PIN are in this file');
}
