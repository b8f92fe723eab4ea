import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence } from '../host-messages/host-message.js';
import { isBadRating, RATING_LEVELS, RATING_REASONS, type RatingLevel, type RatingReason } from '../../../../contract/queue.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useNarration } from '../elder/use-narration.js';
import { KeyboardInput } from '../keyboard/KeyboardInput.js';

/**
 * 好差评 for one service: five large levels; the last two ask why with large buttons of the common
 * reasons (one is enough: a touch screen needs no typing), and a few words may be added on the
 * on-screen keyboard. The thanks say whether the rating waits for the queue service to return.
 */
export function RatingPanel({
  client,
  ticketId,
  ticketNumber,
  onDone,
  evaluatorKeys,
}: {
  client: HallHostClient;
  ticketId: string;
  ticketNumber: string;
  onDone: () => void;
  evaluatorKeys?: string[];
}) {
  const { t } = useTranslation();
  const [level, setLevel] = useState<RatingLevel>();
  const [reasons, setReasons] = useState<RatingReason[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [thanks, setThanks] = useState<{ buffered: boolean } | null>(null);
  useNarration(thanks ? 'ratingThanks' : null);

  const done = useRef(onDone);
  useEffect(() => {
    done.current = onDone;
  });
  useEffect(() => {
    if (!thanks) return;
    const timer = setTimeout(() => done.current(), 4000);
    return () => clearTimeout(timer);
  }, [thanks]);

  const send = async (chosen: RatingLevel) => {
    setBusy(true);
    const why = text.trim();
    const out = await client.call('queue.evaluate', { ticketId, level: chosen, ...(isBadRating(chosen) ? { reasons, ...(why ? { reason: why } : {}) } : {}) });
    setBusy(false);
    if (!out.ok) return setError(hostErrorSentence(t, out.error));
    setThanks({ buffered: out.value.buffered === true });
  };
  const choose = (chosen: RatingLevel) => {
    setLevel(chosen);
    setError('');
    if (!isBadRating(chosen)) void send(chosen);
  };
  const toggle = (reason: RatingReason) => {
    setError('');
    setReasons((current) => (current.includes(reason) ? current.filter((r) => r !== reason) : [...current, reason]));
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
      const target = (event.target as HTMLElement | null)?.tagName;
      if (index < 0 || target === 'TEXTAREA' || target === 'INPUT') return;
      event.preventDefault();
      keyChoice.current(RATING_LEVELS[index]!);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [evaluatorKeys, thanks]);

  if (thanks) {
    return (
      <div className="queue-thanks" data-testid="rating-thanks" data-buffered={thanks.buffered}>
        <p>{t('queue.thanks')}</p>
        {thanks.buffered && (
          <p className="queue-note" data-testid="rating-buffered">
            {t('queue.ratingBuffered')}
          </p>
        )}
      </div>
    );
  }
  const bad = level !== undefined && isBadRating(level);
  return (
    <section className="queue-rating" data-testid="rating-panel" data-ticket={ticketNumber}>
      <h2>{ticketNumber ? t('queue.ratePrompt', { number: ticketNumber }) : t('queue.ratePromptPlain')}</h2>
      <div className="queue-rating-levels">
        {RATING_LEVELS.map((l) => (
          <button
            key={l}
            type="button"
            aria-pressed={level === l}
            data-testid={`rate-${l}`}
            className={isBadRating(l) ? 'bad' : ''}
            disabled={busy}
            onClick={() => choose(l)}
          >
            {t(`queue.level.${l}`)}
          </button>
        ))}
      </div>
      {bad && (
        <div className="queue-reason" data-testid="rating-reasons">
          <p className="queue-reason-prompt">{t('queue.reasonPrompt')}</p>
          <div className="queue-reason-buttons" role="group" aria-label={t('queue.reasonPrompt')}>
            {RATING_REASONS.map((r) => (
              <button key={r} type="button" aria-pressed={reasons.includes(r)} data-testid={`reason-${r}`} onClick={() => toggle(r)}>
                {t(`queue.reason.${r}`)}
              </button>
            ))}
          </div>
          <label htmlFor="rating-reason-text" className="queue-reason-label">
            {t('queue.reasonText')}
          </label>
          <KeyboardInput id="rating-reason-text" data-testid="rating-reason" value={text} maxLength={200} onValueChange={setText} />
          <button
            type="button"
            className="queue-big-button primary"
            data-testid="rating-submit"
            disabled={busy || (reasons.length === 0 && !text.trim())}
            onClick={() => void send(level)}
          >
            {t('queue.submit')}
          </button>
        </div>
      )}
      {error && (
        <p className="queue-error" role="alert" data-testid="rating-error">
          {error}
        </p>
      )}
    </section>
  );
}
