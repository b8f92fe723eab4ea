// The platform's API, declared once: every route of the reference platform and the hall queue
// service, with its access class. The server registers exactly these (an undeclared path is 404)
// and the tests generate their access matrix from this table.
import { z } from 'zod';
import { ANY_TERMINAL, ENROLMENT, PUBLIC, admin, terminals } from './access.js';
import { OCTET_STREAM, defineRoute } from './route.js';
import {
  AdminAccount, AdminAccountRequest, AdminCaseEvent, AdminIssueCode, AdminName, AuditEntry, AuditQuery, AdminRevokeKey, AdminRevokeSubject, CallRequest, CheckInRequest, CitizenLookup, CitizenProfile, CounterVerb,
  EventsQuery, IssueAtCounter, LeaseRequest, MatchRequest, PauseRequest, ProxyAgentEnrolRequest, ProxyAgentQuery, ProxyAgentReissueRequest,
  ProxyPointRequest, ReplayRequest, RevokeAtCounter, SeedAppointments, StatsQuery, TrackingCodeParam, TrackPageQuery, TransferRequest,
} from './schemas.js';
import { LiveTicketView, LiveToken } from '../live-ticket.js';
import { PhonePhotoReceived, PhoneUploadOpened, PhoneUploadOpenRequest, PhoneUploadTaken, PhoneUploadToken } from '../phone-upload.js';
import { EnrolRequest, EnrolResponse, IssuedEnrolment, TerminalRecord, TerminalRecordInput } from './terminals.js';
import { AssistAcknowledgeRequest, AssistCallRequest } from '../assist.js';
import { HelpAcceptRequest, HelpCallBackRequest, HelpRequest } from '../remote-help.js';
import { CasePackage, CaseTimeline, ReceiptCopy } from '../case.js';
import { Heartbeat } from '../fleet.js';
import { ClerkAddRequest, ClerkAdded, ClerkQuery, ClerkSignInRequest, ClerkSignInResult, ClerkSignOutRequest, ClerkView } from '../clerk.js';
import { FollowUp, FollowUpContact, FollowUpResolve } from '../follow-ups.js';
import { Forecast, ProductivityQuery, ProductivityReport } from '../productivity.js';
import { EvaluationRequest, HallQueueConfig, IssueRequest, QueueSnapshot } from '../queue.js';
import { BlobStatus, BlobUploadQuery, DatasetName, PullQuery, PullResponse, PushRequest, PushResponse, SeedRequest, Sha256, TerminalId, TerminalStatusResponse } from '../sync-protocol.js';

const Ok = z.object({ ok: z.literal(true) });
const Revoked = z.object({ revoked: z.boolean() });
const CodeParam = z.object({ code: TrackingCodeParam }).strict();
const IdParam = z.object({ id: z.string().min(1).max(64) }).strict();
const ForecastQuery = z.object({ days: z.coerce.number().int().min(1).max(62).default(14) }).strict();
const TokenParam = z.object({ token: LiveToken }).strict();
const PhoneTokenParam = z.object({ token: PhoneUploadToken }).strict();
const LiveLanguage = z.object({ lang: z.enum(['zh-CN', 'zh-HK', 'en', 'ug']).optional() }).strict();

/** Who serves the public: the terminals a citizen or agent stands at. */
const SERVING = terminals('kiosk', 'proxy-point', 'counter');
const COUNTER = terminals('counter');
const CALLERS = terminals('kiosk', 'proxy-point');

