import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HallHostClient } from '../../host/validated-client.js';
import { useFormat } from '../../i18n/format.js';
import { hostErrorSentence } from '../host-messages/host-message.js';

/**
 * 撤回: offered while the case may still be taken back, asked twice (a large confirm and a large
 * "keep it"), and answered with what happened. The applicant's card must be on the reader.
 */
export function WithdrawCase({
  client,
  trackingCode,
  caseId,
  until,
  onChanged,
}: {
  client: HallHostClient;
  trackingCode: string;
  caseId: string;
  until: string;
  onChanged?: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [step, setStep] = useState<'offer' | 'confirm' | 'busy'>('offer');
  const [outcome, setOutcome] = useState<{ text: string; ok: boolean } | null>(null);

  const withdraw = async () => {
    setStep('busy');
    const result = await client.call('application.withdraw', { trackingCode, caseId });
    setStep('offer');
    if (!result.ok) return setOutcome({ text: hostErrorSentence(t, result.error), ok: false });
    setOutcome({ text: t(result.value.state === 'withdrawn' ? 'o2o.track.withdraw.done' : 'o2o.track.withdraw.pending'), ok: true });
    onChanged?.();
  };

  if (outcome?.ok) {
    return (
      <p className="o2o-ok" role="status" data-testid="withdraw-message">
        {outcome.text}
      </p>
    );
  }
  return (
    <div className="o2o-withdraw" data-testid="withdraw-case">
      {step === 'confirm' ? (
        <>
          <p className="o2o-confirm" data-testid="withdraw-confirm-text">
            {t('o2o.track.withdraw.confirm')}
          </p>
          <div className="o2o-actions">
            <button type="button" className="o2o-button primary" data-testid="withdraw-confirm" onClick={() => void withdraw()}>
              {t('o2o.track.withdraw.yes')}
            </button>
            <button type="button" className="o2o-button" data-testid="withdraw-keep" onClick={() => setStep('offer')}>
              {t('o2o.track.withdraw.no')}
            </button>
          </div>
        </>
      ) : (
        <div className="o2o-actions">
          <button type="button" className="o2o-button" data-testid="withdraw-offer" disabled={step === 'busy'} onClick={() => setStep('confirm')}>
            {t('o2o.track.withdraw.offer')}
          </button>
          <p className="o2o-muted">{t('o2o.track.withdraw.until', { time: format.time(until) })}</p>
        </div>
      )}
      {outcome && (
        <p className="o2o-error" role="alert" data-testid="withdraw-message">
          {outcome.text}
        </p>
      )}
    </div>
  );
}
