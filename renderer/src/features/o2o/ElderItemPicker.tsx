import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CatalogHit } from '../../../../contract/catalog.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { CatalogSearch } from './CatalogSearch.js';

/**
 * Elder mode's first step: the services older people ask for most, as a few large buttons — no
 * typing. Everything else is one button away, in the ordinary search.
 */
export function ElderItemPicker({ client, onPick }: { client: HallHostClient; onPick: (code: string) => void }) {
  const { t } = useTranslation();
  const [common, setCommon] = useState<CatalogHit[] | null>(null);
  const [searching, setSearching] = useState(false);
  useEffect(() => {
    let live = true;
    void client.call('catalog.search', { query: '', lifeEvent: 'elderly', limit: 6 }).then((result) => {
      if (!live) return;
      setCommon(result.ok ? result.value.hits : []);
      // Nothing synced yet (a brand-new kiosk offline): the search says so itself.
      if (!result.ok || result.value.hits.length === 0) setSearching(true);
    });
    return () => {
      live = false;
    };
  }, [client]);

  if (searching) return <CatalogSearch client={client} onPick={onPick} />;
  return (
    <div className="o2o-elder-picker" data-testid="elder-items">
      <h4>{t('o2oIdentity.elderCommon')}</h4>
      <ul className="o2o-hits">
        {(common ?? []).map((hit) => (
          <li key={hit.code}>
            <button type="button" className="o2o-hit o2o-hit-large" data-testid="elder-item" data-code={hit.code} onClick={() => onPick(hit.code)}>
              <span className="o2o-hit-name" lang="zh-CN">
                {hit.name}
              </span>
            </button>
          </li>
        ))}
      </ul>
      <button type="button" className="o2o-button" data-testid="elder-other-items" onClick={() => setSearching(true)}>
        {t('o2oIdentity.otherItems')}
      </button>
    </div>
  );
}
