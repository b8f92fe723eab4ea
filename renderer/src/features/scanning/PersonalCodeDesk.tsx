import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence, printOutcomeSentence } from '../host-messages/host-message.js';
import type { CardHolderView } from '../../../../contract/api/idcard.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { formatDate } from '../../i18n/format.js';
import { useCardHolder } from '../idcard/use-holder-present.js';

type Outcome =
  | { kind: 'printed' | 'not-printed'; name: string; date: string; reason?: string }
  | { kind: 'revoked'; name: string }
  | { kind: 'failed' | 'revoke-failed'; message: string };

/**
 * The counter prints a personal code (反向扫码) for a citizen without a smartphone, after the clerk
 * has read their card and checked face to face that it is them. The code itself never shows here.
 */
export function PersonalCodeDesk({ client }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const { holder } = useCardHolder(client);
  const [busy, setBusy] = useState(false);
  // Kept with the card it was for: a new card (or none) does not show someone else's outcome.
  const [last, setLast] = useState<{ holder: CardHolderView; outcome: Outcome } | null>(null);
  const outcome = last && last.holder === holder ? last.outcome : null;

  const issue = async () => {
    if (!holder) return;
    const setOutcome = (next: Outcome) => setLast({ holder, outcome: next });
    setBusy(true);
    const result = await client.call('personalCode.issue', {});
    setBusy(false);
    if (!result.ok) return setOutcome({ kind: 'failed', message: hostErrorSentence(t, result.error) });
    const { maskedName, expiresAt, receipt } = result.value;
    setOutcome({
      kind: receipt.outcome === 'printed' ? 'printed' : 'not-printed',
      name: maskedName,
      date: formatDate(expiresAt, i18n.language),
      reason: printOutcomeSentence(t, receipt),
    });
  };

  const revoke = async () => {
    if (!holder) return;
    setBusy(true);
    const result = await client.call('personalCode.revoke', {});
    setBusy(false);
    setLast({
      holder,
      outcome: result.ok ? { kind: 'revoked', name: result.value.maskedName } : { kind: 'revoke-failed', message: hostErrorSentence(t, result.error) },
    });
  };

  const message = (o: Outcome) => {
    switch (o.kind) {
      case 'printed':
        return t('o2oIdentity.desk.printed', { name: o.name, date: o.date });
      case 'not-printed':
        return t('o2oIdentity.desk.notPrinted', { reason: o.reason ?? '' });
      case 'revoked':
        return t('o2oIdentity.desk.revoked', { name: o.name });
      case 'failed':
        return t('o2oIdentity.desk.failed', { message: o.message });
      case 'revoke-failed':
        return t('o2oIdentity.desk.revokeFailed', { message: o.message });
    }
  };
  const good = (o: Outcome) => o.kind === 'printed' || o.kind === 'revoked';

  return (
    <section className="o2o-screen" data-testid="personal-code-desk" aria-labelledby="personal-code-desk-title">
      <h2 id="personal-code-desk-title">{t('o2oIdentity.desk.title')}</h2>
      <p className="o2o-muted">{t('o2oIdentity.desk.hint')}</p>
      {holder ? (
        <p>
          <strong data-testid="desk-holder">{holder.maskedName}</strong>
        </p>
      ) : (
        <p>{t('o2oIdentity.desk.noCard')}</p>
      )}
      <button type="button" className="o2o-button primary" data-testid="desk-print-code" disabled={!holder || busy} onClick={() => void issue()}>
        {busy ? t('o2oIdentity.desk.printing') : t('o2oIdentity.desk.print')}
      </button>
      <button type="button" className="o2o-button" data-testid="desk-revoke-code" disabled={!holder || busy} onClick={() => void revoke()}>
        {t('o2oIdentity.desk.revoke')}
      </button>
      {outcome && (
        <p className={good(outcome) ? 'o2o-ok' : 'o2o-error'} role={good(outcome) ? 'status' : 'alert'} data-testid="desk-outcome" data-outcome={outcome.kind}>
          {message(outcome)}
        </p>
      )}
    </section>
  );
}