export const platformApi = {
  // Public
  health: defineRoute({ method: 'GET', path: '/health', access: PUBLIC, summary: 'liveness and version' }),
  guide: defineRoute({ method: 'GET', path: '/guide/:code', access: PUBLIC, params: z.object({ code: z.string().min(1).max(64) }).strict(), produces: 'html', summary: 'the guide page a receipt QR opens' }),
  // The live ticket (hall queue service, on the hall's LAN): the page a ticket's QR opens, its state, its stream, the citizen's buttons.
  liveTicketPage: defineRoute({ method: 'GET', path: '/t/:token', access: PUBLIC, params: TokenParam, query: LiveLanguage, produces: 'html', summary: 'the live ticket page on a phone' }),
  liveTicketState: defineRoute({ method: 'GET', path: '/t/:token/state', access: PUBLIC, params: TokenParam, response: LiveTicketView, summary: 'where the ticket stands' }),
  liveTicketEvents: defineRoute({ method: 'GET', path: '/t/:token/events', access: PUBLIC, params: TokenParam, produces: 'event-stream', summary: "the ticket's view, pushed on every change" }),
  liveTicketAway: defineRoute({ method: 'POST', path: '/t/:token/away', access: PUBLIC, params: TokenParam, response: LiveTicketView, summary: '暂时离开: kept for the away time' }),
  liveTicketBack: defineRoute({ method: 'POST', path: '/t/:token/back', access: PUBLIC, params: TokenParam, response: LiveTicketView, summary: '我回来了' }),
  liveTicketCancel: defineRoute({ method: 'POST', path: '/t/:token/cancel', access: PUBLIC, params: TokenParam, response: LiveTicketView, summary: '取消 the ticket' }),
  // Materials from the citizen's phone (hall queue service): the page an apply screen's one-time QR opens, and the photo it sends.
  phoneUploadPage: defineRoute({ method: 'GET', path: '/p/:token', access: PUBLIC, params: PhoneTokenParam, query: LiveLanguage, produces: 'html', summary: "the phone page a material's upload QR opens" }),
  phoneUploadPhoto: defineRoute({
    method: 'POST', path: '/p/:token/photo', access: PUBLIC, params: PhoneTokenParam, body: OCTET_STREAM, response: PhonePhotoReceived, summary: 'the one photo: checked, re-encoded without EXIF, sealed',
  }),
  trackPage: defineRoute({ method: 'GET', path: '/track/:code', access: PUBLIC, params: z.object({ code: z.string().min(1).max(64) }).strict(), query: TrackPageQuery, produces: 'html', summary: "the case progress page a receipt's QR opens" }),
  updateFile: defineRoute({ method: 'GET', path: '/updates/:file', access: PUBLIC, params: z.object({ file: z.string().min(1).max(200) }).strict(), produces: 'bytes', summary: 'release files, with ranges' }),

  // Enrolment
  enrol: defineRoute({ method: 'POST', path: '/v1/terminals', access: ENROLMENT, body: EnrolRequest, response: EnrolResponse, summary: 'a terminal enrols with its one-time code' }),

  // Sync (every terminal)
  status: defineRoute({ method: 'GET', path: '/v1/terminal/status', access: ANY_TERMINAL, response: TerminalStatusResponse, summary: 'highest applied mutation' }),
  push: defineRoute({ method: 'POST', path: '/v1/push', access: ANY_TERMINAL, body: PushRequest, response: PushResponse, summary: 'mutations, exactly once' }),
  pull: defineRoute({ method: 'GET', path: '/v1/pull', access: ANY_TERMINAL, query: PullQuery, response: PullResponse, summary: 'dataset items after a checkpoint' }),
  blobStatus: defineRoute({ method: 'GET', path: '/v1/blobs/:sha256', access: ANY_TERMINAL, params: z.object({ sha256: Sha256 }).strict(), response: BlobStatus, summary: 'confirmed offset of an upload' }),
  blobUpload: defineRoute({
    method: 'PUT', path: '/v1/blobs/:sha256', access: SERVING, params: z.object({ sha256: Sha256 }).strict(), query: BlobUploadQuery, body: OCTET_STREAM, response: BlobStatus, summary: 'one chunk of a resumable upload',
  }),
  heartbeat: defineRoute({ method: 'POST', path: '/v1/fleet/heartbeat', access: ANY_TERMINAL, body: Heartbeat, response: Ok, summary: 'terminal health for the fleet page' }),

  // Cases
  caseTimeline: defineRoute({ method: 'GET', path: '/v1/cases/:code', access: ANY_TERMINAL, params: CodeParam, response: z.object({ cases: z.array(CaseTimeline) }), summary: 'a case timeline by tracking code' }),
  casePackage: defineRoute({ method: 'GET', path: '/v1/cases/:code/package', access: COUNTER, params: CodeParam, response: z.object({ packages: z.array(CasePackage) }), summary: 'the one-bag package for 一窗受理' }),
  caseBlob: defineRoute({ method: 'GET', path: '/v1/cases/:code/blobs/:sha256', access: COUNTER, params: z.object({ code: TrackingCodeParam, sha256: Sha256 }).strict(), produces: 'bytes', summary: 'a file of a package' }),
  caseReceipt: defineRoute({ method: 'POST', path: '/v1/cases/:code/receipt', access: SERVING, params: CodeParam, body: CitizenLookup, response: z.object({ receipts: z.array(ReceiptCopy) }), summary: "a receipt's contents again, for the applicant's card only" }),
  citizenLookup: defineRoute({ method: 'POST', path: '/v1/citizens/lookup', access: SERVING, body: CitizenLookup, response: CitizenProfile, summary: 'phone and address known from earlier cases, masked' }),

  // Personal codes
  personalCodeIssue: defineRoute({ method: 'POST', path: '/v1/personal-codes/issue', access: COUNTER, body: IssueAtCounter, response: z.object({ code: z.string(), expiresAt: z.string(), maskedName: z.string() }), summary: 'a clerk prints a code for the card holder' }),
  personalCodeRevoke: defineRoute({ method: 'POST', path: '/v1/personal-codes/revoke', access: COUNTER, body: RevokeAtCounter, response: Revoked, summary: "a clerk voids a person's codes" }),
  personalCodeMatch: defineRoute({ method: 'POST', path: '/v1/personal-codes/match', access: SERVING, body: MatchRequest, response: z.object({ match: z.boolean() }), summary: "whether a code's subject is this card's holder" }),

  // Hall queue
  queueSnapshot: defineRoute({ method: 'GET', path: '/v1/queue/snapshot', access: ANY_TERMINAL, response: QueueSnapshot, summary: 'the whole queue now' }),
  queueStats: defineRoute({ method: 'GET', path: '/v1/queue/stats', access: ANY_TERMINAL, query: StatsQuery, summary: "a day's statistics" }),
  queueAppointments: defineRoute({ method: 'GET', path: '/v1/queue/appointments', access: ANY_TERMINAL, summary: "today's appointments (masked)" }),
  queueTicket: defineRoute({ method: 'GET', path: '/v1/queue/tickets/:id', access: ANY_TERMINAL, params: IdParam, summary: "a ticket's position" }),
  queueIssue: defineRoute({ method: 'POST', path: '/v1/queue/tickets', access: SERVING, body: IssueRequest, summary: 'issue a ticket' }),
  queueReplay: defineRoute({ method: 'POST', path: '/v1/queue/tickets/replay', access: CALLERS, body: ReplayRequest, summary: 'tickets issued offline from a lease' }),
  queueLease: defineRoute({ method: 'POST', path: '/v1/queue/leases', access: CALLERS, body: LeaseRequest, summary: 'a block of numbers for offline issue' }),
  queueCheckIn: defineRoute({ method: 'POST', path: '/v1/queue/check-in', access: SERVING, body: CheckInRequest, summary: 'an appointment checked in by ID card' }),
  queueCall: defineRoute({ method: 'POST', path: '/v1/queue/call', access: COUNTER, body: CallRequest, summary: "call the next ticket at the terminal's counter" }),
  queueStart: defineRoute({ method: 'POST', path: '/v1/queue/start', access: COUNTER, body: CounterVerb, summary: 'the called citizen is at the counter: service begins' }),
  queueRecall: defineRoute({ method: 'POST', path: '/v1/queue/recall', access: COUNTER, body: CounterVerb, summary: 'call the current ticket again' }),
  queueFinish: defineRoute({ method: 'POST', path: '/v1/queue/finish', access: COUNTER, body: CounterVerb, summary: 'finish the current ticket' }),
  queueNoShow: defineRoute({ method: 'POST', path: '/v1/queue/no-show', access: COUNTER, body: CounterVerb, summary: 'the called citizen did not come' }),
  queueTransfer: defineRoute({ method: 'POST', path: '/v1/queue/transfer', access: COUNTER, body: TransferRequest, summary: 'send the current ticket elsewhere' }),
  queuePause: defineRoute({ method: 'POST', path: '/v1/queue/pause', access: COUNTER, body: PauseRequest, summary: 'pause the counter' }),
  queuePark: defineRoute({ method: 'POST', path: '/v1/queue/park', access: COUNTER, body: CounterVerb, summary: 'set the current ticket aside (a missing material)' }),
  queueRecallParked: defineRoute({ method: 'POST', path: '/v1/queue/parked/:id/recall', access: COUNTER, params: IdParam, body: CounterVerb, summary: "call a ticket back from the counter's park list" }),
  queueResume: defineRoute({ method: 'POST', path: '/v1/queue/resume', access: COUNTER, body: CounterVerb, summary: 'resume the counter' }),
  queueEvaluate: defineRoute({ method: 'POST', path: '/v1/queue/evaluations', access: ANY_TERMINAL, body: EvaluationRequest, summary: '好差评 for a ticket' }),
  queueProductivity: defineRoute({ method: 'GET', path: '/v1/queue/productivity', access: COUNTER, query: ProductivityQuery, response: ProductivityReport, summary: 'per counter: wait, walk, service and idle time by day or week' }),
  queueForecast: defineRoute({ method: 'GET', path: '/v1/queue/forecast', access: COUNTER, query: ForecastQuery, response: Forecast, summary: 'expected tickets and peak hour for the coming days' }),
  queueFollowUps: defineRoute({ method: 'GET', path: '/v1/queue/follow-ups', access: COUNTER, response: z.object({ followUps: z.array(FollowUp) }), summary: "bad ratings' follow-ups, overdue first" }),
  queueFollowUpContact: defineRoute({ method: 'POST', path: '/v1/queue/follow-ups/:id/contact', access: COUNTER, params: IdParam, body: FollowUpContact, summary: 'record contact with the citizen' }),
  queueFollowUpResolve: defineRoute({ method: 'POST', path: '/v1/queue/follow-ups/:id/resolve', access: COUNTER, params: IdParam, body: FollowUpResolve, summary: 'record the fix; closes the follow-up' }),
  queueAssists: defineRoute({ method: 'GET', path: '/v1/queue/assists', access: ANY_TERMINAL, summary: 'open assistance requests' }),
  queueAssistCall: defineRoute({ method: 'POST', path: '/v1/queue/assists', access: CALLERS, body: AssistCallRequest, summary: 'call staff (求助)' }),
  queueAssistAcknowledge: defineRoute({ method: 'POST', path: '/v1/queue/assists/:id/acknowledge', access: COUNTER, params: IdParam, body: AssistAcknowledgeRequest, summary: 'a counter takes the request' }),
  queueAssistCancel: defineRoute({ method: 'POST', path: '/v1/queue/assists/:id/cancel', access: CALLERS, params: IdParam, body: z.object({}).strict(), summary: 'the caller withdraws its request' }),
  queuePhoneUploadOpen: defineRoute({ method: 'POST', path: '/v1/queue/phone-uploads', access: CALLERS, body: PhoneUploadOpenRequest, response: PhoneUploadOpened, summary: "a one-time phone upload for this terminal's citizen" }),
  queuePhoneUploadTake: defineRoute({ method: 'POST', path: '/v1/queue/phone-uploads/:id/take', access: CALLERS, params: IdParam, response: PhoneUploadTaken, summary: 'the photos that arrived, deleted as they go (the opening terminal only)' }),
  queuePhoneUploadClose: defineRoute({ method: 'POST', path: '/v1/queue/phone-uploads/:id/close', access: CALLERS, params: IdParam, response: z.object({ closed: z.boolean() }), summary: 'ends the upload: token void, photos deleted' }),
  // Remote help requests (远程帮办, arriving through the outbox): the counters' 帮办席 list and its answers.
  queueHelpRequests: defineRoute({ method: 'GET', path: '/v1/queue/help-requests', access: COUNTER, response: z.object({ seq: z.number().int().nonnegative(), requests: z.array(HelpRequest) }), summary: 'open and recently answered help requests' }),
  queueHelpFile: defineRoute({ method: 'GET', path: '/v1/queue/help-requests/:id/files/:sha256', access: COUNTER, params: z.object({ id: z.string().min(1).max(64), sha256: Sha256 }).strict(), response: z.object({ mediaType: z.string(), base64: z.string() }), summary: "a help request's voice note or material" }),
  queueHelpRevealPhone: defineRoute({ method: 'POST', path: '/v1/queue/help-requests/:id/reveal-phone', access: COUNTER, params: IdParam, body: HelpAcceptRequest, response: z.object({ phone: z.string() }), summary: 'the call-back number in full (audited)' }),
  queueHelpCallBack: defineRoute({ method: 'POST', path: '/v1/queue/help-requests/:id/call-back', access: COUNTER, params: IdParam, body: HelpCallBackRequest, response: z.object({ request: HelpRequest }), summary: '回电: answered by phone; closes it for every counter' }),
  queueHelpAccept: defineRoute({ method: 'POST', path: '/v1/queue/help-requests/:id/accept', access: COUNTER, params: IdParam, body: HelpAcceptRequest, response: z.object({ request: HelpRequest }), summary: '到窗口办理: the counter takes the application over' }),
  // Clerks at the counters: sign-in with 工号 and PIN (the lock after wrong PINs is kept in the database), sign-out.
  queueClerkSignIn: defineRoute({ method: 'POST', path: '/v1/queue/clerks/sign-in', access: COUNTER, body: ClerkSignInRequest, response: ClerkSignInResult, summary: "a clerk signs in at the terminal's counter (工号 + PIN)" }),
  queueClerkSignOut: defineRoute({ method: 'POST', path: '/v1/queue/clerks/sign-out', access: COUNTER, body: ClerkSignOutRequest, response: z.object({ signedOut: z.boolean() }), summary: "end this terminal's clerk session" }),
  queueEvents: defineRoute({ method: 'GET', path: '/v1/queue/events', access: ANY_TERMINAL, query: EventsQuery, produces: 'event-stream', summary: 'the one queue event stream' }),

  // Administration
  adminTerminalAdd: defineRoute({ method: 'POST', path: '/v1/admin/terminals', access: admin('terminals'), body: TerminalRecordInput, response: IssuedEnrolment, summary: 'create a terminal record and its enrolment code' }),
  adminTerminalList: defineRoute({ method: 'GET', path: '/v1/admin/terminals', access: admin('terminals'), response: z.object({ terminals: z.array(TerminalRecord) }), summary: 'every terminal record' }),
  adminTerminalReset: defineRoute({ method: 'POST', path: '/v1/admin/terminals/:terminalId/reset', access: admin('terminals'), params: z.object({ terminalId: TerminalId }).strict(), body: z.object({ validHours: z.number().int().min(1).max(72).default(8) }).strict(), response: IssuedEnrolment, summary: 'void the credential, issue a new enrolment code' }),
  adminTerminalRevoke: defineRoute({ method: 'POST', path: '/v1/admin/terminals/:terminalId/revoke', access: admin('terminals'), params: z.object({ terminalId: TerminalId }).strict(), response: Revoked, summary: 'revoke a terminal for good' }),
  adminSeedDataset: defineRoute({ method: 'POST', path: '/v1/admin/datasets/:dataset', access: admin('catalog'), params: z.object({ dataset: DatasetName }).strict(), body: SeedRequest, response: z.object({ dataset: DatasetName, version: z.number() }), summary: 'publish dataset items' }),
  adminRejected: defineRoute({ method: 'GET', path: '/v1/admin/rejected', access: admin('fleet'), summary: 'rejected mutations (no personal data)' }),
  adminFleet: defineRoute({ method: 'GET', path: '/v1/admin/fleet', access: admin('fleet'), summary: 'fleet health as JSON' }),
  fleetPage: defineRoute({ method: 'GET', path: '/fleet', access: admin('fleet'), produces: 'html', summary: 'fleet health page' }),
  adminCaseEvent: defineRoute({ method: 'POST', path: '/v1/admin/cases/:caseId/events', access: admin('cases'), params: z.object({ caseId: z.string().min(1).max(128) }).strict(), body: AdminCaseEvent, response: Ok, summary: 'the back office moves a case' }),
  adminCodeIssue: defineRoute({ method: 'POST', path: '/v1/admin/personal-codes', access: admin('personal-codes'), body: AdminIssueCode, summary: 'issue a personal code' }),
  adminCodeRevoke: defineRoute({ method: 'POST', path: '/v1/admin/personal-codes/revoke', access: admin('personal-codes'), body: AdminRevokeSubject, response: Revoked, summary: "revoke a subject's codes" }),
  adminCodeRotateKey: defineRoute({ method: 'POST', path: '/v1/admin/personal-codes/rotate-key', access: admin('personal-codes'), response: z.object({ kid: z.string() }), summary: 'new signing key' }),
  adminCodeRevokeKey: defineRoute({ method: 'POST', path: '/v1/admin/personal-codes/revoke-key', access: admin('personal-codes'), body: AdminRevokeKey, response: Revoked, summary: 'revoke a signing key' }),
  adminProxyPoint: defineRoute({ method: 'POST', path: '/v1/admin/proxy-points', access: admin('proxy-points'), body: ProxyPointRequest, summary: 'create or update a proxy point' }),
  adminProxyAgentEnrol: defineRoute({ method: 'POST', path: '/v1/admin/proxy-agents', access: admin('proxy-points'), body: ProxyAgentEnrolRequest, summary: 'enrol an agent: card and PIN' }),
  adminProxyAgentList: defineRoute({ method: 'GET', path: '/v1/admin/proxy-agents', access: admin('proxy-points'), query: ProxyAgentQuery, summary: 'agents (of a point)' }),
  adminProxyAgentReissue: defineRoute({ method: 'POST', path: '/v1/admin/proxy-agents/:agentId/reissue', access: admin('proxy-points'), params: z.object({ agentId: z.string().min(1).max(64) }).strict(), body: ProxyAgentReissueRequest, summary: 'a new card and PIN' }),
  adminProxyAgentRevoke: defineRoute({ method: 'POST', path: '/v1/admin/proxy-agents/:agentId/revoke', access: admin('proxy-points'), params: z.object({ agentId: z.string().min(1).max(64) }).strict(), response: Revoked, summary: 'revoke an agent' }),
  adminClerkAdd: defineRoute({ method: 'POST', path: '/v1/admin/clerks', access: admin('queue'), body: ClerkAddRequest, response: ClerkAdded, summary: 'create a clerk (工号, name, hall, PIN)' }),
  adminClerkList: defineRoute({ method: 'GET', path: '/v1/admin/clerks', access: admin('queue'), query: ClerkQuery, response: z.object({ clerks: z.array(ClerkView) }), summary: "clerks (of a hall), masked names" }),
  adminClerkDisable: defineRoute({ method: 'POST', path: '/v1/admin/clerks/:clerkId/disable', access: admin('queue'), params: z.object({ clerkId: z.string().min(1).max(32) }).strict(), response: z.object({ disabled: z.boolean() }), summary: 'disable a clerk; ends their sign-in' }),
  adminQueueConfig: defineRoute({ method: 'PUT', path: '/v1/admin/queue/config', access: admin('queue'), body: HallQueueConfig, summary: "the hall's queue configuration" }),
  adminQueueAppointments: defineRoute({ method: 'POST', path: '/v1/admin/queue/appointments', access: admin('queue'), body: SeedAppointments, summary: 'seed appointments' }),
  adminAccountAdd: defineRoute({ method: 'POST', path: '/v1/admin/accounts', access: admin('admins'), body: AdminAccountRequest, response: AdminAccount, summary: 'create a named administrator' }),
  adminAccountList: defineRoute({ method: 'GET', path: '/v1/admin/accounts', access: admin('admins'), response: z.object({ accounts: z.array(AdminAccount) }), summary: 'administrators and their scopes' }),
  adminAccountDisable: defineRoute({ method: 'POST', path: '/v1/admin/accounts/:name/disable', access: admin('admins'), params: z.object({ name: AdminName }).strict(), response: z.object({ disabled: z.boolean() }), summary: 'disable an administrator' }),
  adminAudit: defineRoute({ method: 'GET', path: '/v1/admin/audit', access: admin('admins'), query: AuditQuery, response: z.object({ entries: z.array(AuditEntry) }), summary: 'the append-only log of administrator actions' }),
} as const;

export type PlatformApi = typeof platformApi;
export type PlatformRouteName = keyof PlatformApi;
export const PLATFORM_ROUTE_NAMES = Object.keys(platformApi) as PlatformRouteName[];
