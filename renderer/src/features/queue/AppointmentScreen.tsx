import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence } from '../host-messages/host-message.js';
import type { IssueResult } from '../../../../contract/api/queue.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { useNarration } from '../elder/use-narration.js';
import { TicketResult } from './TicketResult.js';
import { QueueScreenHeader } from './QueueScreenHeader.js';
import './queue.css';

/** 预约签到: swipe the ID card; today's appointment is found and checked in (the number never reaches this page). */
export function AppointmentScreen({ client, onHome }: ScreenProps) {
  const { t } = useTranslation();
  const [result, setResult] = useState<IssueResult>();
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  useNarration(result ? null : 'appointment');

  const checkIn = useCallback(async () => {
    setBusy(true);
    setError('');
    const out = await client.call('queue.checkIn', {});
    setBusy(false);
    if (out.ok) setResult(out.value);
    else setError(out.error.code === 'not-found' ? t('queue.noAppointment') : hostErrorSentence(t, out.error));
  }, [client, t]);

  useEffect(() => {
    let live = true;
    void client.call('idcard.current', {}).then((card) => live && card.ok && card.value && void checkIn());
    const off = client.on('idcard.read', () => void checkIn());
    return () => {
      live = false;
      off();
    };
  }, [client, checkIn]);

  if (result) return <TicketResult result={result} onDone={onHome} />;
  return (
    <section className="queue-kiosk" data-testid="service-appointment" aria-labelledby="appointment-title">
      <QueueScreenHeader id="appointment-title" title={t('queue.appointmentTitle')} back={t('queue.back')} onHome={onHome} />
      <p className="queue-prompt" data-testid="appointment-prompt">
        {busy ? t('queue.checkingIn') : t('queue.swipePrompt')}
      </p>
      {error && (
        <p className="queue-error" role="alert" data-testid="appointment-error">
          {error}
        </p>
      )}
    </section>
  );
}
