// The access matrix, generated from the route table: every route, every credential that must be
// refused and every spelling of its path, over real HTTP on loopback — each answered 401, 403 or
// 404, never 2xx. Each route is also called once as it is meant to be, and must succeed, so a check
// that refused everything (or a route nobody can reach) fails here too.
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../test/postgres/databases.js';
import { ManualClock } from '../../contract/clock.js';
import { TERMINAL_ROLES, type TerminalRole } from '../../contract/config.js';
import { withIdNumberCheckCharacter } from '../../contract/idcard.js';
import { PLATFORM_ROUTE_NAMES, platformApi, type PlatformRouteName } from '../../contract/platform-api/routes.js';
import { buildPath, OCTET_STREAM, type RouteSpec } from '../../contract/platform-api/route.js';
import { makeTrackingCode } from '../../contract/tracking-code.js';
import { SEED_ITEMS } from '../catalog/seed-items.js';
import { DEMO_HALL_CONFIG } from '../queue/demo.js';
import { queueOf } from '../queue/routes.js';
import { phoneUploadsOf } from '../queue/phone-upload-routes.js';
import { PHONE_PHOTO_CONTENT_TYPE } from '../../contract/phone-upload.js';
import { phoneJpegWithGps } from '../../test/helpers/exif-jpeg.js';
import { platformContext, startPlatform, type RunningPlatform } from '../server.js';
import { LOW_COST, TEST_ADMIN_TOKEN, enrolTerminal } from './enrolment.js';
import { applicationPackage, envelope, helpRequest, push, terminalKey } from './package-fixtures.js';
import { pathSpellings, rawRequest } from './raw-http.js';

const ID_NUMBER = withIdNumberCheckCharacter('11010519800101123');
const TRACKING_CODE = makeTrackingCode([3, 1, 4, 1, 5, 9, 2, 6, 5, 3]);
const SBK = SEED_ITEMS.find((item) => item.name === '社保卡申领')!;
const HELLO_SHA = createHash('sha256').update('hello').digest('hex');
const bearer = (secret: string) => `Bearer ${secret}`;
const FLEET_VIEWER_PASSWORD = 'fleet-viewer-password-123';

/** Who calls: nobody, a terminal of a role, a revoked terminal, an administrator, or a made-up secret. */
type Caller = 'none' | 'wrong' | 'revoked' | 'admin' | 'admin-wrong-basic' | 'fleet-viewer' | TerminalRole | 'kiosk-b' | 'counter-b';

let platform: RunningPlatform;
let dataDir: string;
const credentials = new Map<Caller, string>();
const state = {
  liveToken: '',
  cancelToken: '',
  parkedId: '',
  ticketId: '',
  finishedTicketId: '',
  followUpId: '',
  assistId: '',
  cancelAssistId: '',
  liveHelpId: '',
  agentId: '',
  caseId: '',
  formSha: '',
  kid: '',
  helpId: '',
  helpAcceptId: '',
  helpNoteSha: '',
  phoneToken: '',
  phoneUploadId: '',
  proxyUploadId: '',
};

function authorization(caller: Caller): Record<string, string> {
  if (caller === 'none') return {};
  if (caller === 'wrong') return { authorization: bearer('x'.repeat(43)) };
  if (caller === 'admin') return { authorization: bearer(TEST_ADMIN_TOKEN) };
  if (caller === 'admin-wrong-basic') return { authorization: `Basic ${Buffer.from('admin:not-the-token').toString('base64')}` };
  if (caller === 'fleet-viewer') return { authorization: `Basic ${Buffer.from(`fleet-viewer:${FLEET_VIEWER_PASSWORD}`).toString('base64')}` };
  return { authorization: bearer(credentials.get(caller)!) };
}

interface Call {
  as: Caller;
  params?: Record<string, string>;
  query?: string;
  body?: unknown;
  /** A photo as the phone page sends it. */
  photo?: Buffer;
}

function send(route: RouteSpec, call: Call, target?: string, method: string = route.method) {
  const path = target ?? buildPath(route, call.params);
  const headers: Record<string, string> = { ...authorization(call.as) };
  let body: string | Buffer | undefined;
  if (call.photo) {
    headers['content-type'] = PHONE_PHOTO_CONTENT_TYPE;
    body = call.photo;
  } else if (route.body === OCTET_STREAM) {
    headers['content-type'] = 'application/octet-stream';
    body = Buffer.from('hello');
  } else if (route.body && method !== 'GET' && method !== 'HEAD') {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(call.body ?? {});
  }
  return rawRequest(platform.url, method, `${path}${call.query ? `?${call.query}` : ''}`, headers, body);
}

