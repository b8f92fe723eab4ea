import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence } from '../host-messages/host-message.js';
import type { AssistRequest } from '../../../../contract/assist.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { AssistIcon } from './AssistIcon.js';
import { useNow } from '../../app/use-now.js';
import { minutesSince, useAssist } from './use-assist.js';
import './assist.css';

/** Terminal ids are Latin: isolated, so they keep their order inside a right-to-left (Uyghur) sentence. */
const isolate = (text: string) => `\u2068${text}\u2069`;

/**
 * The counter's banner: every open request in the hall, at the top of the screen whatever tab is
 * open, until any counter says "我去处理". Each request is announced once, when it arrives.
 */
export function AssistBanner({ client }: { client: HallHostClient }) {
  // The counter's other pages are not the clerk's: the citizen-facing rating window and the statistics.
  if (new URLSearchParams(window.location.search).has('view')) return null;
  return <AssistBannerList client={client} />;
}

function AssistBannerList({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const view = useAssist(client);
  const [note, setNote] = useState('');
  useEffect(() => {
    if (!note) return;
    const timer = setTimeout(() => setNote(''), 10_000);
    return () => clearTimeout(timer);
  }, [note]);

  const open = view?.open ?? [];
  if (!open.length && !note) return null;

  const acknowledge = async (request: AssistRequest) => {
    setNote('');
    const out = await client.call('assist.acknowledge', { requestId: request.id });
    if (out.ok) return;
    setNote(
      out.error.code === 'conflict'
        ? t('assist.alreadyTaken')
        : out.error.code === 'unavailable'
          ? t('assist.counterOffline')
          : hostErrorSentence(t, out.error),
    );
  };

  return (
    <section className="assist-banner" data-testid="assist-banner" aria-label={t('assist.bannerTitle')}>
      {open.length > 0 && (
        <ul className="assist-banner-list">
          {open.map((request) => (
            <AssistBannerItem key={request.id} request={request} onAcknowledge={() => void acknowledge(request)} />
          ))}
        </ul>
      )}
      {note && (
        <p className="assist-banner-note" role="status" data-testid="assist-banner-note">
          {note}
        </p>
      )}
    </section>
  );
}

function AssistBannerItem({ request, onAcknowledge }: { request: AssistRequest; onAcknowledge: () => void }) {
  const { t } = useTranslation();
  const now = useNow(15_000);
  const minutes = minutesSince(request.requestedAt, now);
  const text =
    request.source === 'proxy-point'
      ? t('assist.fromProxyPoint', { terminal: isolate(request.terminalId) })
      : t('assist.fromKiosk', { terminal: isolate(request.terminalId) });
  return (
    <li className="assist-banner-item" data-testid="assist-request" data-terminal={request.terminalId}>
      <AssistIcon />
      {/* The alert's words never change while it stands, so it is read out once; the waiting time sits outside it. */}
      <p className="assist-banner-text" role="alert">
        {text}
      </p>
      <p className="assist-banner-waited" data-testid="assist-waited">
        <time dateTime={request.requestedAt}>{minutes < 1 ? t('assist.justNow') : t('assist.waited', { count: minutes })}</time>
      </p>
      <button type="button" className="assist-banner-acknowledge" data-testid="assist-acknowledge" onClick={onAcknowledge}>
        {t('assist.acknowledge')}
      </button>
    </li>
  );
}
