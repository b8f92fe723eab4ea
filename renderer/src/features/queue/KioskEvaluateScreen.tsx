import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenProps } from '../../app/screen-props.js';
import { useNarration } from '../elder/use-narration.js';
import { hostErrorSentence } from '../host-messages/host-message.js';
import { useScans } from '../scanning/use-scans.js';
import { RatingPanel } from './RatingPanel.js';
import { QueueScreenHeader } from './QueueScreenHeader.js';
import './queue.css';

/**
 * 评价 at a kiosk: scan the QR code on the ticket; a finished service is offered for rating with its
 * number, any other ticket is refused with the reason before a level is asked for.
 */
export function KioskEvaluateScreen({ client, info, onHome }: ScreenProps) {
  const { t } = useTranslation();
  const [ticket, setTicket] = useState<{ id: string; number: string }>();
  const [error, setError] = useState('');
  useNarration(ticket ? null : 'evaluate');
  useScans(client, info, (scan) => {
    // The ticket's QR is the live ticket link ending in its token (the host resolves it to the ticket).
    const scanned = decodeURIComponent(scan.data.trim().split('/').pop() ?? '');
    setTicket(undefined);
    void client.call('queue.ticket', { ticketId: scanned }).then((result) => {
      if (!result.ok) return setError(hostErrorSentence(t, result.error));
      const known = result.value.ticket;
      if (!known) return setError(t('queue.ticketUnknown'));
      if (known.state !== 'finished') return setError(t('hostMessages.queue.ratingNotFinished'));
      setError('');
      setTicket({ id: known.id, number: known.number });
    });
  });
  return (
    <section className="queue-kiosk" data-testid="service-evaluate" aria-labelledby="evaluate-title">
      <QueueScreenHeader id="evaluate-title" title={t('queue.evaluateTitle')} back={t('queue.back')} onHome={onHome} />
      {ticket ? (
        <RatingPanel key={ticket.id} client={client} ticketId={ticket.id} ticketNumber={ticket.number} onDone={onHome} />
      ) : (
        <p className="queue-prompt">{t('queue.scanTicket')}</p>
      )}
      {error && (
        <p className="queue-error" role="alert" data-testid="rating-error">
          {error}
        </p>
      )}
    </section>
  );
}
