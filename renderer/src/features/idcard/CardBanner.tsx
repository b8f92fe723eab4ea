import { useTranslation } from 'react-i18next';
import type { HallHostClient } from '../../host/validated-client.js';
import { useCardHolder } from './use-holder-present.js';

/** Shows whose card was read — masked — and lets the citizen end the session at any time. */
export function CardBanner({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const { holder, onReader } = useCardHolder(client);

  if (!holder) return null;
  return (
    <section className="card-banner" data-testid="card-holder" aria-live="polite" aria-label={t('idcard.heading')}>
      <div className="card-banner-text">
        <strong data-testid="card-holder-name" dir="auto">
          {holder.maskedName}
        </strong>
        <span data-testid="card-holder-id" dir="ltr">
          {holder.maskedIdNumber}
        </span>
        <span>{t(`idcard.type.${holder.cardType}`)}</span>
        {!holder.idNumberValid && (
          <span className="card-warning" role="alert">
            {t('idcard.checkFailed')}
          </span>
        )}
        {holder.expired && (
          <span className="card-warning" role="alert">
            {t('idcard.expired')}
          </span>
        )}
        {onReader && <span className="card-hint">{t('idcard.takeCard')}</span>}
      </div>
      <button type="button" className="secondary-button" data-testid="end-session" onClick={() => void client.call('session.end', {})}>
        {t('idcard.endSession')}
      </button>
    </section>
  );
}
