import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { systemClock, type Clock } from '../contract/clock.js';
import type { HaochapingGateway } from './queue/haochaping.js';
import { AdminAuthority } from './access/admin-auth.js';
import { AuditLog } from './access/audit-log.js';
import { registerAdminAccountRoutes } from './access/admin-routes.js';
import { PlatformRouter } from './access/router.js';
import { TerminalRegistry } from './access/terminal-registry.js';
import type { MutationEnvelope } from '../contract/sync-protocol.js';
import { PlatformBlobStore } from './blob-store.js';
import { CaseStore } from './cases/case-store.js';
import { registerCaseRoutes } from './cases/routes.js';
import { publishSeedCatalog } from './catalog/publish.js';
import type { FleetHealthOptions } from './fleet/fleet-health.js';
import { registerFleetRoutes } from './fleet/fleet-routes.js';
import { registerUpdateRoutes } from './updates/update-routes.js';
import { CodeAuthority } from './personal-codes/code-authority.js';
import { registerPersonalCodeRoutes } from './personal-codes/code-routes.js';
import { packageIdentityRefusal, publishedRevocation } from './personal-codes/package-identity.js';
import { PlatformStore, type MutationValidator } from './platform-store.js';
import type { Database } from './db/database.js';
import { openPlatformDatabase } from './db/open.js';
import { RateLimits } from './access/rate-budget.js';
import { schedulePurge, type RetentionAges } from './retention.js';
import { PlatformSealer, fileKeySource, providedKeyFileSource, type PlatformKeySource } from './sealing.js';
import { assertSharedSecrets, blobFolderId } from './shared-secrets.js';
import { PROXY_POINT_DATASET } from '../contract/proxy-agent.js';
import { ProxyAgentRegistry } from './proxy-points/agent-registry.js';
import { registerProxyRoutes } from './proxy-points/proxy-routes.js';
import { registerSyncRoutes } from './routes.js';
import { registerQueueRoutes, type QueueRouteOptions } from './queue/routes.js';
import { registerPhoneUploadRoutes } from './queue/phone-upload-routes.js';
import type { HelpDesk } from './queue/help-desk.js';
import { HELP_REQUEST_KIND } from '../contract/remote-help.js';
import { HttpSmsGateway, HttpSmsSettings, WeChatSettings, WeChatTemplateGateway } from './notify/gateways.js';
import type { NoticeGateways } from './queue/reminders.js';

export interface PlatformOptions {
  version: string;
  /** Fastify logger; off by default (the embedding host logs for it). */
  logger?: boolean;
  /** Where the platform keeps its blobs and keys (and its embedded database); a temporary folder when absent. */
  dataDir?: string;
  /**
   * The database: `postgres://…` (a server, which several instances may share), `pglite:<folder>` or
   * `pglite:memory`. By default PGlite in `<dataDir>/pgdata`, or in memory without a data folder.
   */
  databaseUrl?: string;
  /**
   * The bootstrap administrator's token (every scope); random when absent (see platformContext).
   * Terminals never see it: they enrol with one-time codes an administrator issues per terminal.
   */
  adminToken?: string;
  /** Wall-clock time for expiries, rate limits and records; the system clock by default. */
  clock?: Clock;
  /** The provincial 好差评 system ratings and follow-ups are reported to; without one they wait in the outbox. */
  haochaping?: HaochapingGateway;
  /** The key citizen data is sealed with; a 0600 file under the data folder's keys/ by default (a KMS can plug in here). */
  keySource?: PlatformKeySource;
  /**
   * A sealing key file the deployment provides, the same on every instance (a systemd credential, a
   * mounted secret); never created by the platform. Used when no keySource is given.
   */
  sealingKeyFile?: string;
  /** Where blob files live (shared storage when several instances run); `<data>/blobs` by default. */
  blobDir?: string;
  /** Where the personal-code signing keys live (shared when several instances run); `<data>/personal-code-keys` by default. */
  codeKeysDir?: string;
  /** scrypt cost for administrator passwords (tests lower it); N=2^15, r=8, p=1 by default. */
  adminPasswordCost?: { N: number; r: number; p: number };
  /** Business validation; a returned string rejects (parks) the mutation with that reason. */
  validateMutation?: MutationValidator;
  /** Fleet health thresholds (silence after 5 minutes by default). */
  fleet?: Partial<FleetHealthOptions>;
  /** Where the hall queue's reminders go: an HTTP SMS gateway, WeChat template messages (none: not sent). */
  notify?: NotifySettings;
  /** Hall queue tuning (tests and benches: retry pace, the live ticket routes' budget per address). */
  queue?: Pick<QueueRouteOptions, 'reminders' | 'livePerMinute' | 'awaySweepMs' | 'clerkPinCost'>;
  /** Publish the seed service catalog (platform/catalog) when the platform holds an older or no copy. */
  seedCatalog?: boolean;
  /**
   * The reverse proxies (addresses or CIDRs) whose X-Forwarded-For names the caller: public pages are
   * rate-limited per phone, not per proxy, and the audit log records the real address. None by default.
   */
  trustProxy?: string[];
  /** How long help requests and untaken phone photos are kept (platform/retention.ts; its defaults when absent). */
  retention?: Partial<RetentionAges>;
  /** Minutes after submitting during which an applicant may withdraw a case not yet accepted (10 by default; 0: never). */
  withdrawWindowMinutes?: number;
}

