import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HelpDelivery } from '../../../../contract/api/remote-help.js';
import { HELP_NOTE_MAX_SECONDS } from '../../../../contract/remote-help.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { hostErrorSentence } from '../host-messages/host-message.js';
import { KeyGrid } from '../keyboard/KeyGrid.js';
import { useNarration } from '../elder/use-narration.js';
import { currentHelpContext } from './help-context.js';
import { helpDialogNarration } from './help-narration.js';
import { noteBase64, useVoiceNote } from './use-voice-note.js';
import { isMobileNumber } from '../../../../contract/phone-number.js';

/** How often the dialog asks whether a saved request has gone out (the outbox pushes on its own). */
const DELIVERY_POLL_MS = 1500;
const PHONE_KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'erase', '0'] as const;

/**
 * The help request: record a short voice note (play it back, record again), optionally leave a phone
 * number for the call back, send. It says truthfully where the request is: saved here until the link
 * returns, or delivered to the hall's 帮办席.
 */
export function HelpRequestDialog({
  client,
  atHome,
  afterUnanswered = false,
  onClose,
}: {
  client: HallHostClient;
  atHome: boolean;
  /** Opened because a live call rang out with nobody answering: the dialog says so first. */
  afterUnanswered?: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const recorder = useVoiceNote();
  const [phone, setPhone] = useState('');
  const [askPhone, setAskPhone] = useState(false);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState('');
  const [sent, setSent] = useState<{ requestId: string; delivery: HelpDelivery } | null>(null);
  const first = useRef<HTMLButtonElement>(null);
  // Elder mode reads each state aloud (how to record, then where the request went); silent while recording.
  useNarration(helpDialogNarration({ phase: recorder.phase, sent: sent?.delivery ?? null, afterUnanswered }));

  useEffect(() => first.current?.focus(), []);
  // Escape closes it, as the 取消 button does (a recording not sent is dropped with the dialog).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => event.key === 'Escape' && !sending && onClose();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose, sending]);
  // A saved request: ask now and then whether it has reached the hall.
  useEffect(() => {
    if (sent?.delivery !== 'saved') return;
    const timer = setInterval(() => {
      void client
        .call('remoteHelp.delivery', { requestId: sent.requestId })
        .then((out) => out.ok && out.value.delivery !== 'saved' && setSent({ ...sent, delivery: out.value.delivery }));
    }, DELIVERY_POLL_MS);
    return () => clearInterval(timer);
  }, [client, sent]);

  const send = async () => {
    const note = recorder.note;
    if (!note) return;
    if (phone && !isMobileNumber(phone)) return setError(t('remoteHelp.phoneInvalid'));
    setError('');
    setSending(true);
    const reported = currentHelpContext();
    const context = reported.step === 'home' && !atHome ? { ...reported, step: 'other' as const } : reported;
    const out = await client.call('remoteHelp.send', {
      noteBase64: await noteBase64(note.blob),
      mediaType: note.mediaType,
      seconds: note.seconds,
      step: context.step,
      ...(context.serviceCode ? { serviceCode: context.serviceCode } : {}),
      ...(context.draftId ? { draftId: context.draftId } : {}),
      ...(phone ? { phone } : {}),
    });
    setSending(false);
    if (out.ok) setSent(out.value);
    else setError(hostErrorSentence(t, out.error));
  };

  const pressKey = (key: (typeof PHONE_KEYS)[number]) => {
    setError('');
    if (key === 'erase') setPhone((p) => p.slice(0, -1));
    else setPhone((p) => (p.length < 11 ? p + key : p));
  };

  const remaining = Math.max(0, HELP_NOTE_MAX_SECONDS - recorder.elapsed);
  const status = sent
    ? sent.delivery === 'delivered'
      ? t('remoteHelp.delivered')
      : sent.delivery === 'refused'
        ? t('remoteHelp.refused')
        : t('remoteHelp.saved')
    : recorder.phase === 'recording'
      ? t('remoteHelp.recording', { seconds: remaining })
      : recorder.phase === 'denied'
        ? t('remoteHelp.noMicrophone')
        : '';

  return (
    <div className="remote-help-backdrop">
      <div
        className="remote-help-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="remote-help-title"
        data-testid="help-request-dialog"
        data-phase={sent ? `sent-${sent.delivery}` : recorder.phase}
      >
        <h2 id="remote-help-title">{t('remoteHelp.title')}</h2>
        {afterUnanswered && !sent && (
          <p className="remote-help-unanswered" role="alert" data-testid="help-request-unanswered">
            {t('remoteHelp.unanswered')}
          </p>
        )}
        {!sent && <p className="remote-help-prompt">{t('remoteHelp.prompt', { seconds: HELP_NOTE_MAX_SECONDS })}</p>}
        <p className="remote-help-status" role="status" data-testid="help-request-status">
          {status}
        </p>
        {!sent && (
          <div className="remote-help-actions">
            {(recorder.phase === 'idle' || recorder.phase === 'denied') && (
              <button type="button" ref={first} className="remote-help-primary" data-testid="help-record" onClick={() => void recorder.start()}>
                {t('remoteHelp.record')}
              </button>
            )}
            {(recorder.phase === 'recording' || recorder.phase === 'starting') && (
              <button
                type="button"
                ref={first}
                className="remote-help-primary"
                data-testid="help-stop"
                aria-disabled={recorder.phase === 'starting'}
                onClick={recorder.stop}
              >
                {t('remoteHelp.stop')}
              </button>
            )}
            {recorder.phase === 'recorded' && recorder.note && (
              <>
                <audio className="remote-help-playback" controls src={recorder.note.url} data-testid="help-playback" aria-label={t('remoteHelp.playback')} />
                <button type="button" className="remote-help-secondary" data-testid="help-rerecord" disabled={sending} onClick={() => void recorder.start()}>
                  {t('remoteHelp.rerecord')}
                </button>
              </>
            )}
          </div>
        )}
        {!sent && recorder.phase === 'recorded' && (
          <div className="remote-help-phone">
            {!askPhone ? (
              <button type="button" className="remote-help-secondary" data-testid="help-add-phone" onClick={() => setAskPhone(true)}>
                {t('remoteHelp.addPhone')}
              </button>
            ) : (
              <>
                <p className="remote-help-note">{t('remoteHelp.phonePrompt')}</p>
                <output className="remote-help-phone-number" dir="ltr" aria-live="polite" data-testid="help-phone">
                  {phone || '\u00a0'}
                </output>
                <KeyGrid
                  label={t('keyboard.modeName.digits')}
                  className="kbd-grid-digits pin-pad"
                  rows={[0, 3, 6, 9].map((start) =>
                    PHONE_KEYS.slice(start, start + 3).map((key) => ({
                      id: key,
                      label: key === 'erase' ? t('remoteHelp.phoneErase') : key,
                      onPress: () => pressKey(key),
                      testId: `help-phone-key-${key}`,
                      className: key === 'erase' ? 'kbd-action' : '',
                    })),
                  )}
                />
              </>
            )}
          </div>
        )}
        {error && (
          <p className="remote-help-error" role="alert" data-testid="help-request-error">
            {error}
          </p>
        )}
        <div className="remote-help-footer">
          {!sent && recorder.phase === 'recorded' && (
            <button type="button" className="remote-help-primary" data-testid="help-send" aria-disabled={sending} onClick={() => !sending && void send()}>
              {sending ? t('remoteHelp.sending') : t('remoteHelp.send')}
            </button>
          )}
          <button type="button" className="remote-help-secondary" data-testid="help-close" onClick={onClose}>
            {sent ? t('remoteHelp.done') : t('remoteHelp.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
