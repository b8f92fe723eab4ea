// Agent sign-in against a real offline store holding a point, an agent and a key made here: no
// platform, so the PIN check itself is what is under test.
import { generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../contract/clock.js';
import { asciiJson, TRUST_KEYS_DATASET, type TrustKey } from '../../../../contract/personal-code.js';
import {
  AGENT_CARD_PREFIX,
  PROXY_POINT_DATASET,
  proxyAgentKey,
  proxyPointKey,
  type AgentCardPayload,
  type ProxyAgentRecord,
  type ProxyPointRecord,
} from '../../../../contract/proxy-agent.js';
import type { OfflineStore } from '../../../../offline-store/index.js';
import { openTestStore, tempDir } from '../../../../offline-store/test/temp.js';
import { checkPin, makePinVerifier } from '../../../../common/pin-verifier.js';
import { createLogger } from '../../logging.js';
import { AgentSignIn, MAX_PIN_FAILURES } from './agent-sign-in.js';

const TERMINAL = 'proxy-lanli-1';
const AGENT = 'ag-0a1b2c3d';
const PIN = '482913';
const clock = new ManualClock('2026-03-02T08:00:00Z');

let temp: ReturnType<typeof tempDir>;
let store: OfflineStore;
let card: string;

async function seed(): Promise<void> {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const kid = 'pc-test-1';
  const trustKey: TrustKey = { kid, publicKey: publicKey.export({ format: 'jwk' }).x!, status: 'active' };
  const cardSecret = randomBytes(16).toString('base64url');
  const iat = Math.floor(clock.nowMs() / 1000);
  const payload: AgentCardPayload = { kid, aid: AGENT, cid: '0123456789ab', pt: 'lanli', mn: '李*', cs: cardSecret, iat, exp: iat + 365 * 86_400 };
  const signedPart = `${AGENT_CARD_PREFIX}.${Buffer.from(asciiJson(payload)).toString('base64url')}`;
  card = `${signedPart}.${sign(null, Buffer.from(signedPart), privateKey).toString('base64url')}`;
  const point: ProxyPointRecord = { pointId: 'lanli', name: '兰里村代办点', terminals: [TERMINAL] };
  const agent: ProxyAgentRecord = {
    agentId: AGENT,
    pointId: 'lanli',
    maskedName: '李*',
    status: 'active',
    cardId: payload.cid,
    pin: await makePinVerifier(PIN, cardSecret),
  };
  await store.applyPull(TRUST_KEYS_DATASET, [{ key: kid, value: trustKey, version: 1 }], 1);
  await store.applyPull(
    PROXY_POINT_DATASET,
    [
      { key: proxyPointKey('lanli'), value: point, version: 1 },
      { key: proxyAgentKey('lanli', AGENT), value: agent, version: 2 },
    ],
    2,
  );
}

const signInFeature = () => new AgentSignIn({ store, terminalId: TERMINAL, log: createLogger({ level: 'silent' }), clock });

beforeEach(async () => {
  temp = tempDir('agent-sign-in');
  store = await openTestStore(temp.dir);
  await seed();
});
afterEach(async () => {
  await store.close();
  temp.cleanup();
});

describe('proxy agent PIN checks', () => {
  it('40 parallel wrong PINs get exactly four "wrong PIN" answers, then the lock, and the right PIN sent with them is refused', async () => {
    const signIn = signInFeature();
    const wrong = Array.from({ length: 40 }, (_, i) => signIn.signIn(card, String(100000 + i)));
    const right = signIn.signIn(card, PIN);
    const answers = await Promise.all(wrong);
    const wrongPin = answers.filter((a) => !a.signedIn && a.refusal === 'wrong-pin');
    expect(wrongPin.map((a) => (a.signedIn ? undefined : a.attemptsLeft)).sort()).toEqual([1, 2, 3, 4]);
    expect(answers.filter((a) => !a.signedIn && a.refusal === 'locked')).toHaveLength(40 - (MAX_PIN_FAILURES - 1));
    expect(await right).toMatchObject({ signedIn: false, refusal: 'locked' });
  });

  it('the right PIN on the fifth try still signs in, and clears the count', async () => {
    const signIn = signInFeature();
    for (let i = 0; i < MAX_PIN_FAILURES - 1; i += 1) expect(await signIn.signIn(card, '000000')).toMatchObject({ refusal: 'wrong-pin' });
    expect(await signIn.signIn(card, PIN)).toMatchObject({ signedIn: true });
    signIn.signOut();
    expect(await signIn.signIn(card, '000000')).toEqual({ signedIn: false, refusal: 'wrong-pin', attemptsLeft: MAX_PIN_FAILURES - 1 });
  });

  it('a wrong PIN is counted in the store before its check ends: a restart during the check finds it', async () => {
    const countsSeenDuringChecks: unknown[] = [];
    const signIn = new AgentSignIn({
      store,
      terminalId: TERMINAL,
      log: createLogger({ level: 'silent' }),
      clock,
      checkPin: async (...args) => {
        countsSeenDuringChecks.push(JSON.parse((await store.getSecret('proxy-pin-failures')) ?? '{}')[AGENT]);
        return checkPin(...args);
      },
    });
    expect(await signIn.signIn(card, '000000')).toMatchObject({ refusal: 'wrong-pin', attemptsLeft: MAX_PIN_FAILURES - 1 });
    for (let i = 1; i < MAX_PIN_FAILURES; i += 1) await signIn.signIn(card, '000000');
    // What a restart in the middle of each check would have found: that try already counted, the fifth already locked.
    expect(countsSeenDuringChecks).toEqual([{ count: 1 }, { count: 2 }, { count: 3 }, { count: 4 }, { count: 5, lockedUntil: clock.nowMs() + 15 * 60_000 }]);
  });

  it('the lock holds for a new instance (a restart) until it expires by the clock', async () => {
    const signIn = signInFeature();
    for (let i = 0; i < MAX_PIN_FAILURES; i += 1) await signIn.signIn(card, '000000');
    expect(await signInFeature().signIn(card, PIN)).toMatchObject({ signedIn: false, refusal: 'locked' });
    clock.advance(16 * 60_000);
    expect(await signInFeature().signIn(card, PIN)).toMatchObject({ signedIn: true });
  });
});
