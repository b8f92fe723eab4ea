import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { announcementClips } from '../../../../contract/queue.js';
import type { ScreenProps } from '../../app/screen-registry.js';
import { AnnouncementQueue, createClipPlayer } from './announcer.js';
import { serviceName, serviceNameLanguage, useQueue } from './use-queue.js';
import './queue.css';

/** The hall display: now calling (large, flashing with each call), recent calls, waiting per service, voice. */
export function DisplayScreen({ client }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const [announcer] = useState(() => new AnnouncementQueue(createClipPlayer(), (record) => void client.call('queue.announced', record)));
  const { snapshot, lastCall, recentCalls, connectivity } = useQueue(client, (event) => {
    if ((event.type === 'ticket.called' || event.type === 'ticket.recalled') && event.ticket && event.counter && event.announcement) {
      announcer.enqueue({ text: event.announcement, clips: announcementClips(event.ticket.number, event.counter.number) });
    }
  });
  const flashRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // Restart the flash animation on every call, even the same number recalled.
    const el = flashRef.current;
    if (!el || !lastCall) return;
    el.classList.remove('flash');
    void el.offsetWidth;
    el.classList.add('flash');
  }, [lastCall]);

  const call = lastCall?.event;
  return (
    <section className="queue-display" data-testid="display-screen" aria-live="assertive">
      {!connectivity.online && <p className="queue-degraded" data-testid="display-degraded">{t('queue.displayOffline')}</p>}
      <div
        ref={flashRef}
        className="queue-now"
        data-testid="now-calling"
        data-seq={call?.seq ?? ''}
        data-event-at={call?.at ?? ''}
        data-received-at={lastCall?.receivedAt ?? ''}
      >
        <p className="queue-now-label">{t('queue.nowCalling')}</p>
        {call?.ticket && call.counter ? (
          <>
            <p className="queue-now-number" data-testid="now-number">{call.ticket.number}</p>
            <p className="queue-now-counter" data-testid="now-counter">{t('queue.toCounter', { counter: call.counter.name })}</p>
          </>
        ) : (
          <p className="queue-now-number">—</p>
        )}
      </div>
      <div className="queue-display-columns">
        <div>
          <h2>{t('queue.recentCalls')}</h2>
          <ul className="queue-recent" data-testid="recent-calls">
            {recentCalls.slice(1, 7).map((e) => (
              <li key={e.seq}>
                <span>{e.ticket?.number}</span> <span>{e.counter?.name}</span>
              </li>
            ))}
          </ul>
        </div>
        <div>
          <h2>{t('queue.waitingPerService')}</h2>
          <table className="queue-waiting-table" data-testid="waiting-per-service">
            <tbody>
              {snapshot?.waiting.map((w) => (
                <tr key={w.service} data-service={w.service}>
                  <th scope="row" lang={serviceNameLanguage(i18n.language)}>{serviceName(snapshot, w.service, i18n.language)}</th>
                  <td data-testid={`waiting-${w.service}`}>{t('queue.people', { count: w.waiting })}</td>
                  <td>{t('queue.minutes', { count: w.estimatedMinutes })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
