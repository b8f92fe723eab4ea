import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { QueueStats } from '../../../../contract/queue.js';
import type { ScreenProps } from '../../app/screen-registry.js';
import './queue.css';

/** A horizontal bar chart in plain SVG. */
function Bars({ title, rows, unit, testId }: { title: string; rows: Array<{ label: string; value: number }>; unit: string; testId: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowHeight = 36;
  return (
    <figure className="queue-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 640 ${rows.length * rowHeight + 8}`} role="img" aria-label={title}>
        {rows.map((r, i) => (
          <g key={r.label} transform={`translate(0 ${i * rowHeight + 4})`}>
            <text x="0" y="22" className="queue-chart-label">{r.label}</text>
            <rect x="200" y="4" height="24" width={Math.max(2, (r.value / max) * 360)} className="queue-chart-bar" />
            <text x={210 + (r.value / max) * 360} y="22" className="queue-chart-value">{r.value} {unit}</text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** The hall manager's statistics for today (`?view=stats` on a counter terminal). */
export function StatsPage({ client }: ScreenProps) {
  const { t } = useTranslation();
  const [stats, setStats] = useState<QueueStats>();
  const [error, setError] = useState('');
  useEffect(() => {
    const load = () => void client.call('queue.stats', {}).then((out) => (out.ok ? setStats(out.value) : setError(out.error.message)));
    load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, [client]);
  if (!stats) return <p className="queue-note">{error || t('queue.loading')}</p>;
  const ratingTotal = Object.values(stats.ratings).reduce((a, b) => a + b, 0);
  return (
    <section className="queue-stats" data-testid="stats-page">
      <h2>{t('queue.statsTitle', { day: stats.day })}</h2>
      <div className="queue-charts">
        <Bars testId="chart-tickets" title={t('queue.chartTickets')} unit="" rows={stats.byService.map((s) => ({ label: s.key, value: s.tickets }))} />
        <Bars testId="chart-wait" title={t('queue.chartWait')} unit="min" rows={stats.byService.map((s) => ({ label: s.key, value: s.avgWaitMinutes }))} />
        <Bars testId="chart-serve" title={t('queue.chartServe')} unit="min" rows={stats.byCounter.map((s) => ({ label: s.key, value: s.avgServeMinutes }))} />
        <Bars testId="chart-noshow" title={t('queue.chartNoShow')} unit="" rows={stats.byCounter.map((s) => ({ label: s.key, value: s.noShows }))} />
        <Bars testId="chart-ratings" title={t('queue.chartRatings', { count: ratingTotal })} unit="" rows={([5, 4, 3, 2, 1] as const).map((l) => ({ label: t(`queue.level.${l}`), value: stats.ratings[l] }))} />
      </div>
      <h3>{t('queue.followUps')}</h3>
      <table data-testid="followups">
        <tbody>
          {stats.followUps.map((f) => (
            <tr key={f.id}>
              <td>{f.counterId}</td>
              <td>{t(`queue.level.${f.level}`)}</td>
              <td>{f.reason}</td>
              <td>{t('queue.deadline', { date: f.deadline.slice(0, 10) })}</td>
              <td>{f.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
