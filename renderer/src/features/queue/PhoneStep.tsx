import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { KeyGrid } from '../keyboard/KeyGrid.js';
import { isMobileNumber } from '../../../../contract/phone-number.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'erase', '0', 'ok'] as const;

/**
 * The optional step after choosing a service: a mobile number for text reminders, typed on the digit
 * pad. It may be a relative's for an elder; the screen says how it is kept. Skipping takes the number at once.
 */
export function PhoneStep({ busy, onIssue }: { busy: boolean; onIssue: (phone?: string) => void }) {
  const { t } = useTranslation();
  const [phone, setPhone] = useState('');
  const [error, setError] = useState('');
  const press = (key: (typeof KEYS)[number]) => {
    setError('');
    if (key === 'erase') setPhone((p) => p.slice(0, -1));
    else if (key === 'ok') {
      if (isMobileNumber(phone)) onIssue(phone);
      else setError(t('queue.phoneInvalid'));
    } else setPhone((p) => (p.length < 11 ? p + key : p));
  };
  return (
    <div className="queue-phone" data-testid="phone-step" role="group" aria-labelledby="phone-title">
      <h2 id="phone-title">{t('queue.phoneTitle')}</h2>
      <p>{t('queue.phonePrompt')}</p>
      <p className="queue-note">{t('queue.phoneRelative')}</p>
      <output className="queue-phone-number" dir="ltr" aria-live="polite" data-testid="phone-number">
        {phone || '\u00a0'}
      </output>
      {error && (
        <p className="queue-error" role="alert" data-testid="phone-error">
          {error}
        </p>
      )}
      <KeyGrid
        label={t('keyboard.modeName.digits')}
        className="kbd-grid-digits pin-pad"
        rows={[0, 3, 6, 9].map((start) =>
          KEYS.slice(start, start + 3).map((key) => ({
            id: key,
            label: key === 'erase' ? t('queue.phoneErase') : key === 'ok' ? t('queue.phoneConfirm') : key,
            onPress: () => !busy && press(key),
            testId: `phone-key-${key}`,
            className: key === 'ok' ? 'kbd-done' : key === 'erase' ? 'kbd-action' : '',
          })),
        )}
      />
      <button type="button" className="queue-big-button" data-testid="phone-skip" disabled={busy} onClick={() => onIssue()}>
        {t('queue.phoneSkip')}
      </button>
    </div>
  );
}
