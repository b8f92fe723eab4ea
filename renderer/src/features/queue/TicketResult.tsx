import { useTranslation } from 'react-i18next';
import { printOutcomeSentence } from '../host-messages/host-message.js';
import type { IssueResult } from '../../../../contract/api/queue.js';
import { useNarration } from '../elder/use-narration.js';

/** The screen confirmation of a ticket; when the printer refused, the ticket itself, to photograph or remember. */
export function TicketResult({ result, onDone }: { result: IssueResult; onDone: () => void }) {
  const { t } = useTranslation();
  const printed = result.print.outcome === 'printed';
  // The number is said only where the speech engine speaks (clips are fixed text).
  useNarration(printed ? 'ticketPrinted' : 'ticketNotPrinted', { detail: `${t('queue.yourNumber')} ${result.ticket.number}` });
  return (
    <section className="queue-result" data-testid="ticket-result" aria-live="polite">
      <p className="queue-result-label">{t('queue.yourNumber')}</p>
      <p className="queue-number" data-testid="ticket-number">
        {result.ticket.number}
      </p>
      <p className="queue-result-service">{result.serviceName}</p>
      <dl className="queue-facts">
        <dt>{t('queue.ahead')}</dt>
        {/* A number from a leased block: the kiosk cannot know who is ahead, and says so. */}
        <dd data-testid="ticket-ahead">{result.offline ? t('queue.unknownOffline') : t('queue.people', { count: result.waitingAhead })}</dd>
        <dt>{t('queue.estimate')}</dt>
        <dd>{result.offline ? t('queue.unknownOffline') : t('queue.minutes', { count: result.estimatedMinutes })}</dd>
        {result.windowArea && (
          <>
            <dt>{t('queue.area')}</dt>
            <dd>{result.windowArea}</dd>
          </>
        )}
        {result.slot && (
          <>
            <dt>{t('queue.slot')}</dt>
            <dd>{result.slot}</dd>
          </>
        )}
      </dl>
      <p
        className={printed ? 'queue-print ok' : 'queue-print alert'}
        data-testid="print-status"
        data-outcome={result.print.outcome}
        role={printed ? undefined : 'alert'}
      >
        {printed ? t('queue.printed') : t('queue.notPrinted', { reason: printOutcomeSentence(t, result.print) })}
      </p>
      {result.offline && (
        <p className="queue-note" data-testid="ticket-offline">
          {t('queue.issuedOffline')}
        </p>
      )}
      {result.reminderPhone && (
        <p className="queue-note" data-testid="ticket-reminders">
          {t('queue.phoneTaken', { phone: result.reminderPhone })}
        </p>
      )}
      {/* No paper: the live ticket's QR on screen, to photograph or scan. */}
      {result.followQrSvg && (
        <figure className="queue-follow-qr" data-testid="ticket-qr">
          <img src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(result.followQrSvg)}`} alt={t('queue.scanToFollow')} width={220} height={220} />
          <figcaption>{t('queue.scanToFollow')}</figcaption>
        </figure>
      )}
      <button type="button" className="queue-big-button" data-testid="ticket-done" onClick={onDone}>
        {t('queue.done')}
      </button>
    </section>
  );
}
