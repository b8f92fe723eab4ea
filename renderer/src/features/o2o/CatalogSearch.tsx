import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostError } from '../../../../contract/result.js';
import { hostErrorSentence } from '../host-messages/host-message.js';
import { LIFE_EVENTS, type CatalogHit, type LifeEvent } from '../../../../contract/catalog.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { KeyboardInput } from '../keyboard/KeyboardInput.js';

/** Search box (typing or on-screen keys), life-event chips and the result list. */
export function CatalogSearch({ client, onPick }: { client: HallHostClient; onPick: (code: string) => void }) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [lifeEvent, setLifeEvent] = useState<LifeEvent | undefined>();
  const [hits, setHits] = useState<CatalogHit[] | null>(null);
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<HostError | null>(null);
  // With nothing asked, nothing is listed (an older answer may still be in state).
  const shown = query.trim() || lifeEvent ? hits : null;

  useEffect(() => {
    if (!query.trim() && !lifeEvent) return;
    let current = true;
    // A short pause so each key press on the touch screen does not start its own search.
    const timer = setTimeout(() => {
      void client.call('catalog.search', { query, ...(lifeEvent ? { lifeEvent } : {}), limit: 30 }).then((result) => {
        if (!current) return;
        if (result.ok) {
          setHits(result.value.hits);
          setTotal(result.value.total);
          setError(null);
        } else setError(result.error);
      });
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, query, lifeEvent]);

  return (
    <div className="o2o-search">
      <label className="o2o-search-label" htmlFor="o2o-search-input">
        {t('o2o.guide.searchLabel')}
      </label>
      {/* Pinyin letters stay in the query while they are being converted, so initials (sbk) search too. */}
      <KeyboardInput
        id="o2o-search-input"
        data-testid="catalog-search"
        className="o2o-search-input"
        value={query}
        placeholder={t('o2o.guide.searchHint')}
        onValueChange={setQuery}
        openInitially
      />
      <div className="o2o-events" role="group" aria-label={t('o2o.guide.byEvent')}>
        {LIFE_EVENTS.map((event) => (
          <button
            key={event}
            type="button"
            className="o2o-chip"
            aria-pressed={lifeEvent === event}
            onClick={() => setLifeEvent((e) => (e === event ? undefined : event))}
          >
            {t(`o2o.events.${event}`)}
          </button>
        ))}
      </div>
      {error && (
        <p className="o2o-error" role="alert">
          {hostErrorSentence(t, error)}
        </p>
      )}
      {shown && (
        <div aria-live="polite">
          <p className="o2o-count">{shown.length ? t('o2o.guide.results', { count: total }) : t('o2o.guide.noResults')}</p>
          <ul className="o2o-hits">
            {shown.map((hit) => (
              <li key={hit.code}>
                <button type="button" className="o2o-hit" data-testid="catalog-hit" data-code={hit.code} onClick={() => onPick(hit.code)}>
                  <span className="o2o-hit-name" lang="zh-CN">
                    {hit.name}
                  </span>
                  <span className="o2o-hit-meta">
                    <span lang="zh-CN">{hit.department}</span> · {t(`o2o.guide.matched.${hit.matchedBy}`)}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
