import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenProps } from '../../app/screen-registry.js';
import { useNarration } from '../elder/use-narration.js';
import { useScans } from '../scanning/use-scans.js';
import { RatingPanel } from './RatingPanel.js';
import { QueueScreenHeader } from './QueueScreenHeader.js';
import './queue.css';

/** 评价 at a kiosk: scan the QR code on the ticket, then rate that service. */
export function KioskEvaluateScreen({ client, info, onHome }: ScreenProps) {
  const { t } = useTranslation();
  const [ticket, setTicket] = useState<{ id: string; number: string }>();
  const [error, setError] = useState('');
  useNarration('evaluate');
  useScans(client, info, (scan) => {
    // The ticket's QR is the follow link ending in the ticket id.
    const id = decodeURIComponent(scan.data.trim().split('/').pop() ?? '');
    setTicket({ id, number: '' });
    setError('');
  });
  return (
    <section className="queue-kiosk" data-testid="service-evaluate" aria-labelledby="evaluate-title">
      <QueueScreenHeader id="evaluate-title" title={t('queue.evaluateTitle')} back={t('queue.back')} onHome={onHome} />
      {ticket ? (
        <RatingPanel client={client} ticketId={ticket.id} ticketNumber={ticket.number} onDone={onHome} />
      ) : (
        <p className="queue-prompt">{t('queue.scanTicket')}</p>
      )}
      {error && <p className="queue-error">{error}</p>}
    </section>
  );
}