/** Parameters and queries of the right shape for every route, for the refused calls (which never reach a handler). */
const sampleParams: Record<string, string> = {
  code: TRACKING_CODE,
  token: 'A'.repeat(43),
  file: 'release.yml',
  sha256: HELLO_SHA,
  id: 'some-id',
  terminalId: 'kiosk-a',
  dataset: 'catalog',
  caseId: 'case-1',
  agentId: 'ag-1',
  clerkId: 'C1001',
  name: 'fleet-viewer',
};
const sampleQuery: Partial<Record<PlatformRouteName, string>> = { pull: 'dataset=catalog&since=0&limit=10', blobUpload: 'offset=0&size=5' };

/** Each route called once as intended, in an order that lets later calls use what earlier ones made. */
const allowed: [PlatformRouteName, () => Call, (() => Promise<void>)?][] = [
  ['health', () => ({ as: 'none' })],
  ['guide', () => ({ as: 'none', params: { code: SBK.code } })],
  ['updateFile', () => ({ as: 'none', params: { file: 'release.yml' } })],
  ['enrol', () => ({ as: 'none', body: { terminalId: 'kiosk-late', enrolmentCode: lateCode } })],
  ['status', () => ({ as: 'kiosk' })],
  ['push', () => ({ as: 'kiosk-b', body: { mutations: [envelope('kiosk-b', 'ticket', { n: 1 })] } })],
  ['pull', () => ({ as: 'display', query: 'dataset=catalog&since=0&limit=5' })],
  ['blobUpload', () => ({ as: 'kiosk', params: { sha256: HELLO_SHA }, query: 'offset=0&size=5' })],
  ['blobStatus', () => ({ as: 'kiosk', params: { sha256: HELLO_SHA } })],
  [
    'heartbeat',
    () => ({
      as: 'kiosk',
      body: {
        hallId: 'hall-a',
        role: 'kiosk',
        version: '1',
        shell: 'headless',
        devices: [],
        connectivity: 'online',
        pendingCount: 0,
        parkedCount: 0,
        intervalSeconds: 60,
        sentAt: '2026-11-23T01:30:00.000Z',
      },
    }),
  ],
  ['caseTimeline', () => ({ as: 'display', params: { code: TRACKING_CODE } })],
  ['casePackage', () => ({ as: 'counter', params: { code: TRACKING_CODE } })],
  ['caseBlob', () => ({ as: 'counter', params: { code: TRACKING_CODE, sha256: state.formSha } })],
  ['trackPage', () => ({ as: 'none', params: { code: TRACKING_CODE } })],
  ['caseReceipt', () => ({ as: 'proxy-point', params: { code: TRACKING_CODE }, body: { idNumber: ID_NUMBER } })],
  ['citizenLookup', () => ({ as: 'kiosk', body: { idNumber: ID_NUMBER } })],
  ['personalCodeIssue', () => ({ as: 'counter', body: { idNumber: ID_NUMBER, name: '王示例' } })],
  ['personalCodeMatch', () => ({ as: 'kiosk', body: { subject: '0'.repeat(32), idNumber: ID_NUMBER } })],
  ['personalCodeRevoke', () => ({ as: 'counter', body: { idNumber: ID_NUMBER } })],
  ['adminQueueConfig', () => ({ as: 'admin', body: { ...DEMO_HALL_CONFIG, recall: { max: 3, minGapSeconds: 0 } } })],
  [
    'adminQueueAppointments',
    () => ({ as: 'admin', body: { items: [{ service: 'social-security', slot: '09:00', idNumber: ID_NUMBER, maskedName: '王**' }] } }),
  ],
  ['queueSnapshot', () => ({ as: 'display' })],
  ['queueStats', () => ({ as: 'display' })],
  ['queueAppointments', () => ({ as: 'kiosk' })],
  ['queueIssue', () => ({ as: 'kiosk', body: { service: 'social-security' } })],
  ['queueTicket', () => ({ as: 'display', params: { id: state.ticketId } })],
  ['liveTicketPage', () => ({ as: 'none', params: { token: state.liveToken } })],
  ['liveTicketState', () => ({ as: 'none', params: { token: state.liveToken } })],
  ['liveTicketEvents', () => ({ as: 'none', params: { token: state.liveToken } })],
  ['liveTicketAway', () => ({ as: 'none', params: { token: state.liveToken } })],
  ['liveTicketBack', () => ({ as: 'none', params: { token: state.liveToken } })],
  [
    'liveTicketCancel',
    () => ({ as: 'none', params: { token: state.cancelToken } }),
    async () => {
      state.cancelToken = (await queueOf(platform.app).queue.issue({ service: 'household', priority: 'normal', source: 'kiosk' })).liveToken!;
    },
  ],
  ['queuePhoneUploadOpen', () => ({ as: 'kiosk', body: { materialName: '户口簿本人页' } })],
  [
    'phoneUploadPage',
    () => ({ as: 'none', params: { token: state.phoneToken } }),
    async () => {
      const upload = await phoneUploadsOf(platform.app).open('kiosk-a', '户口簿本人页');
      [state.phoneToken, state.phoneUploadId] = [upload.token, upload.uploadId];
      state.proxyUploadId = (await phoneUploadsOf(platform.app).open('proxy-a', '户口簿本人页')).uploadId;
    },
  ],
  ['phoneUploadPhoto', () => ({ as: 'none', params: { token: state.phoneToken }, photo: phoneJpegWithGps() })],
  ['queuePhoneUploadTake', () => ({ as: 'kiosk', params: { id: state.phoneUploadId } })],
  ['queuePhoneUploadClose', () => ({ as: 'proxy-point', params: { id: state.proxyUploadId } })],
  ['queueCheckIn', () => ({ as: 'kiosk', body: { idNumber: ID_NUMBER } })],
  ['queueLease', () => ({ as: 'kiosk', body: { prefix: 'A' } })],
  ['queueReplay', () => ({ as: 'kiosk', body: { tickets: [] } })],
  ['queueCall', () => ({ as: 'counter', body: {} })],
  ['queueRecall', () => ({ as: 'counter', body: { counterId: 'counter-1' } })],
  ['queueStart', () => ({ as: 'counter', body: {} })],
  ['queuePark', () => ({ as: 'counter', body: {} })],
  ['queueRecallParked', () => ({ as: 'counter', params: { id: state.parkedId }, body: {} })],
  ['queueFinish', () => ({ as: 'counter', body: {} })],
  ['queueEvaluate', () => ({ as: 'counter', body: { ticketId: state.finishedTicketId, level: 5 } })],
  ['queueProductivity', () => ({ as: 'counter', query: 'period=week' })],
  ['queueForecast', () => ({ as: 'counter', query: 'days=7' })],
  [
    'queueFollowUps',
    () => ({ as: 'counter' }),
    async () => {
      // A bad rating of its own, so there is a follow-up to act on.
      const { queue, records } = queueOf(platform.app);
      await queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
      await queue.callNext('counter-2');
      const finished = await queue.end('counter-2', 'finished');
      state.followUpId = (await records.evaluate({ ticketId: finished.id, level: 1, reason: '等候时间太长', channel: 'window' })).followUpId!;
    },
  ],
  ['queueFollowUpContact', () => ({ as: 'counter', params: { id: state.followUpId }, body: { note: '已电话联系' } })],
  ['queueFollowUpResolve', () => ({ as: 'counter', params: { id: state.followUpId }, body: { resolution: '已说明并改进' } })],
  ['queueNoShow', () => ({ as: 'counter', body: {} }), async () => void (await queueOf(platform.app).queue.callNext('counter-1'))],
  [
    'queueTransfer',
    () => ({ as: 'counter', body: { service: 'household' } }),
    async () => {
      await queueOf(platform.app).queue.issue({ service: 'social-security', priority: 'normal', source: 'kiosk' });
      await queueOf(platform.app).queue.callNext('counter-1');
    },
  ],
  ['queuePause', () => ({ as: 'counter', body: { reason: 'break' } })],
  ['queueResume', () => ({ as: 'counter', body: {} })],
  ['queueClerkSignIn', () => ({ as: 'counter', body: { clerkId: 'C1001', pin: '135790' } })],
  ['queueClerkSignOut', () => ({ as: 'counter', body: { session: 'A'.repeat(43) } })],
  ['queueAssistCall', () => ({ as: 'kiosk', body: { source: 'kiosk' } })],
  ['queueAssists', () => ({ as: 'counter' })],
  ['queueAssistAcknowledge', () => ({ as: 'counter', params: { id: state.assistId }, body: { counterId: 'counter-1' } })],
  ['queueAssistCancel', () => ({ as: 'proxy-point', params: { id: state.cancelAssistId }, body: {} })],
  ['queueLiveHelpRing', () => ({ as: 'kiosk', body: { source: 'kiosk' } })],
  ['queueLiveHelpCalls', () => ({ as: 'counter' })],
  ['queueLiveHelpAnswer', () => ({ as: 'counter', params: { id: state.liveHelpId }, body: { counterId: 'counter-1' } })],
  ['queueLiveHelpSend', () => ({ as: 'kiosk', params: { id: state.liveHelpId }, body: { kind: 'ice', candidate: null } })],
  ['queueLiveHelpReceive', () => ({ as: 'counter', params: { id: state.liveHelpId }, query: 'after=0' })],
  ['queueLiveHelpHangup', () => ({ as: 'kiosk', params: { id: state.liveHelpId }, body: {} })],
  ['queueHelpRequests', () => ({ as: 'counter' })],
  ['queueHelpFile', () => ({ as: 'counter', params: { id: state.helpId, sha256: state.helpNoteSha } })],
  ['queueHelpRevealPhone', () => ({ as: 'counter', params: { id: state.helpId }, body: { counterId: 'counter-1' } })],
  ['queueHelpCallBack', () => ({ as: 'counter', params: { id: state.helpId }, body: { counterId: 'counter-1', note: '已回电说明材料' } })],
  ['queueHelpAccept', () => ({ as: 'counter', params: { id: state.helpAcceptId }, body: { counterId: 'counter-1' } })],
  ['queueEvents', () => ({ as: 'display', query: 'since=0' })],
  ['adminTerminalAdd', () => ({ as: 'admin', body: { terminalId: 'kiosk-new', role: 'kiosk', hallId: 'hall-a' } })],
  ['adminTerminalList', () => ({ as: 'admin' })],
  ['adminTerminalReset', () => ({ as: 'admin', params: { terminalId: 'kiosk-new' }, body: {} })],
  ['adminTerminalRevoke', () => ({ as: 'admin', params: { terminalId: 'kiosk-new' } })],
  ['adminSeedDataset', () => ({ as: 'admin', params: { dataset: 'config' }, body: { items: [{ key: 'k', value: 1 }] } })],
  ['adminRejected', () => ({ as: 'admin' })],
  ['adminFleet', () => ({ as: 'admin' })],
  ['fleetPage', () => ({ as: 'fleet-viewer' })],
  ['adminCaseEvent', () => ({ as: 'admin', params: { caseId: state.caseId }, body: { to: 'accepted' } })],
  ['adminCodeIssue', () => ({ as: 'admin', body: { maskedName: '王**', idNumber: ID_NUMBER } })],
  ['adminCodeRevoke', () => ({ as: 'admin', body: { subject: '1'.repeat(32), reason: 'lost' } })],
  ['adminCodeRotateKey', () => ({ as: 'admin' })],
  ['adminCodeRevokeKey', () => ({ as: 'admin', body: { kid: state.kid } })],
  ['adminProxyPoint', () => ({ as: 'admin', body: { pointId: 'lanli', name: '兰里村代办点', terminals: ['proxy-a'] } })],
  ['adminProxyAgentEnrol', () => ({ as: 'admin', body: { pointId: 'lanli', maskedName: '李*' } })],
  ['adminProxyAgentList', () => ({ as: 'admin', query: 'pointId=lanli' })],
  ['adminProxyAgentReissue', () => ({ as: 'admin', params: { agentId: state.agentId }, body: {} })],
  ['adminProxyAgentRevoke', () => ({ as: 'admin', params: { agentId: state.agentId } })],
  ['adminClerkAdd', () => ({ as: 'admin', body: { clerkId: 'C1001', name: '王小明', hallId: 'hall-a', pin: '135790' } })],
  ['adminClerkList', () => ({ as: 'admin', query: 'hallId=hall-a' })],
  ['adminClerkDisable', () => ({ as: 'admin', params: { clerkId: 'C1001' } })],
  ['adminAccountAdd', () => ({ as: 'admin', body: { name: 'catalog-editor', password: 'a long enough password', scopes: ['catalog'] } })],
  ['adminAccountList', () => ({ as: 'admin' })],
  ['adminAccountDisable', () => ({ as: 'admin', params: { name: 'catalog-editor' } })],
  ['adminAudit', () => ({ as: 'admin', query: 'since=0&limit=10' })],
];

