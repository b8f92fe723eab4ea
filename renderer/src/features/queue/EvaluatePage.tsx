import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenProps } from '../../app/screen-props.js';
import { RatingPanel } from './RatingPanel.js';
import { useQueue } from './use-queue.js';
import './queue.css';

/**
 * The counter's customer-facing window (`?view=evaluate[&counter=<id>]`): after each finished service
 * it asks the citizen to rate it, once.
 */
export function EvaluatePage({ client }: ScreenProps) {
  const { t } = useTranslation();
  const fromUrl = new URLSearchParams(window.location.search).get('counter');
  const [pending, setPending] = useState<{ id: string; number: string }>();
  const { counterId, evaluatorKeys } = useQueue(client, (event) => {
    const mine = fromUrl ?? counterId;
    if (event.type === 'ticket.finished' && event.ticket && event.counter?.id === mine) setPending({ id: event.ticket.id, number: event.ticket.number });
  });
  return (
    <section className="queue-evaluate" data-testid="evaluate-page">
      {pending ? (
        <RatingPanel
          key={pending.id}
          client={client}
          ticketId={pending.id}
          ticketNumber={pending.number}
          onDone={() => setPending((p) => (p?.id === pending.id ? undefined : p))}
          {...(evaluatorKeys ? { evaluatorKeys } : {})}
        />
      ) : (
        <p className="queue-prompt" data-testid="evaluate-idle">
          {t('queue.welcome')}
        </p>
      )}
    </section>
  );
}
