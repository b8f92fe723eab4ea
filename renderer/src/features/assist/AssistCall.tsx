import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AssistRequest } from '../../../../contract/assist.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useIsElder } from '../elder/elder-context.js';
import { useNarration } from '../elder/use-narration.js';
import { AssistIcon } from './AssistIcon.js';
import { newestOf, useAssist } from './use-assist.js';
import './assist.css';
import { hostClock } from '../../app/host-clock.js';

/** How long "the clerk from window N is coming" stays up unless the citizen closes it. */
const COMING_SHOWN_MS = 10 * 60_000;
/** How long "call cancelled" stays: long enough to read twice, not long enough to greet the next citizen. */
const CANCELLED_SHOWN_MS = 15_000;

type Phase = 'idle' | 'sending' | 'unavailable';

/**
 * The kiosk's "call staff" button (elder mode): sends one request, then says what happens — sent,
 * who is coming, or, when the hall service cannot be reached, to go to the information desk.
 */
export function AssistCall({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const elder = useIsElder();
  const view = useAssist(client);
  const [phase, setPhase] = useState<Phase>('idle');
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [cancelledNote, setCancelledNote] = useState(false);
  /** The host's answer to our own call or cancel: it may come before the pushed view does. */
  const [answered, setAnswered] = useState<AssistRequest | null>(null);
  const primary = useRef<HTMLButtonElement>(null);

  // A new citizen does not inherit the last one's messages (an open call stays: staff are still coming).
  const [sessionEndedAt, setSessionEndedAt] = useState(0);
  useEffect(
    () =>
      client.on('session.ended', () => {
        setPhase((p) => (p === 'unavailable' ? 'idle' : p));
        setCancelledNote(false);
        setSessionEndedAt(hostClock.nowMs());
      }),
    [client],
  );

  // "Call cancelled" confirms a touch; it does not wait there for whoever comes next.
  useEffect(() => {
    if (!cancelledNote) return;
    const timer = setTimeout(() => setCancelledNote(false), CANCELLED_SHOWN_MS);
    return () => clearTimeout(timer);
  }, [cancelledNote]);

  const mine = newestOf(view?.mine ?? null, answered);
  const shown = shownRequest(mine, dismissed, sessionEndedAt);
  const state = phase === 'sending' ? 'sending' : shown?.state === 'open' ? 'open' : shown ? 'acknowledged' : phase === 'unavailable' ? 'unavailable' : 'idle';

  // Each confirmation is said aloud in elder mode; the coming window's number by the speech engine only.
  const spoken = state === 'open' ? 'assistSent' : state === 'acknowledged' ? 'assistComing' : state === 'idle' && cancelledNote ? 'assistCancelled' : null;
  useNarration(spoken, shown?.counter?.number ? { detail: t('assist.coming', { number: shown.counter.number }) } : {});

  // When the button the citizen pressed gives way to a message, keep the keyboard focus in the same place.
  useEffect(() => {
    if (state === 'sending') return;
    if (!document.activeElement || document.activeElement === document.body) primary.current?.focus();
  }, [state]);

  if (state === 'idle' && !elder) return null;

  const call = async () => {
    setPhase('sending');
    setDismissed(null);
    setCancelledNote(false);
    const out = await client.call('assist.call', {});
    if (out.ok) setAnswered(out.value.request);
    setPhase(out.ok ? 'idle' : 'unavailable');
  };
  const cancel = async (request: AssistRequest) => {
    const out = await client.call('assist.cancel', { requestId: request.id });
    if (!out.ok) return setPhase('unavailable');
    setAnswered(out.value.request);
    setDismissed(request.id);
    setCancelledNote(true);
  };

  const message =
    state === 'open'
      ? t('assist.sent')
      : state === 'acknowledged'
        ? t('assist.coming', { number: shown?.counter?.number ?? '' })
        : state === 'idle' && cancelledNote
          ? t('assist.cancelled')
          : '';

  return (
    <div className="assist-call" data-testid="assist-call" data-state={state}>
      {(state === 'idle' || state === 'sending') && (
        <button
          type="button"
          ref={primary}
          className="assist-call-button"
          data-testid="assist-call-button"
          aria-disabled={state === 'sending'}
          onClick={() => state === 'idle' && void call()}
        >
          <AssistIcon />
          {state === 'sending' ? t('assist.sending') : t('assist.call')}
        </button>
      )}
      <div className={message ? 'assist-call-card' : undefined} data-testid="assist-status" data-state={state}>
        {/* One live region that stays in place, so each change of its words is read out once. */}
        <p className="assist-call-message" role="status" data-testid="assist-message">
          {message}
        </p>
        {state === 'open' && shown && (
          <>
            <p className="assist-call-detail">{t('assist.stayHere')}</p>
            <button type="button" ref={primary} className="assist-call-secondary" data-testid="assist-cancel" onClick={() => void cancel(shown)}>
              {t('assist.cancel')}
            </button>
          </>
        )}
        {state === 'acknowledged' && shown && (
          <button type="button" ref={primary} className="assist-call-secondary" data-testid="assist-dismiss" onClick={() => setDismissed(shown.id)}>
            {t('assist.ok')}
          </button>
        )}
      </div>
      {state === 'unavailable' && (
        <div className="assist-call-card assist-call-unavailable" data-testid="assist-unavailable">
          <p className="assist-call-message" role="alert">
            {t('assist.unavailable')}
          </p>
          <button type="button" ref={primary} className="assist-call-secondary" data-testid="assist-dismiss" onClick={() => setPhase('idle')}>
            {t('assist.ok')}
          </button>
        </div>
      )}
    </div>
  );
}

/** This terminal's request while it is open, or for a while once a clerk is coming, unless closed by the citizen. */
function shownRequest(mine: AssistRequest | null, dismissed: string | null, sessionEndedAt: number): AssistRequest | null {
  if (!mine || mine.id === dismissed) return null;
  if (mine.state === 'open') return mine;
  const closedAt = Date.parse(mine.closedAt ?? mine.requestedAt);
  if (mine.state === 'acknowledged' && closedAt >= sessionEndedAt && hostClock.nowMs() - closedAt < COMING_SHOWN_MS) return mine;
  return null;
}
