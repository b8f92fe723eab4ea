// Remote help, live (远程视频帮办): a kiosk or proxy point rings the hall's 帮办席, the first counter to
// answer takes the call, and the two terminals exchange WebRTC signalling, the citizen's screen as
// data (never pixels) and the clerk's commands through the hall queue service. A call names the
// terminals and the answering counter only — never the citizen.
import { z } from 'zod';
import { maskAddress, maskIdNumber, maskName, maskPhone } from './masking.js';

export const REMOTE_HELP_SOURCES = ['kiosk', 'proxy-point'] as const;
export const LiveHelpSource = z.enum(REMOTE_HELP_SOURCES);
export type LiveHelpSource = z.infer<typeof LiveHelpSource>;

/** ringing until one counter answers or the caller hangs up; answered until either side hangs up. */
export const REMOTE_HELP_STATES = ['ringing', 'answered', 'ended'] as const;
export const LiveHelpState = z.enum(REMOTE_HELP_STATES);
export type LiveHelpState = z.infer<typeof LiveHelpState>;

/** The clerk who took a call: their counter and terminal (what a package's manifest names). */
export const LiveHelpClerk = z.object({
  /** The clerk signed in at that counter (工号), when the hall has clerks sign in. */
  clerkId: z.string().optional(),
  terminalId: z.string(),
  counterId: z.string(),
  counterName: z.string(),
  counterNumber: z.string(),
});
export type LiveHelpClerk = z.infer<typeof LiveHelpClerk>;

export const LiveHelpCall = z.object({
  id: z.string(),
  day: z.string(),
  /** The calling terminal (kiosk or proxy point). */
  terminalId: z.string(),
  source: LiveHelpSource,
  state: LiveHelpState,
  ringingAt: z.string(),
  answeredAt: z.string().optional(),
  endedAt: z.string().optional(),
  /** Which side ended it: the caller, the clerk, or nobody answered before the ring ran out. */
  endedBy: z.enum(['caller', 'clerk', 'expired']).optional(),
  clerk: LiveHelpClerk.optional(),
});
export type LiveHelpCall = z.infer<typeof LiveHelpCall>;

// ── What the citizen's screen mirrors to the clerk ────────────────────────────────────────────────

/** How a personal field is masked for the clerk unless the citizen chose to show it. */
export const PERSONAL_KINDS = ['name', 'id-number', 'phone', 'address', 'other'] as const;
export const PersonalKind = z.enum(PERSONAL_KINDS);
export type PersonalKind = z.infer<typeof PersonalKind>;

const ControlId = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-zA-Z0-9._:-]+$/);

export const MirroredField = z.object({
  id: ControlId,
  label: z.string().max(80),
  value: z.string().max(500),
  /** Set when the value is personal data: the clerk sees it masked unless the citizen shows it. */
  personal: PersonalKind.optional(),
  /** Whether the clerk may fill this field for the citizen. */
  fillable: z.boolean(),
});
export type MirroredField = z.infer<typeof MirroredField>;

export const MirroredScreen = z.object({
  /** The screen the citizen is on (e.g. "apply", "guide", "home"). */
  screen: z.string().min(1).max(40),
  item: z.object({ code: z.string().max(64), name: z.string().max(120) }).optional(),
  /** The step of the screen (e.g. "form", "materials", "sign"). */
  step: z.string().max(40).optional(),
  fields: z.array(MirroredField).max(40),
  /** Controls the clerk may point at (an outline and a hint on the citizen's screen). */
  controls: z.array(z.object({ id: ControlId, label: z.string().max(80) })).max(60),
  /** The citizen tapped "向工作人员显示我的信息": personal values travel unmasked. */
  showPersonal: z.boolean(),
});
export type MirroredScreen = z.infer<typeof MirroredScreen>;

function maskValue(value: string, kind: PersonalKind): string {
  if (!value) return value;
  switch (kind) {
    case 'name':
      return maskName(value);
    case 'id-number':
      return maskIdNumber(value);
    case 'phone':
      return maskPhone(value);
    case 'address':
      return maskAddress(value);
    case 'other':
      return '*'.repeat(Math.min(8, [...value].length));
  }
}

