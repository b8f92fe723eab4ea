// What elder mode reads aloud of remote help: the live call's states on the citizen's side and the
// help request dialog's. Nothing is said while the citizen records (the speaker would be in the note).
import type { HelpDelivery } from '../../../../contract/api/remote-help.js';
import type { LiveHelpCall } from '../../../../contract/live-help.js';
import type { SpokenStep } from '../elder/spoken-steps.js';
import type { RecorderPhase } from './use-voice-note.js';

/** The citizen's live call: ringing, then connected; nothing once it has ended (the dialog takes over when nobody answered). */
export function liveCallNarration(call: Pick<LiveHelpCall, 'state'> | null): SpokenStep | null {
  if (call?.state === 'ringing') return 'helpRinging';
  if (call?.state === 'answered') return 'helpConnected';
  return null;
}

export interface HelpDialogState {
  phase: RecorderPhase;
  /** Where the request is once sent. */
  sent: HelpDelivery | null;
  /** The dialog opened because a live call rang out. */
  afterUnanswered: boolean;
}

/** The help request dialog: how to record (saying first that nobody answered, when so), then where the request went. */
export function helpDialogNarration({ phase, sent, afterUnanswered }: HelpDialogState): SpokenStep | null {
  if (sent === 'delivered') return 'helpSent';
  if (sent === 'saved') return 'helpSaved';
  if (sent === 'refused') return null;
  if (phase === 'idle') return afterUnanswered ? 'helpUnanswered' : 'helpRecord';
  if (phase === 'recorded') return 'helpRecorded';
  return null;
}
