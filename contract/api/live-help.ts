// Host API of remote help, live (远程视频帮办): a kiosk or proxy point rings, counters answer, and the
// two renderers exchange WebRTC signalling, the mirrored screen and the clerk's commands through
// their hosts (the renderer talks only to its host; the host relays through the hall queue service).
import { z } from 'zod';
import { DeliveredSignal, IceServerConfig, LiveHelpCall, LiveHelpSignal } from '../live-help.js';
import { NoInput } from './terminal.js';

export const LiveHelpView = z.object({
  /** Today's ringing calls in the hall, oldest first: what a counter's 帮办席 shows. */
  ringing: z.array(LiveHelpCall),
  /** The live call this terminal is a party of (ringing, answered), or null. */
  call: LiveHelpCall.nullable(),
  /** This terminal's side of that call. */
  party: z.enum(['caller', 'clerk']).nullable(),
  /** Caller: the id of its last call that rang out with nobody answering (until it rings again or the session ends): the screen offers a voice note instead. */
  unanswered: z.string().nullable(),
  /** Whether the hall queue service answers now (offline: the button records a help request instead). */
  online: z.boolean(),
  /** ICE servers from this terminal's configuration (a TURN server for village links). */
  iceServers: z.array(IceServerConfig),
  /** Grows with every change: a page keeps the newest of an answer and a pushed event. */
  version: z.number().int().nonnegative(),
});
export type LiveHelpView = z.infer<typeof LiveHelpView>;

const CallRef = z.object({ callId: z.string().min(1).max(64) }).strict();

export const liveHelpMethods = {
  'liveHelp.state': { input: NoInput, output: LiveHelpView },
  /** Kiosk and proxy point: ring the hall's 帮办席 (the same call comes back while it is live). */
  'liveHelp.ring': { input: NoInput, output: z.object({ call: LiveHelpCall, created: z.boolean() }) },
  /** Counter: take a ringing call (the first answer wins). */
  'liveHelp.answer': { input: CallRef, output: z.object({ call: LiveHelpCall }) },
  /** Either party: end the call. */
  'liveHelp.hangup': { input: CallRef, output: z.object({ call: LiveHelpCall }) },
  /** A signal to the other party: WebRTC offer/answer/ICE, the citizen's screen (masked here unless shown), the clerk's commands. */
  'liveHelp.send': { input: z.object({ callId: z.string().min(1).max(64), signal: LiveHelpSignal }).strict(), output: z.object({ seq: z.number().int() }) },
} as const;

export const liveHelpEvents = {
  'liveHelp.changed': LiveHelpView,
  /** A signal from the other party, in order (a command the citizen's screen does not allow never arrives). */
  'liveHelp.signal': DeliveredSignal.extend({ callId: z.string() }),
} as const;
