import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence } from '../host-messages/host-message.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { KeyGrid } from '../keyboard/KeyGrid.js';
import { useFormat } from '../../i18n/format.js';

const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9', 'erase', '0', 'ok'] as const;

/** A touch PIN pad (digits also typed on a keyboard); the host judges the PIN and counts failures. */
export function PinDialog({ client, onClose }: { client: HallHostClient; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [pin, setPin] = useState('');
  const [error, setError] = useState('');
  const dialog = useRef<HTMLDivElement>(null);
  useEffect(() => dialog.current?.focus(), []);

  const submit = async () => {
    const result = await client.call('admin.unlock', { pin });
    setPin('');
    if (result.ok) return onClose();
    const state = await client.call('admin.state', {});
    setError(
      state.ok && state.value.lockedUntil ? t('admin.lockedUntil', { time: format.time(state.value.lockedUntil, true) }) : hostErrorSentence(t, result.error),
    );
  };
  const press = (key: (typeof KEYS)[number]) => {
    if (key === 'erase') setPin((p) => p.slice(0, -1));
    else if (key === 'ok') void submit();
    else setPin((p) => (p.length < 12 ? p + key : p));
  };

  return (
    <div className="admin-backdrop">
      <div
        className="pin-dialog"
        role="dialog"
        aria-modal="true"
        aria-labelledby="pin-title"
        data-testid="admin-pin-dialog"
        tabIndex={-1}
        ref={dialog}
        onKeyDown={(e) => {
          if (/^\d$/.test(e.key)) press(e.key as (typeof KEYS)[number]);
          else if (e.key === 'Backspace') press('erase');
          else if (e.key === 'Enter') press('ok');
          else if (e.key === 'Escape') onClose();
        }}
      >
        <h2 id="pin-title">{t('admin.pinTitle')}</h2>
        <p>{t('admin.pinPrompt')}</p>
        <output className="pin-dots" aria-live="polite" data-testid="admin-pin-length">
          {'●'.repeat(pin.length) || '\u00a0'}
        </output>
        {error && (
          <p className="pin-error" role="alert" data-testid="admin-pin-error">
            {error}
          </p>
        )}
        {/* The on-screen keyboard's digit pad: the same keys, sizes and arrow-key moves as every other field. */}
        <KeyGrid
          label={t('keyboard.modeName.digits')}
          className="kbd-grid-digits pin-pad"
          rows={[0, 3, 6, 9].map((start) =>
            KEYS.slice(start, start + 3).map((key) => ({
              id: key,
              label: key === 'erase' ? t('admin.erase') : key === 'ok' ? t('admin.ok') : key,
              onPress: () => press(key),
              testId: `admin-key-${key}`,
              className: key === 'ok' ? 'kbd-done' : key === 'erase' ? 'kbd-action' : '',
            })),
          )}
        />
        <button type="button" className="secondary-button" onClick={onClose}>
          {t('admin.cancel')}
        </button>
      </div>
    </div>
  );
}