export interface RunningPlatform {
  app: FastifyInstance;
  url: string;
  close(): Promise<void>;
}

export interface PlatformContext {
  db: Database;
  store: PlatformStore;
  blobs: PlatformBlobStore;
  terminals: TerminalRegistry;
  admins: AdminAuthority;
  adminToken: string;
}

export const KNOWN_MUTATION_KINDS = ['application', 'ticket', 'evaluation', 'status-event', 'terminal-key', HELP_REQUEST_KIND] as const;

/** Reference rules: known kinds only, and an application must name a service in the catalog (once one is seeded). */
export const defaultValidateMutation: MutationValidator = async (mutation: MutationEnvelope, store) => {
  if (!(KNOWN_MUTATION_KINDS as readonly string[]).includes(mutation.kind)) return `unknown mutation kind '${mutation.kind}'`;
  if (mutation.kind === 'application') {
    const catalog = await store.datasetKeys('catalog');
    const service = mutation.payload.serviceCode;
    if (catalog.size > 0 && (typeof service !== 'string' || !catalog.has(service))) return 'service is not in the catalog';
  }
  return null;
};

/** The notice channels of a platform (`HALL_NOTIFY` as JSON for `platform serve`). */
export const NotifySettings = z.object({ sms: HttpSmsSettings.optional(), wechat: WeChatSettings.optional() }).strict();
export type NotifySettings = z.infer<typeof NotifySettings>;

/**
 * The hall queue's notices and live ticket budget from the environment, for every way the platform is
 * started: `HALL_NOTIFY` (JSON: `{"sms": {"kind": "http-sms", "url": …, "tokenEnv": …}, "wechat": {…}}`;
 * secrets stay in the variables it names) and `HALL_LIVE_TICKET_PER_MINUTE` (raise it where phones share an address).
 */
export function queueOptionsFromEnvironment(env: NodeJS.ProcessEnv): Pick<PlatformOptions, 'notify' | 'queue'> {
  const notify = env.HALL_NOTIFY ? NotifySettings.parse(JSON.parse(env.HALL_NOTIFY)) : undefined;
  const perMinute = env.HALL_LIVE_TICKET_PER_MINUTE;
  const livePerMinute = perMinute === undefined ? undefined : Number(perMinute);
  if (livePerMinute !== undefined && !(Number.isInteger(livePerMinute) && livePerMinute > 0))
    throw new Error(`HALL_LIVE_TICKET_PER_MINUTE is not a positive whole number: ${perMinute}`);
  return { ...(notify ? { notify } : {}), ...(livePerMinute ? { queue: { livePerMinute } } : {}) };
}

function noticeGateways(settings: NotifySettings | undefined, clock: Clock): NoticeGateways {
  return {
    ...(settings?.sms ? { sms: new HttpSmsGateway(settings.sms) } : {}),
    ...(settings?.wechat ? { wechat: new WeChatTemplateGateway(settings.wechat, clock) } : {}),
  };
}

const contexts = new WeakMap<FastifyInstance, PlatformContext>();

/** The store, blob store, terminal registry and admin token behind a platform built by buildPlatform. */
export function platformContext(app: FastifyInstance): PlatformContext {
  const context = contexts.get(app);
  if (!context) throw new Error('not a platform built by buildPlatform');
  return context;
}

/** The database a platform with these options uses. */
export function platformDatabaseUrl(options: Pick<PlatformOptions, 'dataDir' | 'databaseUrl'>): string {
  return options.databaseUrl ?? (options.dataDir ? `pglite:${join(options.dataDir, 'pgdata')}` : 'pglite:memory');
}

