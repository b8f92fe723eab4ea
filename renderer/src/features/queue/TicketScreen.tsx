import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence } from '../host-messages/host-message.js';
import type { IssueResult } from '../../../../contract/api/queue.js';
import type { PriorityClass } from '../../../../contract/queue.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { useNarration } from '../elder/use-narration.js';
import { PhoneStep } from './PhoneStep.js';
import { TicketResult } from './TicketResult.js';
import { serviceName, serviceNameLanguage, useQueue } from './use-queue.js';
import { QueueScreenHeader } from './QueueScreenHeader.js';
import './queue.css';

/** Classes a citizen may declare at a kiosk (staff check them at the window); VIP/green channel is issued by clerks. */
const KIOSK_CLASSES: PriorityClass[] = ['normal', 'elderly', 'disabled', 'pregnant'];

/** 取号: choose a service, get a printed ticket and a screen confirmation. */
export function TicketScreen({ client, onHome }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const { snapshot, connectivity } = useQueue(client);
  const [priority, setPriority] = useState<PriorityClass>('normal');
  const [result, setResult] = useState<IssueResult>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  /** The chosen service while the optional phone step is shown. */
  const [asking, setAsking] = useState<string>();
  useNarration(result ? null : 'ticket');

  const issue = async (service: string, phone?: string) => {
    setBusy(true);
    setError('');
    const out = await client.call('queue.issue', { service, priority, ...(phone ? { phone } : {}) });
    setBusy(false);
    if (out.ok) setResult(out.value);
    else setError(hostErrorSentence(t, out.error));
  };

  if (result) return <TicketResult result={result} onDone={onHome} />;
  if (asking) {
    return (
      <section className="queue-kiosk" data-testid="service-ticket" aria-labelledby="ticket-title">
        <QueueScreenHeader id="ticket-title" title={t('queue.ticketTitle')} back={t('queue.back')} onHome={onHome} />
        <PhoneStep busy={busy} onIssue={(phone) => void issue(asking, phone)} />
        {error && (
          <p className="queue-error" role="alert" data-testid="ticket-error">
            {error}
          </p>
        )}
      </section>
    );
  }
  // The hall asks for a number for text reminders only once it has an SMS gateway (and never offline: no reminders then).
  const choose = (service: string) => (snapshot?.config.askPhoneAtKiosk && connectivity.online ? setAsking(service) : void issue(service));
  return (
    <section className="queue-kiosk" data-testid="service-ticket" aria-labelledby="ticket-title">
      <QueueScreenHeader id="ticket-title" title={t('queue.ticketTitle')} back={t('queue.back')} onHome={onHome} />
      {!connectivity.online && (
        <p className="queue-note" data-testid="queue-offline-note">
          {t('queue.kioskOffline')}
        </p>
      )}
      <fieldset className="queue-priority">
        <legend>{t('queue.priorityLegend')}</legend>
        {KIOSK_CLASSES.map((c) => (
          <button key={c} type="button" aria-pressed={priority === c} data-testid={`priority-${c}`} onClick={() => setPriority(c)}>
            {t(`queue.class.${c}`)}
          </button>
        ))}
      </fieldset>
      <div className="queue-services">
        {(snapshot?.config.services ?? []).map((s) => {
          const waiting = snapshot?.waiting.find((w) => w.service === s.code);
          return (
            <button key={s.code} type="button" className="queue-service" disabled={busy} data-testid={`service-${s.code}`} onClick={() => choose(s.code)}>
              <span className="queue-service-name" lang={serviceNameLanguage(i18n.language)}>
                {serviceName(snapshot, s.code, i18n.language)}
              </span>
              <span className="queue-service-wait">
                {connectivity.online
                  ? t('queue.waitingShort', { count: waiting?.waiting ?? 0, minutes: waiting?.estimatedMinutes ?? 0 })
                  : t('queue.waitingUnknown')}
              </span>
            </button>
          );
        })}
      </div>
      {!snapshot && <p className="queue-note">{t('queue.loading')}</p>}
      {error && (
        <p className="queue-error" role="alert" data-testid="ticket-error">
          {error}
        </p>
      )}
    </section>
  );
}