/** The screen as the clerk may see it: every personal value masked unless the citizen chose to show them. */
export function screenForClerk(screen: MirroredScreen): MirroredScreen {
  if (screen.showPersonal) return screen;
  return { ...screen, fields: screen.fields.map((f) => (f.personal ? { ...f, value: maskValue(f.value, f.personal) } : f)) };
}

// ── Signals between the two terminals ─────────────────────────────────────────────────────────────

export const SessionDescription = z.object({ type: z.enum(['offer', 'answer']), sdp: z.string().min(1).max(64_000) });
export const IceCandidate = z.object({
  candidate: z.string().max(2000),
  sdpMid: z.string().max(64).nullable().optional(),
  sdpMLineIndex: z.number().int().min(0).max(64).nullable().optional(),
});

export const LiveHelpSignal = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sdp'), description: SessionDescription }).strict(),
  /** null: the sender has gathered every candidate. */
  z.object({ kind: z.literal('ice'), candidate: IceCandidate.nullable() }).strict(),
  /** Citizen → clerk: the screen as data. */
  z.object({ kind: z.literal('screen'), screen: MirroredScreen }).strict(),
  /** Clerk → citizen: outline a control and show/speak a hint (null control: clear it). */
  z.object({ kind: z.literal('highlight'), control: ControlId.nullable(), hint: z.string().max(120).optional() }).strict(),
  /** Clerk → citizen: fill a field the screen declared fillable. */
  z.object({ kind: z.literal('fill'), field: ControlId, value: z.string().max(500) }).strict(),
]);
export type LiveHelpSignal = z.infer<typeof LiveHelpSignal>;

export type LiveHelpParty = 'caller' | 'clerk';

/** Which side may send a kind of signal: media both ways, the screen from the citizen, commands from the clerk. */
export function maySend(party: LiveHelpParty, kind: LiveHelpSignal['kind']): boolean {
  if (kind === 'screen') return party === 'caller';
  if (kind === 'highlight' || kind === 'fill') return party === 'clerk';
  return true;
}

/** Whether a clerk's command may act on the screen the citizen last mirrored: fills only on fillable fields. */
export function commandAllowed(signal: LiveHelpSignal, screen: MirroredScreen | null): boolean {
  if (signal.kind === 'fill') return Boolean(screen?.fields.some((f) => f.id === signal.field && f.fillable));
  if (signal.kind === 'highlight')
    return (
      signal.control === null || Boolean(screen && (screen.controls.some((c) => c.id === signal.control) || screen.fields.some((f) => f.id === signal.control)))
    );
  return true;
}

/** A signal as delivered: its order in the call, and who sent it. */
export const DeliveredSignal = z.object({ seq: z.number().int().positive(), from: z.enum(['caller', 'clerk']), signal: LiveHelpSignal });
export type DeliveredSignal = z.infer<typeof DeliveredSignal>;

export const LiveHelpRingRequest = z.object({ source: LiveHelpSource }).strict();
/** `clerkSession`: the signed-in clerk's session (verified by the hall service, like a desk verb's). */
export const LiveHelpAnswerRequest = z.object({ counterId: z.string().min(1), clerkSession: z.string().min(1).max(200).optional() }).strict();
export const LiveHelpSignalsQuery = z
  .object({
    after: z.coerce.number().int().min(0).default(0),
    /** How long to wait for a first signal (ms): a long poll; 0 answers at once. */
    waitMs: z.coerce.number().int().min(0).max(25_000).default(0),
  })
  .strict();
export const LiveHelpSignals = z.object({ call: LiveHelpCall, signals: z.array(DeliveredSignal) });
export type LiveHelpSignals = z.infer<typeof LiveHelpSignals>;

/** WebRTC ICE servers from the hall configuration (a TURN server for village links). */
export const IceServerConfig = z
  .object({
    urls: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]),
    username: z.string().optional(),
    credential: z.string().optional(),
  })
  .strict();
export type IceServerConfig = z.infer<typeof IceServerConfig>;
