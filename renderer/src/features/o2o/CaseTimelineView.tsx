import { useTranslation } from 'react-i18next';
import type { TrackResult } from '../../../../contract/api/o2o.js';

function ageText(t: (key: string, options?: Record<string, unknown>) => string, iso: string): string {
  const minutes = Math.max(0, Math.round((Date.now() - new Date(iso).getTime()) / 60_000));
  if (minutes < 60) return t('o2o.track.minutes', { count: minutes });
  if (minutes < 48 * 60) return t('o2o.track.hours', { count: Math.round(minutes / 60) });
  return t('o2o.track.days', { count: Math.round(minutes / 1440) });
}

/** The timeline of each case under a code, with where the data came from and how old it is. */
export function CaseTimelineView({ result }: { result: TrackResult }) {
  const { t, i18n } = useTranslation();
  const time = (iso: string) => new Date(iso).toLocaleString(i18n.language, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  return (
    <div className="o2o-timeline" data-testid="case-timeline" data-source={result.source}>
      <p className={result.source === 'cache' ? 'o2o-stale' : 'o2o-muted'} data-testid="timeline-as-of">
        {result.source === 'platform' ? t('o2o.track.asOfLive', { time: time(result.asOf) }) : t('o2o.track.asOfCache', { time: time(result.asOf), age: ageText(t, result.asOf) })}
      </p>
      {result.cases.map((c) => (
        <article key={c.caseId} className="o2o-case" data-state={c.state}>
          <h3>
            {c.itemName} · <span data-testid="case-state">{t(`o2o.states.${c.state}`)}</span>
          </h3>
          <ol className="o2o-events-list">
            {c.events.map((e, i) => (
              <li key={i} data-state={e.state}>
                <time dateTime={e.at}>{time(e.at)}</time> {t(`o2o.states.${e.state}`)}
                {e.reason && <div className="o2o-reason" data-testid="case-reason">{t('o2o.track.reason', { reason: e.reason })}</div>}
              </li>
            ))}
          </ol>
          {result.pending
            .filter((p) => p.caseId === c.caseId)
            .map((p) => (
              <p key={p.at} className="o2o-stale">{t('o2o.track.pending', { state: t(`o2o.states.${p.to}`) })}</p>
            ))}
        </article>
      ))}
    </div>
  );
}
