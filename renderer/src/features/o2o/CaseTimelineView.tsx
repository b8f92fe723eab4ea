import { useTranslation } from 'react-i18next';
import type { TrackResult } from '../../../../contract/api/o2o.js';
import { useFormat } from '../../i18n/format.js';

/** The timeline of each case under a code, with where the data came from and how old it is. */
export function CaseTimelineView({ result, savedHere = false }: { result: TrackResult; savedHere?: boolean }) {
  const { t } = useTranslation();
  const format = useFormat();
  const time = format.dateTime;
  return (
    <div className="o2o-timeline" data-testid="case-timeline" data-source={result.source}>
      <p className={result.source === 'cache' ? 'o2o-stale' : 'o2o-muted'} data-testid="timeline-as-of">
        {result.source === 'platform'
          ? t('o2o.track.asOfLive', { time: time(result.asOf) })
          : t('o2o.track.asOfCache', { time: time(result.asOf), age: format.relative(result.asOf) })}
      </p>
      {result.cases.map((c) => (
        <article key={c.caseId} className="o2o-case" data-state={c.state}>
          <h3>
            {/* Made here and not yet on the platform: saved, not "submitted". */}
            <span lang="zh-CN">{c.itemName}</span> ·{' '}
            <span data-testid="case-state" data-saved-here={savedHere && c.state === 'submitted'}>
              {savedHere && c.state === 'submitted' ? t('o2o.track.savedHere') : t(`o2o.states.${c.state}`)}
            </span>
          </h3>
          <ol className="o2o-events-list">
            {c.events.map((e, i) => (
              <li key={i} data-state={e.state}>
                <time dateTime={e.at}>{time(e.at)}</time> {t(`o2o.states.${e.state}`)}
                {e.reason && (
                  <div className="o2o-reason" data-testid="case-reason">
                    {t('o2o.track.reason', { reason: e.reason })}
                  </div>
                )}
              </li>
            ))}
          </ol>
          {result.pending
            .filter((p) => p.caseId === c.caseId)
            .map((p) => (
              <p key={p.at} className="o2o-stale" data-testid="case-pending" data-to={p.to}>
                {p.to === 'withdrawn' ? t('o2o.track.withdrawPending') : t('o2o.track.pending', { state: t(`o2o.states.${p.to}`) })}
              </p>
            ))}
        </article>
      ))}
    </div>
  );
}
