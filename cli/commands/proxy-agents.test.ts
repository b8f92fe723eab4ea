import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { parseSignedCode } from '../../contract/personal-code.js';
import { AGENT_CARD_PREFIX, AgentCardPayload } from '../../contract/proxy-agent.js';
import { startPlatform, type RunningPlatform } from '../../platform/server.js';
import { EXIT, type CliIo } from '../cli-command.js';
import { runHallctl } from '../hallctl.js';

const SECRET = 'cli-proxy-secret-0123456789';
let platform: RunningPlatform;
beforeAll(async () => {
  platform = await startPlatform({ version: 't', databaseUrl: await freshDatabaseUrl(), adminToken: SECRET });
});
afterAll(async () => {
  await platform?.close();
});

function capture() {
  const out: Record<string, unknown>[] = [];
  const notes: string[] = [];
  const io: CliIo = { json: (v) => out.push(v as Record<string, unknown>), note: (t) => notes.push(t), interrupted: new Promise(() => undefined) };
  return { io, out, notes };
}

describe('hallctl platform proxy-point / proxy-agent', () => {
  it('assigns a point, enrols an agent with the card on stdout and the PIN only on stderr, and revokes', async () => {
    const point = capture();
    expect(
      await runHallctl(
        [
          'platform',
          'proxy-point',
          '--url',
          platform.url,
          '--admin-token',
          SECRET,
          '--point',
          'lanli',
          '--name',
          '兰里村代办点',
          '--terminals',
          'proxy-1, proxy-2',
        ],
        point.io,
      ),
    ).toBe(EXIT.ok);
    expect(point.out[0]).toEqual({ pointId: 'lanli', name: '兰里村代办点', terminals: ['proxy-1', 'proxy-2'] });

    const enrol = capture();
    expect(
      await runHallctl(
        ['platform', 'proxy-agent', 'enrol', '--url', platform.url, '--admin-token', SECRET, '--point', 'lanli', '--masked-name', '李*', '--valid-days', '30'],
        enrol.io,
      ),
    ).toBe(EXIT.ok);
    const card = enrol.out[0] as { agentId: string; card: string };
    expect(parseSignedCode(card.card, AGENT_CARD_PREFIX, AgentCardPayload)?.payload).toMatchObject({ aid: card.agentId, pt: 'lanli' });
    expect(JSON.stringify(enrol.out)).not.toMatch(/"pin"/);
    expect(enrol.notes.join('\n')).toMatch(new RegExp(`PIN for ${card.agentId}: \\d{6}`));

    const revoke = capture();
    expect(await runHallctl(['platform', 'proxy-agent', 'revoke', '--url', platform.url, '--admin-token', SECRET, '--agent', card.agentId], revoke.io)).toBe(
      EXIT.ok,
    );
    expect(revoke.out[0]).toEqual({ revoked: true });
    const again = capture();
    expect(await runHallctl(['platform', 'proxy-agent', 'reissue', '--url', platform.url, '--admin-token', SECRET, '--agent', card.agentId], again.io)).toBe(
      EXIT.deviceError,
    );
  });

  it('refuses a wrong secret and an unmasked name as usage errors, and an unreachable platform as such', async () => {
    expect(
      await runHallctl(
        ['platform', 'proxy-agent', 'enrol', '--url', platform.url, '--admin-token', 'wrong', '--point', 'lanli', '--masked-name', '李*'],
        capture().io,
      ),
    ).toBe(EXIT.usage);
    expect(
      await runHallctl(
        ['platform', 'proxy-agent', 'enrol', '--url', platform.url, '--admin-token', SECRET, '--point', 'lanli', '--masked-name', '李小红'],
        capture().io,
      ),
    ).toBe(EXIT.usage);
    expect(
      await runHallctl(
        ['platform', 'proxy-agent', 'enrol', '--url', 'http://127.0.0.1:9', '--admin-token', SECRET, '--point', 'lanli', '--masked-name', '李*'],
        capture().io,
      ),
    ).toBe(EXIT.unreachable);
  });
});
