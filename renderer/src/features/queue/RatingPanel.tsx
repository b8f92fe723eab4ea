import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence } from '../host-messages/host-message.js';
import { isBadRating, RATING_LEVELS, type RatingLevel } from '../../../../contract/queue.js';
import type { HallHostClient } from '../../host/validated-client.js';

/** 好差评 for one service: five levels; the last two ask for a reason before they are sent. */
export function RatingPanel({ client, ticketId, ticketNumber, onDone, evaluatorKeys }: { client: HallHostClient; ticketId: string; ticketNumber: string; onDone: () => void; evaluatorKeys?: string[] }) {
  const { t } = useTranslation();
  const [level, setLevel] = useState<RatingLevel>();
  const [reason, setReason] = useState('');
  const [error, setError] = useState('');
  const [thanks, setThanks] = useState(false);

  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });
  useEffect(() => {
    if (!thanks) return;
    const timer = setTimeout(() => done.current(), 3000);
    return () => clearTimeout(timer);
  }, [thanks]);

  const send = async (chosen: RatingLevel, why?: string) => {
    const out = await client.call('queue.evaluate', { ticketId, level: chosen, ...(why ? { reason: why } : {}) });
    if (!out.ok) return setError(hostErrorSentence(t, out.error));
    setThanks(true);
  };
  const choose = (chosen: RatingLevel) => {
    setLevel(chosen);
    setError('');
    if (!isBadRating(chosen)) void send(chosen);
  };

  // A 5-key evaluator typing as a keyboard: its buttons pick a level like the screen's buttons.
  const keyChoice = useRef(choose);
  useEffect(() => {
    keyChoice.current = choose;
  });
  useEffect(() => {
    if (!evaluatorKeys || thanks) return;
    const onKey = (event: KeyboardEvent) => {
      const index = evaluatorKeys.indexOf(event.key);
      if (index < 0 || (event.target as HTMLElement | null)?.tagName === 'TEXTAREA') return;
      event.preventDefault();
      keyChoice.current(RATING_LEVELS[index]!);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [evaluatorKeys, thanks]);

  if (thanks) return <p className="queue-thanks" data-testid="rating-thanks">{t('queue.thanks')}</p>;
  return (
    <section className="queue-rating" data-testid="rating-panel" data-ticket={ticketNumber}>
      <h2>{t('queue.ratePrompt', { number: ticketNumber })}</h2>
      <div className="queue-rating-levels">
        {RATING_LEVELS.map((l) => (
          <button key={l} type="button" aria-pressed={level === l} data-testid={`rate-${l}`} className={isBadRating(l) ? 'bad' : ''} onClick={() => choose(l)}>
            {t(`queue.level.${l}`)}
          </button>
        ))}
      </div>
      {level !== undefined && isBadRating(level) && (
        <div className="queue-reason">
          <label>
            {t('queue.reasonPrompt')}
            <textarea data-testid="rating-reason" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} />
          </label>
          <button type="button" data-testid="rating-submit" disabled={!reason.trim()} onClick={() => void send(level, reason.trim())}>{t('queue.submit')}</button>
        </div>
      )}
      {error && <p className="queue-error" role="alert" data-testid="rating-error">{error}</p>}
    </section>
  );
}
