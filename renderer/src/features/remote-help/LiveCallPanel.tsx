import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallHostClient } from '../../host/validated-client.js';
import { useNarration } from '../elder/use-narration.js';
import { liveCallNarration } from './help-narration.js';
import { useLiveCall, useStreamRef } from './use-live-call.js';
import './remote-help-live.css';

/**
 * The citizen's side of a live remote help call (kiosk, proxy point): ringing, then the clerk's video
 * and their own, the clerk's hints beside the outlined control, what the clerk filled in, the choice
 * to show their details, and hanging up.
 */
export function LiveCallPanel({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const [state, live] = useLiveCall(client);
  const remote = useStreamRef(state.remoteStream);
  const local = useStreamRef(state.localStream);
  const call = state.view?.party === 'caller' ? state.view.call : null;
  // Elder mode reads the call's state aloud: ringing, then connected.
  useNarration(liveCallNarration(call));

  // A spoken hint as well as a visible one, where the machine can speak.
  const hintText = state.hint ? t('liveHelp.hint', { hint: state.hint.text || t('liveHelp.hintDefault') }) : null;
  useEffect(() => {
    if (!hintText || typeof speechSynthesis === 'undefined') return;
    speechSynthesis.cancel();
    speechSynthesis.speak(new SpeechSynthesisUtterance(hintText));
  }, [hintText]);

  if (!call) return null;
  const answered = call.state === 'answered';
  const media = state.bytesReceived > 0;
  return (
    <aside
      className="rh-live rh-live-citizen"
      data-testid="remote-help-call"
      data-state={call.state}
      data-media={media ? 'flowing' : 'waiting'}
      aria-label={t('liveHelp.button')}
    >
      <p className="rh-live-status" role="status" data-testid="remote-help-status">
        {answered ? t('liveHelp.connected', { counter: call.clerk?.counterName ?? '' }) : t('liveHelp.ringing')}
        {answered && <span className="rh-live-media"> · {media ? t('liveHelp.mediaUp') : t('liveHelp.connecting')}</span>}
      </p>
      {answered && (
        <div className="rh-live-videos">
          <video ref={remote} className="rh-live-remote" data-testid="remote-help-remote-video" autoPlay playsInline aria-label={t('liveHelp.remoteVideo')} />
          <video ref={local} className="rh-live-local" autoPlay playsInline muted aria-label={t('liveHelp.localVideo')} />
        </div>
      )}
      {state.mediaError && <p className="o2o-error">{t('liveHelp.mediaError')}</p>}
      {hintText && (
        <p className="rh-live-hint" role="alert" data-testid="remote-help-hint">
          {hintText}
        </p>
      )}
      {state.filled && (
        <p className="rh-live-filled" role="status" data-testid="remote-help-filled">
          {t('liveHelp.filled', { field: state.filled })}
        </p>
      )}
      <div className="rh-live-actions">
        {answered && (
          <button
            type="button"
            className="o2o-button"
            data-testid="remote-help-show-mine"
            aria-pressed={state.showPersonal}
            onClick={() => live.setShowPersonal(!state.showPersonal)}
          >
            {state.showPersonal ? t('liveHelp.hideMine') : t('liveHelp.showMine')}
          </button>
        )}
        <button type="button" className="o2o-button danger" data-testid="remote-help-hangup" onClick={() => void live.hangup()}>
          {answered ? t('liveHelp.hangup') : t('liveHelp.cancelRing')}
        </button>
      </div>
      {state.showPersonal && <p className="o2o-muted">{t('liveHelp.shownNote')}</p>}
    </aside>
  );
}