/** What each successful answer leaves for the calls after it. */
function remember(name: PlatformRouteName, body: string): void {
  const json = body.startsWith('{') ? (JSON.parse(body) as Record<string, unknown>) : {};
  if (name === 'queueIssue') {
    state.ticketId = (json.ticket as { id: string }).id;
    state.liveToken = json.liveToken as string;
  }
  if (name === 'queuePark') state.parkedId = (json.ticket as { id: string }).id;
  if (name === 'queueFinish') state.finishedTicketId = (json.ticket as { id: string }).id;
  if (name === 'queueAssistCall') state.assistId = (json.request as { id: string }).id;
  if (name === 'queueLiveHelpRing') state.liveHelpId = (json.call as { id: string }).id;
  if (name === 'adminCodeRotateKey') state.kid = json.kid as string;
  if (name === 'adminProxyAgentEnrol') state.agentId = json.agentId as string;
}

let lateCode = '';

/** The callers a route must refuse: no, wrong and revoked credentials, every role not allowed, the other kind of credential. */
function refusedCallers(route: RouteSpec): Caller[] {
  const { access } = route;
  if (access.kind === 'public' || access.kind === 'enrolment') return [];
  const always: Caller[] = ['none', 'wrong', 'revoked', 'admin-wrong-basic'];
  // A named administrator holding only the fleet scope: refused everywhere else.
  if (access.kind === 'admin') return [...always, ...TERMINAL_ROLES, ...(access.scope === 'fleet' ? [] : ['fleet-viewer' as const])];
  return [...always, 'admin', ...TERMINAL_ROLES.filter((role) => !access.roles.includes(role))];
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'hall-access-matrix-'));
  platform = await startPlatform({
    version: 't',
    dataDir,
    databaseUrl: await freshDatabaseUrl(),
    adminToken: TEST_ADMIN_TOKEN,
    seedCatalog: true,
    clock: new ManualClock('2026-11-23T01:30:00Z'),
    adminPasswordCost: LOW_COST,
  });
  const { app } = platform;
  const enrol = async (caller: Caller, terminalId: string, role: TerminalRole, extra: { counterId?: string; pointId?: string } = {}) =>
    credentials.set(caller, (await enrolTerminal(app, terminalId, { role, ...extra })).credential);
  await enrol('kiosk', 'kiosk-a', 'kiosk');
  await enrol('kiosk-b', 'kiosk-b', 'kiosk');
  await enrol('counter', 'counter-a', 'counter', { counterId: 'counter-1' });
  await enrol('counter-b', 'counter-b', 'counter', { counterId: 'counter-2' });
  await enrol('display', 'display-a', 'display');
  await enrol('proxy-point', 'proxy-a', 'proxy-point', { pointId: 'lanli' });
  await enrol('revoked', 'kiosk-gone', 'kiosk');
  await platformContext(app).terminals.revoke('kiosk-gone');
  await platformContext(app).admins.addAccount('fleet-viewer', FLEET_VIEWER_PASSWORD, ['fleet']);
  lateCode = (await platformContext(app).terminals.add({ terminalId: 'kiosk-late', role: 'kiosk', hallId: 'hall-a' })).enrolmentCode;

  // A case from kiosk-a, whose files are on the platform's disk.
  const key = terminalKey('kiosk');
  const kioskHeaders = { authorization: bearer(credentials.get('kiosk')!) };
  expect(await push(app, kioskHeaders, envelope('kiosk-a', 'terminal-key', key.payload))).toMatchObject({ outcome: 'applied' });
  const application = await applicationPackage(app, {
    terminalId: 'kiosk-a',
    key,
    trackingCode: TRACKING_CODE,
    serviceCode: SBK.code,
    personal: { name: '王示例', idNumber: ID_NUMBER, phone: '13800001234' },
  });
  expect(await push(app, kioskHeaders, application)).toMatchObject({ outcome: 'applied' });
  state.caseId = application.idempotencyKey;
  state.formSha = application.blobs[0]!;
  const file = platformContext(app).blobs.finalPath(state.formSha);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, '{}');
  writeFileSync(join(dataDir, 'updates', 'release.yml'), 'version: 1.0.0\n');

  // Two help requests from kiosk-a: one to call back, one to take to the counter.
  for (const key of ['helpId', 'helpAcceptId'] as const) {
    const request = await helpRequest(app, 'kiosk-a', { phone: '13900001234' });
    expect(await push(app, kioskHeaders, request)).toMatchObject({ outcome: 'applied' });
    state[key] = request.payload.requestId as string;
    state.helpNoteSha = request.blobs[0]!;
  }
});

