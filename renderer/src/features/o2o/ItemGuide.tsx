import { useTranslation } from 'react-i18next';
import type { CatalogItem } from '../../../../contract/catalog.js';

/** The one-page guide on screen: the same elements the printed sheet has. */
export function ItemGuide({ item }: { item: CatalogItem }) {
  const { t } = useTranslation();
  const promised = item.promisedTimeLimitDays === 0 ? t('o2o.item.instant') : t('o2o.item.days', { count: item.promisedTimeLimitDays });
  return (
    <article className="o2o-guide" data-testid="item-guide" aria-labelledby="o2o-guide-name">
      {/* The catalogue is written in Chinese whatever the screen's language. */}
      <h3 id="o2o-guide-name" lang="zh-CN">
        {item.name}
      </h3>
      <dl className="o2o-facts">
        <dt>{t('o2o.item.department')}</dt>
        <dd lang="zh-CN">{item.department}</dd>
        <dt>{t('o2o.item.code')}</dt>
        <dd>
          <span dir="ltr">{item.code}</span>
        </dd>
        <dt>{t('o2o.item.location')}</dt>
        <dd>
          {item.location} · {t('o2o.item.windows')} {item.windows.join('、')}
        </dd>
        <dt>{t('o2o.item.limits')}</dt>
        <dd>{t('o2o.item.limitsValue', { legal: item.legalTimeLimitDays, promised })}</dd>
        <dt>{t('o2o.item.fee')}</dt>
        <dd>{item.fee}</dd>
        <dt>{t('o2o.item.depth')}</dt>
        <dd>{t(`o2o.item.depths.${item.onlineDepth}`)}</dd>
      </dl>
      <h4>{t('o2o.item.conditions')}</h4>
      <ol lang="zh-CN">
        {item.conditions.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ol>
      <h4>{t('o2o.item.materials')}</h4>
      <ol className="o2o-materials">
        {item.materials.map((m) => (
          <li key={m.id}>
            <strong lang="zh-CN">{m.name}</strong> · {t(`o2o.item.form.${m.form}`)} · {t('o2o.item.count', { count: m.count })} ·{' '}
            {t(`o2o.item.format.${m.format}`)}
            {m.electronicLicense && <span className="o2o-badge"> {t('o2o.item.eLicense')}</span>}
            {!m.required && <span className="o2o-muted"> {t('o2o.item.optional')}</span>}
            {m.note && <div className="o2o-muted">{m.note}</div>}
          </li>
        ))}
      </ol>
      <h4>{t('o2o.item.steps')}</h4>
      <ol>
        {item.steps.map((s) => (
          <li key={s}>{s}</li>
        ))}
      </ol>
      <h4>{t('o2o.item.basis')}</h4>
      <ul>
        {item.legalBasis.map((b) => (
          <li key={b}>{b}</li>
        ))}
      </ul>
    </article>
  );
}
