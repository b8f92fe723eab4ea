import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HelpRequest } from '../../../../contract/remote-help.js';
import type { ScreenProps } from '../../app/screen-props.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useFormat } from '../../i18n/format.js';
import { hostErrorSentence } from '../host-messages/host-message.js';
import { LiveDesk } from './LiveDesk.js';
import { useHelpDesk } from './use-help-desk.js';
import './remote-help.css';

/** Terminal ids are Latin: isolated, so they keep their order inside a right-to-left (Uyghur) sentence. */
const isolate = (text: string) => `\u2068${text}\u2069`;

/**
 * The counter's 帮办席 tab: the hall's help requests that came through the outbox, each once, oldest
 * first, with its voice note; the clerk calls back (回电) or takes the application to the counter
 * (到窗口办理). The first counter to answer closes a request for every counter. Above them, the live
 * calls ringing now and the call this clerk took (LiveDesk).
 */
export function AssistDeskTab({ client }: ScreenProps) {
  const { t } = useTranslation();
  const view = useHelpDesk(client);
  const requests = view?.requests ?? [];
  const open = requests.filter((r) => r.state === 'open');
  const answered = requests.filter((r) => r.state !== 'open');
  return (
    <section className="assist-desk" data-testid="assist-desk" aria-labelledby="assist-desk-title">
      <h2 id="assist-desk-title">{t('remoteHelp.desk.title')}</h2>
      {/* Live calls (the hall link is up) first: someone is waiting on the line. */}
      <LiveDesk client={client} />
      {view && !view.online && (
        <p className="assist-desk-offline" role="status" data-testid="assist-desk-offline">
          {t('remoteHelp.desk.offline')}
        </p>
      )}
      {open.length === 0 && (
        <p className="assist-desk-empty" data-testid="assist-desk-empty">
          {t('remoteHelp.desk.empty')}
        </p>
      )}
      <ul className="assist-desk-list" aria-label={t('remoteHelp.desk.openList')}>
        {open.map((request) => (
          <HelpRequestCard key={request.id} client={client} request={request} />
        ))}
      </ul>
      {answered.length > 0 && (
        <>
          <h3>{t('remoteHelp.desk.answeredTitle')}</h3>
          <ul className="assist-desk-list" aria-label={t('remoteHelp.desk.answeredTitle')}>
            {answered.map((request) => (
              <HelpRequestCard key={request.id} client={client} request={request} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/** The 帮办席 tab's count of requests waiting for an answer (nothing when none wait). */
export function AssistDeskBadge({ client }: ScreenProps) {
  const { t } = useTranslation();
  const waiting = useHelpDesk(client)?.requests.filter((r) => r.state === 'open').length ?? 0;
  if (!waiting) return null;
  // The figure is for the eye; a screen reader hears the sentence (the tab's name then says what waits).
  return (
    <>
      <span className="assist-desk-badge" data-testid="assist-desk-badge" aria-hidden="true">
        {waiting}
      </span>
      <span className="assist-desk-hidden">{t('remoteHelp.desk.waiting', { count: waiting })}</span>
    </>
  );
}

function HelpRequestCard({ client, request }: { client: HallHostClient; request: HelpRequest }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [note, setNote] = useState<string | null>(null);
  const [phone, setPhone] = useState<string | null>(null);
  const [callBack, setCallBack] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<Record<string, string>>({});
  const recorded = new Date(request.recordedAt);
  const from =
    request.source === 'proxy-point'
      ? t('remoteHelp.desk.fromProxyPoint', { terminal: isolate(request.terminalId) })
      : t('remoteHelp.desk.fromKiosk', { terminal: isolate(request.terminalId) });

  const run = async <T,>(
    work: () => Promise<{ ok: true; value: T } | { ok: false; error: Parameters<typeof hostErrorSentence>[1] }>,
    then: (value: T) => void,
  ) => {
    setBusy(true);
    setError('');
    const out = await work();
    setBusy(false);
    if (out.ok) then(out.value);
    else setError(out.error.code === 'conflict' ? t('remoteHelp.desk.alreadyAnswered') : hostErrorSentence(t, out.error));
  };
  const fetchFile = (sha256: string, then: (url: string) => void) =>
    run(
      () => client.call('remoteHelp.file', { requestId: request.id, sha256 }),
      (file) => then(`data:${file.mediaType};base64,${file.base64}`),
    );

  // 到窗口办理: the clerk takes the application over, so its item and every material it holds open at once.
  const openMaterials = () => {
    for (const m of request.materials) void fetchFile(m.sha256, (url) => setFiles((f) => ({ ...f, [m.sha256]: url })));
  };

  const answeredBy = request.counter
    ? t(request.state === 'called-back' ? 'remoteHelp.desk.calledBackBy' : 'remoteHelp.desk.acceptedBy', { number: request.counter.number })
    : '';
  return (
    <li className="assist-desk-item" data-testid="help-request" data-request={request.id} data-state={request.state}>
      <p className="assist-desk-item-title">
        <strong data-testid="help-request-item">{request.itemName ?? t('remoteHelp.desk.noItem')}</strong>
        {' · '}
        <span data-testid="help-request-step">{t(`remoteHelp.step.${request.step}`)}</span>
      </p>
      <p className="assist-desk-item-meta">
        {from} ·{' '}
        <time dateTime={request.recordedAt}>
          {format.day(recorded)} <bdi>{format.time(recorded)}</bdi>
        </time>{' '}
        · {t('remoteHelp.desk.seconds', { count: request.note.seconds })}
      </p>
      <div className="assist-desk-item-row">
        {note ? (
          <audio controls autoPlay src={note} data-testid="help-note-audio" aria-label={t('remoteHelp.desk.note')} />
        ) : (
          <button
            type="button"
            className="assist-desk-button"
            data-testid="help-play-note"
            disabled={busy}
            onClick={() => void fetchFile(request.note.sha256, setNote)}
          >
            {t('remoteHelp.desk.playNote')}
          </button>
        )}
        {request.maskedPhone &&
          (phone ? (
            <span className="assist-desk-phone" dir="ltr" data-testid="help-phone-full">
              {phone}
            </span>
          ) : (
            <>
              <span className="assist-desk-phone" dir="ltr" data-testid="help-phone-masked">
                {request.maskedPhone}
              </span>
              <button
                type="button"
                className="assist-desk-button"
                data-testid="help-reveal-phone"
                disabled={busy}
                onClick={() =>
                  void run(
                    () => client.call('remoteHelp.revealPhone', { requestId: request.id }),
                    (v) => setPhone(v.phone),
                  )
                }
              >
                {t('remoteHelp.desk.revealPhone')}
              </button>
            </>
          ))}
      </div>
      {request.materials.length > 0 && (
        <ul className="assist-desk-materials" aria-label={t('remoteHelp.desk.materials')}>
          {request.materials.map((m) => (
            <li key={m.sha256} data-testid="help-material">
              {m.name}
              {files[m.sha256] ? (
                m.mediaType.startsWith('image/') ? (
                  <img src={files[m.sha256]} alt={m.name} className="assist-desk-material-image" />
                ) : (
                  <a href={files[m.sha256]} download={m.name}>
                    {t('remoteHelp.desk.download')}
                  </a>
                )
              ) : (
                <button
                  type="button"
                  className="assist-desk-button"
                  disabled={busy}
                  onClick={() => void fetchFile(m.sha256, (url) => setFiles((f) => ({ ...f, [m.sha256]: url })))}
                >
                  {t('remoteHelp.desk.showMaterial')}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {request.state === 'open' && callBack === null && (
        <div className="assist-desk-item-row">
          <button type="button" className="assist-desk-answer" data-testid="help-call-back" disabled={busy} onClick={() => setCallBack('')}>
            {t('remoteHelp.desk.callBack')}
          </button>
          <button
            type="button"
            className="assist-desk-answer"
            data-testid="help-accept"
            disabled={busy}
            onClick={() => void run(() => client.call('remoteHelp.accept', { requestId: request.id }), openMaterials)}
          >
            {t('remoteHelp.desk.accept')}
          </button>
        </div>
      )}
      {request.state === 'open' && callBack !== null && (
        <div className="assist-desk-callback">
          <label htmlFor={`help-note-${request.id}`}>{t('remoteHelp.desk.callBackNote')}</label>
          <textarea
            id={`help-note-${request.id}`}
            data-testid="help-call-back-note"
            value={callBack}
            maxLength={500}
            onChange={(e) => setCallBack(e.target.value)}
          />
          <div className="assist-desk-item-row">
            <button
              type="button"
              className="assist-desk-answer"
              data-testid="help-call-back-done"
              disabled={busy || !callBack.trim()}
              onClick={() =>
                void run(
                  () => client.call('remoteHelp.callBack', { requestId: request.id, note: callBack }),
                  () => setCallBack(null),
                )
              }
            >
              {t('remoteHelp.desk.callBackDone')}
            </button>
            <button type="button" className="assist-desk-button" disabled={busy} onClick={() => setCallBack(null)}>
              {t('remoteHelp.desk.back')}
            </button>
          </div>
        </div>
      )}
      {request.state !== 'open' && (
        <p className="assist-desk-answered" data-testid="help-answered">
          {answeredBy}
          {request.answerNote ? ` · ${request.answerNote}` : ''}
          {request.state === 'accepted' && request.serviceCode ? ` · ${t('remoteHelp.desk.finishAtCounter', { code: request.serviceCode })}` : ''}
        </p>
      )}
      {error && (
        <p className="assist-desk-error" role="alert" data-testid="help-request-error">
          {error}
        </p>
      )}
    </li>
  );
}