/** The reference online platform that terminals sync with. */
export async function buildPlatform(options: PlatformOptions): Promise<FastifyInstance> {
  const clock = options.clock ?? systemClock;
  // Closing ends open connections too (a half-read download, an event stream): a platform that stops
  // must not wait on its clients.
  const app = Fastify({
    logger: options.logger ?? false,
    bodyLimit: 16 * 1024 * 1024,
    forceCloseConnections: true,
    ...(options.trustProxy?.length ? { trustProxy: options.trustProxy } : {}),
  });

  const temporary = options.dataDir ? null : mkdtempSync(join(tmpdir(), 'hall-platform-'));
  const dataDir = options.dataDir ?? (temporary as string);
  // Citizen data lives here: nobody but the platform's user may list or read it.
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
  const sealer = new PlatformSealer(
    options.keySource ?? (options.sealingKeyFile ? providedKeyFileSource(options.sealingKeyFile) : fileKeySource(join(dataDir, 'keys', 'platform.key'))),
  );
  const db = await openPlatformDatabase(platformDatabaseUrl(options));
  const store = new PlatformStore(db, sealer, clock);
  const blobDir = options.blobDir ?? join(dataDir, 'blobs');
  const blobs = await PlatformBlobStore.open(blobDir, store);
  const adminToken = options.adminToken ?? randomBytes(24).toString('base64url');
  const terminals = new TerminalRegistry(store, clock);
  // Authenticated terminals are remembered briefly; a change on any instance is heard here.
  const stopFollowingTerminals = await terminals.follow();
  const admins = new AdminAuthority(adminToken, db, clock, options.adminPasswordCost);
  const audit = new AuditLog(db, clock);
  const limits = new RateLimits(db);
  contexts.set(app, { db, store, blobs, terminals, admins, adminToken });
  const router = new PlatformRouter(app, { terminals, admins, audit });
  const cases = new CaseStore(store, (terminalId) => terminals.get(terminalId), clock, options.withdrawWindowMinutes);
  if (options.seedCatalog) await publishSeedCatalog(store);
  const validate = options.validateMutation ?? defaultValidateMutation;
  const codeAuthority = new CodeAuthority(
    options.codeKeysDir ?? join(dataDir, 'personal-code-keys'),
    (dataset, items) => store.seedDataset(dataset, items),
    clock,
    (subject) => publishedRevocation(store, subject),
  );
  try {
    await assertSharedSecrets(
      db,
      { sealingKey: sealer.fingerprint, personalCodeKeys: codeAuthority.subjectKeyFingerprint(), blobFolder: blobFolderId(blobDir) },
      clock,
    );
  } catch (error) {
    await db.close();
    throw error;
  }
  await codeAuthority.start();
  const proxyAgents = new ProxyAgentRegistry(store, codeAuthority);

  // Healthy only when the database answers: a reverse proxy takes an instance that lost it out of rotation.
  router.serve('health', async ({ reply }) => {
    const database = await db.one('SELECT 1 AS ok').then(
      () => 'ok' as const,
      () => 'unreachable' as const,
    );
    const body = {
      status: database === 'ok' ? 'ok' : 'degraded',
      service: 'hall-platform',
      version: options.version,
      time: clock.iso(),
      database: { kind: db.kind, status: database },
    };
    return database === 'ok' ? body : reply.code(503).send(body);
  });
  // Help requests (远程帮办 sent offline) join the hall queue's stream in the push transaction; the desk exists once the queue routes are registered.
  const help: { desk?: HelpDesk } = {};
  const recordHelpRequest = async (m: MutationEnvelope, terminalId: string): Promise<string | null> => {
    if (m.kind !== HELP_REQUEST_KIND) return null;
    const enrolled = await terminals.get(terminalId);
    if (!help.desk || !enrolled) return 'help requests are not accepted here';
    return help.desk.record(m, { terminalId, role: enrolled.role, hallId: enrolled.hallId });
  };
  // Cases are opened and moved inside the push transaction, after the validator lets a mutation through.
  registerSyncRoutes(app, router, {
    store,
    blobs,
    terminals,
    validateMutation: async (m, s, terminalId) =>
      (await validate(m, s, terminalId)) ??
      (await packageIdentityRefusal(codeAuthority, m)) ??
      (await cases.apply(m, terminalId)) ??
      (await recordHelpRequest(m, terminalId)),
    filterPull: async (terminalId, response) => (response.dataset === PROXY_POINT_DATASET ? proxyAgents.filterPull(terminalId, response) : response),
  });
  registerCaseRoutes(app, router, { cases, blobs, catalogItem: (code) => cases.catalogItem(code), limits, clock });
  const queueRoutes = await registerQueueRoutes(app, router, db, {
    audit,
    readBlob: async (sha256) => ((await blobs.status(sha256)).verified ? blobs.read(sha256) : undefined),
    clock,
    keyedHash: (idNumber) => sealer.keyedHash('appointment', idNumber),
    sealer,
    limits,
    gateways: noticeGateways(options.notify, clock),
    ...options.queue,
    ...(options.haochaping ? { haochapingGateway: options.haochaping } : {}),
  });
  help.desk = queueRoutes.help;
  registerPhoneUploadRoutes(app, router, { db, sealer, clock, limits, hallConfig: () => queueRoutes.queue.config() });
  registerUpdateRoutes(router, join(dataDir, 'updates'));
  registerPersonalCodeRoutes(app, router, codeAuthority, limits, clock);
  registerProxyRoutes(app, router, proxyAgents);
  registerAdminAccountRoutes(router, admins, audit);
  registerFleetRoutes(app, router, { store, clock, ...(options.fleet ? { health: options.fleet } : {}) });
  router.assertComplete();
  const stopPurge = schedulePurge(db, clock, { blobs, ...(options.retention ? { ages: options.retention } : {}) });
  app.addHook('onClose', async () => {
    stopPurge();
    await stopFollowingTerminals();
    await store.close();
    if (temporary) rmSync(temporary, { recursive: true, force: true });
  });
  return app;
}

export async function startPlatform(options: PlatformOptions & { host?: string; port?: number }): Promise<RunningPlatform> {
  const app = await buildPlatform(options);
  const address = await app.listen({ host: options.host ?? '127.0.0.1', port: options.port ?? 0 });
  return { app, url: address, close: () => app.close() };
}