afterAll(async () => {
  await platform?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the platform access matrix, from the route table', () => {
  it('has an intended call for every declared route', () => {
    expect(allowed.map(([name]) => name).sort()).toEqual([...PLATFORM_ROUTE_NAMES].sort());
  });

  it('refuses every route to every caller it does not allow, under every spelling of its path: 401, 403 or 404, never 2xx', async () => {
    const leaks: string[] = [];
    let tried = 0;
    for (const name of PLATFORM_ROUTE_NAMES) {
      const route: RouteSpec = platformApi[name];
      const path = buildPath(route, sampleParams);
      for (const as of refusedCallers(route)) {
        const call: Call = { as, ...(sampleQuery[name] ? { query: sampleQuery[name] } : {}) };
        const spellings = [
          ...pathSpellings(path).map((s) => ({ ...s, method: route.method as string })),
          ...(route.method === 'GET' ? [{ name: 'HEAD', target: path, method: 'HEAD' }] : []),
        ];
        for (const spelling of spellings) {
          const reply = await send(route, call, spelling.target, spelling.method);
          tried += 1;
          if (![401, 403, 404].includes(reply.status)) leaks.push(`${spelling.method} ${spelling.target} as ${as} (${spelling.name}): ${reply.status}`);
        }
      }
    }
    expect(leaks).toEqual([]);
    expect(tried).toBeGreaterThan(1000);
  }, 120_000);

  it("refuses a terminal acting on another terminal's counter or request: 403", async () => {
    const kioskCall = await send(platformApi.queueAssistCall, { as: 'kiosk-b', body: { source: 'kiosk' } });
    const foreignRequest = (JSON.parse(kioskCall.body) as { request: { id: string } }).request.id;
    state.cancelAssistId = foreignRequest;
    const refusals: [RouteSpec, Call][] = [
      [platformApi.queueAssistCancel, { as: 'kiosk', params: { id: foreignRequest }, body: {} }],
      [platformApi.queuePause, { as: 'counter-b', body: { counterId: 'counter-1', reason: 'not mine' } }],
      [platformApi.queueCall, { as: 'counter-b', body: { counterId: 'counter-1' } }],
      [platformApi.queueAssistAcknowledge, { as: 'counter-b', params: { id: foreignRequest }, body: { counterId: 'counter-1' } }],
    ];
    for (const [route, call] of refusals) expect([route.path, (await send(route, call)).status]).toEqual([route.path, 403]);
    // kiosk-b withdraws its own request; the proxy point's cancel in the intended calls needs one of its own.
    expect((await send(platformApi.queueAssistCancel, { as: 'kiosk-b', params: { id: foreignRequest }, body: {} })).status).toBe(200);
    const proxyCall = await send(platformApi.queueAssistCall, { as: 'proxy-point', body: { source: 'proxy-point' } });
    state.cancelAssistId = (JSON.parse(proxyCall.body) as { request: { id: string } }).request.id;
  });

  it('answers every route called as intended with 2xx, in the shape the table declares', async () => {
    const failures: string[] = [];
    for (const [name, make, prepare] of allowed) {
      const route: RouteSpec = platformApi[name];
      await prepare?.();
      const call = make();
      const reply = await send(route, call);
      if (reply.status < 200 || reply.status > 299) failures.push(`${name} as ${call.as}: ${reply.status} ${reply.body.slice(0, 200)}`);
      else {
        // The table's response schema is what clients validate answers with: it must fit the real answer.
        const parsed = route.response?.safeParse(JSON.parse(reply.body));
        if (parsed && !parsed.success)
          failures.push(
            `${name}: the answer does not fit the declared response: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
          );
        remember(name, reply.body);
      }
    }
    expect(failures).toEqual([]);
  }, 60_000);

  it('answers a path no route declares with 404, whoever asks', async () => {
    for (const as of ['none', 'admin', 'kiosk', 'counter'] as Caller[]) {
      for (const target of ['/v1/admin', '/v1/admin/', '/v1/admin/everything', '/v1/queue', '/v2/push', '/v1/terminals/kiosk-a', '/.env', '/v1/cases']) {
        expect([target, as, (await rawRequest(platform.url, 'GET', target, authorization(as))).status]).toEqual([target, as, 404]);
      }
    }
  });
});
