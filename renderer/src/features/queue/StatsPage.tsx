import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostError } from '../../../../contract/result.js';
import { hostErrorSentence } from '../host-messages/host-message.js';
import type { QueueStats } from '../../../../contract/queue.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { useFormat } from '../../i18n/format.js';
import './queue.css';

const WIDTH = 640;

/** A horizontal bar chart in plain SVG; in a right-to-left language it grows from the right. */
function Bars({ title, rows, unit, testId }: { title: string; rows: Array<{ label: string; value: number }>; unit: string; testId: string }) {
  const { i18n } = useTranslation();
  const format = useFormat();
  const rtl = i18n.dir(i18n.language) === 'rtl';
  // Text anchors at its start, which is its right edge in RTL, so only x positions mirror.
  const at = (x: number, width = 0) => (rtl ? WIDTH - x - width : x);
  const max = Math.max(1, ...rows.map((r) => r.value));
  const rowHeight = 36;
  return (
    <figure className="queue-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${WIDTH} ${rows.length * rowHeight + 8}`} role="img" aria-label={title} direction={rtl ? 'rtl' : 'ltr'}>
        {rows.map((r, i) => (
          <g key={r.label} transform={`translate(0 ${i * rowHeight + 4})`}>
            <text x={at(0)} y="22" className="queue-chart-label">{r.label}</text>
            <rect x={at(200, Math.max(2, (r.value / max) * 360))} y="4" height="24" width={Math.max(2, (r.value / max) * 360)} className="queue-chart-bar" />
            <text x={at(210 + (r.value / max) * 360)} y="22" className="queue-chart-value">{format.number(r.value)} {unit}</text>
          </g>
        ))}
      </svg>
    </figure>
  );
}

/** The hall manager's statistics for today (`?view=stats` on a counter terminal). */
export function StatsPage({ client }: ScreenProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [stats, setStats] = useState<QueueStats>();
  const [error, setError] = useState<HostError>();
  useEffect(() => {
    const load = () => void client.call('queue.stats', {}).then((out) => (out.ok ? setStats(out.value) : setError(out.error)));
    load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, [client]);
  if (!stats) return <p className="queue-note">{error ? hostErrorSentence(t, error) : t('queue.loading')}</p>;
  const ratingTotal = Object.values(stats.ratings).reduce((a, b) => a + b, 0);
  return (
    <section className="queue-stats" data-testid="stats-page">
      <h2>{t('queue.statsTitle', { day: format.date(stats.day) })}</h2>
      <div className="queue-charts">
        <Bars testId="chart-tickets" title={t('queue.chartTickets')} unit="" rows={stats.byService.map((s) => ({ label: s.key, value: s.tickets }))} />
        <Bars testId="chart-wait" title={t('queue.chartWait')} unit={t('queue.minuteUnit')} rows={stats.byService.map((s) => ({ label: s.key, value: s.avgWaitMinutes }))} />
        <Bars testId="chart-serve" title={t('queue.chartServe')} unit={t('queue.minuteUnit')} rows={stats.byCounter.map((s) => ({ label: s.key, value: s.avgServeMinutes }))} />
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
              <td>{t('queue.deadline', { date: format.date(f.deadline) })}</td>
              <td>{f.status}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
