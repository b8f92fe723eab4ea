import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { announcementClips, type QueueEvent, type QueueSnapshot } from '../../../../contract/queue.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { AnnouncementQueue, createClipPlayer } from './announcer.js';
import { serviceName, serviceNameLanguage, useQueue } from './use-queue.js';
import './queue.css';

/** The hall display: now calling (large, flashing with each call), recent calls, waiting per service, voice. */
export function DisplayScreen({ client }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const [announcer] = useState(() => new AnnouncementQueue(createClipPlayer(), (record) => void client.call('queue.announced', record)));
  const voiceOn = useRef(true);
  const {
    snapshot,
    lastCall,
    recentCalls: heard,
    connectivity,
    voice,
  } = useQueue(client, (event) => {
    // A display configured silent shows the call and says nothing.
    if (!voiceOn.current) return;
    if (
      (event.type === 'ticket.called' || event.type === 'ticket.recalled' || event.type === 'ticket.unparked') &&
      event.ticket &&
      event.counter &&
      event.announcement
    ) {
      announcer.enqueue({ text: event.announcement, clips: announcementClips(event.ticket.number, event.counter.number) });
    }
  });
  useEffect(() => {
    voiceOn.current = voice !== false;
  }, [voice]);
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
  const recent = recentCalls(snapshot, heard, 6);
  // Started (or reconnected) after the latest call: the hall's snapshot still says who was called last.
  const latest = call?.ticket && call.counter ? { number: call.ticket.number, counterName: call.counter.name, maskedName: call.ticket.maskedName } : recent[0];
  // Silent calling: the masked name (张*女士) the hall keeps for the ticket, only where the hall calls by name.
  const shownName = snapshot?.config.silentCalling.showMaskedName ? latest?.maskedName : undefined;
  return (
    <section className="queue-display" data-testid="display-screen" aria-live="assertive">
      {!connectivity.online && (
        <p className="queue-display-stale" role="status" data-testid="display-degraded">
          {t('queue.displayStale')}
        </p>
      )}
      {voice === false && (
        <p className="queue-display-silent" data-testid="display-silent">
          {t('queue.displaySilent')}
        </p>
      )}
      <div
        ref={flashRef}
        className="queue-now"
        data-testid="now-calling"
        data-seq={call?.seq ?? ''}
        data-event-at={call?.at ?? ''}
        data-received-at={lastCall?.receivedAt ?? ''}
      >
        <p className="queue-now-label">{t('queue.nowCalling')}</p>
        {latest ? (
          <>
            <p className="queue-now-number" data-testid="now-number">
              {latest.number}
            </p>
            {shownName && (
              <p className="queue-now-name" data-testid="now-name">
                {shownName}
              </p>
            )}
            <p className="queue-now-counter" data-testid="now-counter">
              {t('queue.toCounter', { counter: latest.counterName })}
            </p>
          </>
        ) : (
          <p className="queue-now-number">—</p>
        )}
      </div>
      <div className="queue-display-columns">
        <div>
          <h2>{t('queue.recentCalls')}</h2>
          <ul className="queue-recent" data-testid="recent-calls">
            {recent.map((r) => (
              <li key={r.ticketId}>
                <span>{r.number}</span> <span>{r.counterName}</span>
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
                  <th scope="row" lang={serviceNameLanguage(i18n.language)}>
                    {serviceName(snapshot, w.service, i18n.language)}
                  </th>
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

/**
 * The latest calls, newest first, from the first call on (the number now calling included): the calls
 * this page heard, and those the hall's snapshot still holds, so a display started mid-morning shows them too.
 */
export function recentCalls(
  snapshot: QueueSnapshot | null,
  heard: readonly QueueEvent[],
  count: number,
): Array<{ ticketId: string; number: string; counterName: string; maskedName?: string }> {
  const counterName = (id: string | undefined) =>
    snapshot?.counters.find((c) => c.id === id)?.name ?? snapshot?.config.counters.find((c) => c.id === id)?.name ?? '';
  const latest = new Map<string, { ticketId: string; number: string; counterName: string; at: number; maskedName?: string }>();
  const add = (ticketId: string, number: string, counter: string, at: number, maskedName?: string) => {
    const known = latest.get(ticketId);
    if (!known || known.at < at) latest.set(ticketId, { ticketId, number, counterName: counter, at, ...(maskedName ? { maskedName } : {}) });
  };
  for (const ticket of [...(snapshot?.recentCalls ?? []), ...(snapshot?.tickets ?? [])]) {
    if (ticket.state === 'waiting' || !ticket.calledAt || !ticket.counterId) continue;
    add(ticket.id, ticket.number, counterName(ticket.counterId), Date.parse(ticket.lastCallAt ?? ticket.calledAt), ticket.maskedName);
  }
  for (const event of heard)
    if (event.ticket && event.counter) add(event.ticket.id, event.ticket.number, event.counter.name, Date.parse(event.at), event.ticket.maskedName);
  return [...latest.values()]
    .sort((a, b) => b.at - a.at)
    .slice(0, count)
    .map(({ ticketId, number, counterName: name, maskedName }) => ({ ticketId, number, counterName: name, ...(maskedName ? { maskedName } : {}) }));
}
