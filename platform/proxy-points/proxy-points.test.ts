import type { FastifyInstance } from 'fastify';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { parseSignedCode } from '../../contract/personal-code.js';
import { AGENT_CARD_PREFIX, AgentCardPayload, PROXY_POINT_DATASET, ProxyAgentRecord } from '../../contract/proxy-agent.js';
import { type PullResponse } from '../../contract/sync-protocol.js';
import { syncPaths } from '../../contract/platform-api/paths.js';
import { TEST_ADMIN_TOKEN, adminHeaders } from '../test/enrolment.js';
import { buildPlatform } from '../server.js';
import { enrol } from '../test/package-fixtures.js';
import { checkPin } from '../../common/pin-verifier.js';

let app: FastifyInstance;
beforeEach(async () => {
  app = await buildPlatform({ version: 'test', databaseUrl: await freshDatabaseUrl(), adminToken: TEST_ADMIN_TOKEN });
});
afterEach(async () => {
  await app.close();
});

const admin = (url: string, payload: unknown, secret = TEST_ADMIN_TOKEN) =>
  app.inject({ method: 'POST', url, headers: adminHeaders(secret), payload: payload as object });
const pull = async (headers: Record<string, string>) =>
  (await app.inject({ method: 'GET', url: `${syncPaths.pull}?dataset=${PROXY_POINT_DATASET}&since=0&limit=500`, headers })).json() as PullResponse;

describe('village proxy points and their agents on the platform', () => {
  it('takes admin calls only with the admin secret', async () => {
    expect((await admin('/v1/admin/proxy-points', { pointId: 'lanli', name: '兰里村', terminals: [] }, 'wrong')).statusCode).toBe(401);
    expect((await admin('/v1/admin/proxy-agents', { pointId: 'lanli', maskedName: '李*' }, 'wrong')).statusCode).toBe(401);
  });

  it('enrols an agent at a known point with a masked name only; the card carries no PIN and no full name', async () => {
    expect((await admin('/v1/admin/proxy-agents', { pointId: 'nowhere', maskedName: '李*' })).statusCode).toBe(404);
    await admin('/v1/admin/proxy-points', { pointId: 'lanli', name: '兰里村代办点', terminals: ['proxy-1'] });
    expect((await admin('/v1/admin/proxy-agents', { pointId: 'lanli', maskedName: '李小红' })).statusCode).toBe(400);
    const issued = (await admin('/v1/admin/proxy-agents', { pointId: 'lanli', maskedName: '李*', validDays: 30 })).json() as {
      agentId: string;
      card: string;
      pin: string;
      expiresAt: string;
    };
    expect(issued.pin).toMatch(/^\d{6}$/);
    const card = parseSignedCode(issued.card, AGENT_CARD_PREFIX, AgentCardPayload)!;
    expect(card.payload).toMatchObject({ aid: issued.agentId, pt: 'lanli', mn: '李*' });
    expect(card.payload.exp - card.payload.iat).toBe(30 * 86_400);
    expect(issued.card).not.toContain(issued.pin);
    const listed = (await app.inject({ method: 'GET', url: '/v1/admin/proxy-agents?pointId=lanli', headers: adminHeaders() })).json() as { agents: object[] };
    expect(listed.agents).toEqual([{ agentId: issued.agentId, pointId: 'lanli', maskedName: '李*', status: 'active', cardId: card.payload.cid }]);
    expect(JSON.stringify(listed)).not.toContain('salt');
  });

  it("sends each terminal its own point's agents only; others arrive as deletions", async () => {
    await admin('/v1/admin/proxy-points', { pointId: 'lanli', name: '兰里村代办点', terminals: ['proxy-1'] });
    await admin('/v1/admin/proxy-points', { pointId: 'shangyu', name: '上峪村代办点', terminals: ['proxy-2'] });
    const lanliAgent = (await admin('/v1/admin/proxy-agents', { pointId: 'lanli', maskedName: '李*' })).json() as {
      agentId: string;
      card: string;
      pin: string;
    };
    await admin('/v1/admin/proxy-agents', { pointId: 'shangyu', maskedName: '赵*' });
    const items = (await pull(await enrol(app, 'proxy-1'))).items;
    const kept = items.filter((item) => !item.deleted).map((item) => item.key);
    expect(kept.sort()).toEqual([`agent:lanli:${lanliAgent.agentId}`, 'point:lanli']);
    expect(items.filter((item) => item.deleted).every((item) => item.key.includes('shangyu') && item.value === null)).toBe(true);
    // A kiosk with no point gets nothing it could use.
    expect((await pull(await enrol(app, 'kiosk-1'))).items.every((item) => item.deleted)).toBe(true);
    // The verifier checks the PIN only together with the secret printed on the card.
    const record = ProxyAgentRecord.parse(items.find((item) => item.key.endsWith(lanliAgent.agentId))!.value);
    const { payload } = parseSignedCode(lanliAgent.card, AGENT_CARD_PREFIX, AgentCardPayload)!;
    expect(await checkPin(lanliAgent.pin, payload.cs, record.pin!)).toBe(true);
    expect(await checkPin(lanliAgent.pin, 'A'.repeat(22), record.pin!)).toBe(false);
  });

  it('publishes a point again when a terminal joins it, and a revoked agent keeps no verifier', async () => {
    await admin('/v1/admin/proxy-points', { pointId: 'lanli', name: '兰里村代办点', terminals: ['proxy-1'] });
    const agent = (await admin('/v1/admin/proxy-agents', { pointId: 'lanli', maskedName: '李*' })).json() as { agentId: string };
    const headers = await enrol(app, 'proxy-3');
    const before = await pull(headers);
    expect(before.items.every((item) => item.deleted)).toBe(true);
    await admin('/v1/admin/proxy-points', { pointId: 'lanli', name: '兰里村代办点', terminals: ['proxy-1', 'proxy-3'] });
    const after = (
      await app.inject({ method: 'GET', url: `${syncPaths.pull}?dataset=${PROXY_POINT_DATASET}&since=${before.checkpoint}&limit=500`, headers })
    ).json() as PullResponse;
    expect(
      after.items
        .filter((item) => !item.deleted)
        .map((item) => item.key)
        .sort(),
    ).toEqual([`agent:lanli:${agent.agentId}`, 'point:lanli']);

    expect((await admin(`/v1/admin/proxy-agents/${agent.agentId}/revoke`, {})).statusCode).toBe(200);
    expect((await admin('/v1/admin/proxy-agents/ag-00000000/revoke', {})).statusCode).toBe(404);
    const revoked = ProxyAgentRecord.parse((await pull(headers)).items.find((item) => item.key.endsWith(agent.agentId))!.value);
    expect(revoked).toMatchObject({ status: 'revoked' });
    expect(revoked.pin).toBeUndefined();
    expect((await admin(`/v1/admin/proxy-agents/${agent.agentId}/reissue`, {})).statusCode).toBe(409);
  });
});
