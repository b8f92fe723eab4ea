import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence, printOutcomeSentence } from '../host-messages/host-message.js';
import type { CatalogItem } from '../../../../contract/catalog.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { useNarration } from '../elder/use-narration.js';
import { CatalogSearch } from './CatalogSearch.js';
import { ItemGuide } from './ItemGuide.js';
import { O2oHeader } from './O2oHeader.js';
import './o2o.css';

/** 查询一单: find an item, read its one-page guide, print it on A4 or as a slip with a QR. */
export function GuideScreen({ client, onHome, onOpen }: ScreenProps) {
  const { t } = useTranslation();
  const [item, setItem] = useState<CatalogItem | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useNarration(item ? (message ? 'guideDone' : null) : 'guide');

  const open = async (code: string) => {
    const result = await client.call('catalog.item', { code });
    if (result.ok) {
      setItem(result.value);
      setMessage(null);
    } else setMessage(hostErrorSentence(t, result.error));
  };

  const print = async (format: 'a4' | 'receipt') => {
    if (!item) return;
    setBusy(true);
    const result = await client.call('guide.print', { code: item.code, format });
    setBusy(false);
    if (!result.ok) return setMessage(hostErrorSentence(t, result.error));
    if (result.value.outcome !== 'printed') return setMessage(t('o2o.guide.printRefused', { reason: printOutcomeSentence(t, result.value) }));
    // Only a printer that took the job sends the citizen to collect it; a PDF kept on this machine is not paper.
    if (format === 'a4') return setMessage(result.value.destination === 'system-printer' ? t('o2o.guide.a4Sent') : t('o2o.guide.a4NotPrinted'));
    setMessage(result.value.guideUrl ? t('o2o.guide.printed') : t('o2o.guide.slipNoQr'));
  };

  return (
    <section className="o2o-screen" data-testid="service-guide" aria-labelledby="o2o-guide-title">
      <O2oHeader tile="guide" onBack={onHome} />
      {item ? (
        <>
          <div className="o2o-actions">
            <button type="button" className="o2o-button" onClick={() => setItem(null)}>
              {t('o2o.guide.list')}
            </button>
            <button type="button" className="o2o-button primary" data-testid="print-a4" disabled={busy} onClick={() => void print('a4')}>
              {t('o2o.guide.printA4')}
            </button>
            <button type="button" className="o2o-button" data-testid="print-slip" disabled={busy} onClick={() => void print('receipt')}>
              {t('o2o.guide.printReceipt')}
            </button>
            {/* Straight on to the application, the item already chosen: no second search. */}
            {onOpen && (
              <button type="button" className="o2o-button primary" data-testid="guide-apply" onClick={() => onOpen('apply', { serviceCode: item.code })}>
                {t('o2o.guide.applyThis')}
              </button>
            )}
          </div>
          {message && (
            <p className="o2o-message" role="status" data-testid="guide-message">
              {message}
            </p>
          )}
          <ItemGuide item={item} />
        </>
      ) : (
        <>
          {message && (
            <p className="o2o-error" role="alert">
              {message}
            </p>
          )}
          <CatalogSearch client={client} onPick={(code) => void open(code)} />
        </>
      )}
    </section>
  );
}
