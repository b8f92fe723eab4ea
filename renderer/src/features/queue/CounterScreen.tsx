import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostError } from '../../../../contract/result.js';
import { hostErrorSentence } from '../host-messages/host-message.js';
import type { CardHolderView } from '../../../../contract/api/idcard.js';
import { describePolicy, orderWaiting, type Ticket } from '../../../../contract/queue.js';
import type { ScreenProps } from '../../app/screen-registry.js';
import { useNow } from '../../app/use-now.js';
import { formatDuration, useFormat } from '../../i18n/format.js';
import { serviceName, useQueue } from './use-queue.js';
import './queue.css';

/**
 * The counter terminal's desk. The role's other pages — the citizen-facing rating window
 * (`?view=evaluate`) and the statistics (`?view=stats`) — are VIEW_SCREENS, drawn without the desk.
 */
export function CounterScreen({ client }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const { snapshot, connectivity, counterId } = useQueue(client);
  const [message, setMessage] = useState('');
  const [holder, setHolder] = useState<CardHolderView | null>(null);
  const [reason, setReason] = useState('');
  const [transferTo, setTransferTo] = useState('');
  const now = useNow(1000);

  useEffect(() => {
    const offRead = client.on('idcard.read', setHolder);
    const offRemoved = client.on('idcard.removed', () => setHolder(null));
    return () => {
      offRead();
      offRemoved();
    };
  }, [client]);

  const counter = snapshot?.counters.find((c) => c.id === counterId);
  const current = snapshot?.tickets.find((tk) => tk.id === counter?.currentTicketId);
  const waiting = snapshot && counter
    ? orderWaiting(snapshot.tickets.filter((tk) => tk.state === 'waiting' && counter.services.includes(tk.service)), snapshot.config.ordering, new Date(now))
    : [];

  const act = async (run: () => Promise<{ ok: true } | { ok: false; error: HostError }>) => {
    setMessage('');
    const out = await run();
    if (!out.ok) setMessage(hostErrorSentence(t, out.error));
  };
  const name = (tk: Ticket) => serviceName(snapshot, tk.service, i18n.language);
  const elapsed = current?.calledAt ? Math.max(0, Math.floor((now - Date.parse(current.calledAt)) / 1000)) : 0;

  return (
    <section className="queue-counter" data-testid="counter-screen" aria-labelledby="counter-title">
      {!connectivity.online && (
        <p className="queue-degraded" role="alert" data-testid="counter-degraded">{t('queue.degraded')}</p>
      )}
      <header className="queue-counter-head">
        <h2 id="counter-title">{counter?.name ?? counterId ?? t('queue.noCounter')}</h2>
        {snapshot && (
          <p className="queue-policy" data-testid="counter-policy" title={describePolicy(snapshot.config.ordering)}>
            {t('queue.policy')}: {snapshot.config.ordering.kind === 'strict'
              ? t('queue.policyStrict', { rank: snapshot.config.ordering.rank.map((c) => t(`queue.class.${c}`)).join(' > ') })
              : t('queue.policyWeighted', {
                weights: Object.entries(snapshot.config.ordering.weights).map(([c, w]) => `${t(`queue.class.${c}`)} ${w}`).join('，'),
                aging: snapshot.config.ordering.agingPerMinute,
                cap: snapshot.config.ordering.agingCap,
              })}
          </p>
        )}
        {counter?.paused && <p className="queue-paused" data-testid="counter-paused">{t('queue.pausedWith', { reason: counter.pauseReason ?? '' })}</p>}
      </header>
      <div className="queue-counter-body">
        <div className="queue-current" data-testid="counter-current">
          {current ? (
            <>
              <p className="queue-number" data-testid="current-ticket">{current.number}</p>
              <p>{name(current)} · {t(`queue.class.${current.priority}`)}{current.maskedName ? ` · ${current.maskedName}` : ''}</p>
              <p data-testid="serving-timer">{t('queue.serving', { time: formatDuration(elapsed) })}</p>
              <p>{t('queue.recalls', { count: current.recalls, max: snapshot?.config.recall.max ?? 0 })}</p>
            </>
          ) : (
            <p className="queue-idle">{t('queue.nobody')}</p>
          )}
          {holder && (
            <p className="queue-holder" data-testid="counter-holder">{t('queue.holder', { name: format.name(holder.maskedName), id: format.ltr(holder.maskedIdNumber) })}</p>
          )}
        </div>
        <div className="queue-actions">
          <button type="button" data-testid="call-next" disabled={!!current || counter?.paused} onClick={() => void act(async () => {
            const out = await client.call('queue.call', {});
            if (out.ok && !out.value.ticket) setMessage(t('queue.noneWaiting'));
            return out;
          })}>{t('queue.callNext')}</button>
          <button type="button" data-testid="recall" disabled={!current} onClick={() => void act(() => client.call('queue.recall', {}))}>{t('queue.recall')}</button>
          <button type="button" data-testid="no-show" disabled={!current} onClick={() => void act(() => client.call('queue.noShow', {}))}>{t('queue.noShow')}</button>
          <button type="button" data-testid="finish" disabled={!current} onClick={() => void act(() => client.call('queue.finish', {}))}>{t('queue.finish')}</button>
          <label className="queue-inline">
            {t('queue.transferTo')}
            <select data-testid="transfer-target" value={transferTo} onChange={(e) => setTransferTo(e.target.value)}>
              <option value="">—</option>
              {snapshot?.config.services.map((s) => <option key={s.code} value={`service:${s.code}`}>{serviceName(snapshot, s.code, i18n.language)}</option>)}
              {snapshot?.config.counters.filter((c) => c.id !== counterId).map((c) => <option key={c.id} value={`counter:${c.id}`}>{c.name}</option>)}
            </select>
          </label>
          <button type="button" data-testid="transfer" disabled={!current || !transferTo} onClick={() => void act(() => {
            const [kind, value] = transferTo.split(':') as ['service' | 'counter', string];
            return client.call('queue.transfer', kind === 'service' ? { service: value } : { toCounterId: value });
          })}>{t('queue.transfer')}</button>
          {counter?.paused ? (
            <button type="button" data-testid="resume" onClick={() => void act(() => client.call('queue.resume', {}))}>{t('queue.resume')}</button>
          ) : (
            <span className="queue-inline">
              <input data-testid="pause-reason" aria-label={t('queue.pauseReason')} placeholder={t('queue.pauseReason')} value={reason} onChange={(e) => setReason(e.target.value)} />
              <button type="button" data-testid="pause" disabled={!reason.trim() || !!current} onClick={() => void act(() => client.call('queue.pause', { reason }))}>{t('queue.pause')}</button>
            </span>
          )}
        </div>
      </div>
      <GreenChannel client={client} services={snapshot?.config.services.map((s) => ({ code: s.code, name: serviceName(snapshot, s.code, i18n.language) })) ?? []} onMessage={setMessage} />
      {message && <p className="queue-error" role="alert" data-testid="counter-message">{message}</p>}
      <h3>{t('queue.waitingList', { count: waiting.length })}</h3>
      <ol className="queue-waiting" data-testid="counter-waiting">
        {waiting.map((tk) => (
          <li key={tk.id} data-priority={tk.priority}>
            <span className="queue-waiting-number">{tk.number}</span> {name(tk)} · {t(`queue.class.${tk.priority}`)}{tk.maskedName ? ` · ${tk.maskedName}` : ''}
            {snapshot?.config.allowPickOutOfOrder && !current && (
              <button type="button" onClick={() => void act(() => client.call('queue.call', { ticketId: tk.id }))}>{t('queue.callThis')}</button>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}

/** The clerk opens the green channel: a VIP ticket issued at the counter (source "clerk"). */
function GreenChannel({ client, services, onMessage }: { client: ScreenProps['client']; services: Array<{ code: string; name: string }>; onMessage: (m: string) => void }) {
  const { t } = useTranslation();
  const [service, setService] = useState('');
  const issue = async () => {
    const out = await client.call('queue.issue', { service, priority: 'vip' });
    onMessage(out.ok ? t('queue.greenIssued', { number: out.value.ticket.number }) : hostErrorSentence(t, out.error));
  };
  return (
    <p className="queue-inline">
      <select data-testid="green-service" aria-label={t('queue.greenChannel')} value={service} onChange={(e) => setService(e.target.value)}>
        <option value="">—</option>
        {services.map((s) => <option key={s.code} value={s.code}>{s.name}</option>)}
      </select>
      <button type="button" data-testid="green-issue" disabled={!service} onClick={() => void issue()}>{t('queue.greenChannel')}</button>
    </p>
  );
}
