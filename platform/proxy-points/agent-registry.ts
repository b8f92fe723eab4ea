// Village proxy points and their agents, kept as the `proxy-point` dataset itself (the dataset is the
// record: no second copy to drift). Agent cards are signed with the personal-code keys, so terminals
// already hold what verifies them (`trust-keys`); PIN verifiers go only to the point's own terminals.
import { randomBytes, randomInt } from 'node:crypto';
import {
  AGENT_CARD_PREFIX,
  PROXY_POINT_DATASET,
  ProxyAgentRecord,
  ProxyPointRecord,
  pointOfProxyKey,
  proxyAgentKey,
  proxyPointKey,
  type AgentCardPayload,
} from '../../contract/proxy-agent.js';
import type { PullResponse } from '../../contract/sync-protocol.js';
import type { CodeAuthority } from '../personal-codes/code-authority.js';
import type { PlatformStore } from '../platform-store.js';
import { makePinVerifier, PIN_COST } from '../../common/pin-verifier.js';

export interface IssuedCard {
  agentId: string;
  pointId: string;
  maskedName: string;
  /** The QR text printed on the card. */
  card: string;
  /** Shown once to the enrolling officer, handed to the agent sealed; the platform keeps only the verifier. */
  pin: string;
  expiresAt: string;
}

export class ProxyAgentRegistry {
  constructor(
    private readonly store: PlatformStore,
    private readonly authority: CodeAuthority,
    private readonly pinCost: { N: number; r: number; p: number } = PIN_COST,
  ) {}

  private async read<T>(key: string, schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }): Promise<T | undefined> {
    const value = await this.store.datasetValue(PROXY_POINT_DATASET, key);
    const parsed = value === undefined ? undefined : schema.safeParse(value);
    return parsed?.success ? parsed.data : undefined;
  }

  private items(prefix: string): Promise<{ key: string; value: unknown }[]> {
    return this.store.datasetItems(PROXY_POINT_DATASET, prefix);
  }

  point(pointId: string): Promise<ProxyPointRecord | undefined> {
    return this.read(proxyPointKey(pointId), ProxyPointRecord);
  }

  /** Creates or updates a point. Its agents are published again so newly assigned terminals receive them. */
  async upsertPoint(point: ProxyPointRecord): Promise<ProxyPointRecord> {
    const agents = await this.items(`agent:${point.pointId}:`);
    await this.store.seedDataset(PROXY_POINT_DATASET, [{ key: proxyPointKey(point.pointId), value: point }, ...agents]);
    return point;
  }

  async agent(agentId: string): Promise<ProxyAgentRecord | undefined> {
    const found = (await this.items('agent:')).find((item) => item.key.endsWith(`:${agentId}`));
    const parsed = found ? ProxyAgentRecord.safeParse(found.value) : undefined;
    return parsed?.success ? parsed.data : undefined;
  }

  async agents(pointId?: string): Promise<Omit<ProxyAgentRecord, 'pin'>[]> {
    return (await this.items(pointId ? `agent:${pointId}:` : 'agent:'))
      .map((item) => ProxyAgentRecord.safeParse(item.value))
      .flatMap((parsed) =>
        parsed.success
          ? [
              {
                agentId: parsed.data.agentId,
                pointId: parsed.data.pointId,
                maskedName: parsed.data.maskedName,
                status: parsed.data.status,
                cardId: parsed.data.cardId,
              },
            ]
          : [],
      );
  }

  /** Enrols a new agent at a point: a card and a PIN. */
  async enrol(input: { pointId: string; maskedName: string; validDays: number }): Promise<IssuedCard> {
    if (!(await this.point(input.pointId))) throw new RegistryError('unknown-point', `no proxy point ${input.pointId}`);
    return this.issue(`ag-${randomBytes(4).toString('hex')}`, input.pointId, input.maskedName, input.validDays);
  }

  /** A lost or worn card: a new card and PIN; the old card stops working once the terminals sync. */
  async reissue(agentId: string, validDays: number): Promise<IssuedCard> {
    const agent = await this.agent(agentId);
    if (!agent) throw new RegistryError('unknown-agent', `no agent ${agentId}`);
    if (agent.status === 'revoked') throw new RegistryError('revoked', `agent ${agentId} is revoked`);
    return this.issue(agentId, agent.pointId, agent.maskedName, validDays);
  }

  async revoke(agentId: string): Promise<boolean> {
    const agent = await this.agent(agentId);
    if (!agent) return false;
    // The verifier goes too: a revoked agent leaves nothing on the terminals to guess against.
    const revoked: ProxyAgentRecord = { agentId, pointId: agent.pointId, maskedName: agent.maskedName, status: 'revoked', cardId: agent.cardId };
    await this.store.seedDataset(PROXY_POINT_DATASET, [{ key: proxyAgentKey(agent.pointId, agentId), value: revoked }]);
    return true;
  }

  private async issue(agentId: string, pointId: string, maskedName: string, validDays: number): Promise<IssuedCard> {
    const pin = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const cardSecret = randomBytes(16).toString('base64url');
    const cardId = randomBytes(6).toString('hex');
    const iat = this.authority.nowSeconds();
    const exp = iat + validDays * 86_400;
    const { code } = this.authority.signCode(AGENT_CARD_PREFIX, (kid): AgentCardPayload => ({
      kid,
      aid: agentId,
      cid: cardId,
      pt: pointId,
      mn: maskedName,
      cs: cardSecret,
      iat,
      exp,
    }));
    const record: ProxyAgentRecord = { agentId, pointId, maskedName, status: 'active', cardId, pin: await makePinVerifier(pin, cardSecret, this.pinCost) };
    await this.store.seedDataset(PROXY_POINT_DATASET, [{ key: proxyAgentKey(pointId, agentId), value: record }]);
    return { agentId, pointId, maskedName, card: code, pin, expiresAt: new Date(exp * 1000).toISOString() };
  }

  /** Points a terminal is assigned to. */
  async pointsOf(terminalId: string): Promise<Set<string>> {
    const points = (await this.items('point:'))
      .map((item) => ProxyPointRecord.safeParse(item.value))
      .flatMap((parsed) => (parsed.success ? [parsed.data] : []));
    return new Set(points.filter((p) => p.terminals.includes(terminalId)).map((p) => p.pointId));
  }

  /**
   * What a terminal may see of the dataset: its own points' items; every other item arrives as a
   * deletion, so a terminal moved away from a point drops that point's verifiers at its next pull.
   */
  async filterPull(terminalId: string, response: PullResponse): Promise<PullResponse> {
    const mine = await this.pointsOf(terminalId);
    return {
      ...response,
      items: response.items.map((item) => {
        const point = pointOfProxyKey(item.key);
        return point !== undefined && mine.has(point) ? item : { key: item.key, value: null, version: item.version, deleted: true };
      }),
    };
  }
}

export class RegistryError extends Error {
  constructor(
    readonly code: 'unknown-point' | 'unknown-agent' | 'revoked',
    message: string,
  ) {
    super(message);
  }
}
