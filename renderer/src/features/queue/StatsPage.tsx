import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { HostError } from '../../../../contract/result.js';
import type { FollowUp } from '../../../../contract/follow-ups.js';
import { productivityCsv, type Forecast, type ProductivityPeriod, type ProductivityReport } from '../../../../contract/productivity.js';
import type { QueueStats } from '../../../../contract/queue.js';
import { hostErrorSentence } from '../host-messages/host-message.js';
import type { ScreenProps } from '../../app/screen-props.js';
import { useFormat } from '../../i18n/format.js';
import { BarChart } from './BarChart.js';
import './queue.css';

/** Saves the figures as a CSV file; the byte-order mark lets spreadsheet programs read the Chinese right. */
function downloadCsv(report: ProductivityReport): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', productivityCsv(report)], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = `productivity-${report.period}-${report.from}-${report.to}.csv`;
  link.click();
  URL.revokeObjectURL(url);
}

/** A line the supervisor writes (the contact made, the fix) and the button that records it. */
function FollowUpEntry(props: {
  label: string;
  action: string;
  value: string;
  onChange: (value: string) => void;
  onRecord: () => void;
  testIds: [string, string];
}) {
  const { label, action, value, onChange, onRecord, testIds } = props;
  return (
    <p className="queue-followup-form">
      <input aria-label={label} placeholder={label} value={value} onChange={(e) => onChange(e.target.value)} data-testid={testIds[0]} />
      <button type="button" disabled={!value.trim()} onClick={onRecord} data-testid={testIds[1]}>
        {action}
      </button>
    </p>
  );
}

/** One follow-up: its timers, and the supervisor's contact and fix. */
function FollowUpItem({ followUp: f, client, onChanged }: { followUp: FollowUp; client: ScreenProps['client']; onChanged: (error?: HostError) => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [note, setNote] = useState('');
  const [resolution, setResolution] = useState('');
  const contact = () => void client.call('queue.followUpContact', { id: f.id, note }).then((out) => onChanged(out.ok ? undefined : out.error));
  const resolve = () => void client.call('queue.followUpResolve', { id: f.id, resolution }).then((out) => onChanged(out.ok ? undefined : out.error));
  return (
    <li className="queue-followup" data-testid="followup" data-overdue={f.overdue ?? 'no'} data-status={f.status}>
      <p>
        {f.overdue && (
          <strong className="queue-followup-overdue">
            {f.overdue === 'contact' ? t('queue.followUp.overdueContact') : t('queue.followUp.overdueResolve')}{' '}
          </strong>
        )}
        {f.ticketNumber} · {f.counterId} · {t(`queue.level.${f.level}`)} · {f.reason}
        {f.trackingCode ? ` · ${t('queue.followUp.trackingCode', { code: f.trackingCode })}` : ''}
      </p>
      <p>
        {f.status === 'open' && t('queue.followUp.contactDue', { time: format.dateTime(f.contactDue) })}
        {f.status === 'contacted' && t('queue.followUp.resolveDue', { time: format.dateTime(f.resolveDue) })}
        {f.status === 'resolved' && t('queue.followUp.resolved', { time: format.dateTime(f.resolvedAt ?? f.resolveDue) })}
      </p>
      {f.contactNote && (
        <p>
          {t('queue.followUp.contactNote')}: {f.contactNote}
        </p>
      )}
      {f.resolution && (
        <p>
          {t('queue.followUp.resolution')}: {f.resolution}
        </p>
      )}
      {f.status === 'open' && (
        <FollowUpEntry
          label={t('queue.followUp.contactNote')}
          action={t('queue.followUp.recordContact')}
          value={note}
          onChange={setNote}
          onRecord={contact}
          testIds={['followup-note', 'followup-contact']}
        />
      )}
      {f.status !== 'resolved' && (
        <FollowUpEntry
          label={t('queue.followUp.resolution')}
          action={t('queue.followUp.recordResolution')}
          value={resolution}
          onChange={setResolution}
          onRecord={resolve}
          testIds={['followup-resolution', 'followup-resolve']}
        />
      )}
    </li>
  );
}

/** The hall manager's view (`?view=stats` on a counter terminal): today's figures, productivity, the forecast and the 好差评 follow-ups. */
export function StatsPage({ client }: ScreenProps) {
  const { t } = useTranslation();
  const format = useFormat();
  const [stats, setStats] = useState<QueueStats>();
  const [period, setPeriod] = useState<ProductivityPeriod>('day');
  const [report, setReport] = useState<ProductivityReport>();
  const [forecast, setForecast] = useState<Forecast>();
  const [followUps, setFollowUps] = useState<FollowUp[]>([]);
  const [error, setError] = useState<HostError>();
  const load = useCallback(() => {
    const failed = (out: { ok: false; error: HostError }) => setError(out.error);
    void client.call('queue.stats', {}).then((out) => (out.ok ? setStats(out.value) : failed(out)));
    void client.call('queue.productivity', { period }).then((out) => (out.ok ? setReport(out.value) : failed(out)));
    void client.call('queue.forecast', { days: 14 }).then((out) => (out.ok ? setForecast(out.value) : failed(out)));
    void client.call('queue.followUps', {}).then((out) => (out.ok ? setFollowUps(out.value.followUps) : failed(out)));
  }, [client, period]);
  useEffect(() => {
    load();
    const timer = setInterval(load, 10_000);
    return () => clearInterval(timer);
  }, [load]);
  const onFollowUpChanged = useCallback(
    (failure?: HostError) => {
      setError(failure);
      load();
    },
    [load],
  );

  // Memoised so a chart is redrawn only when its figures change.
  const today = useMemo(
    () =>
      stats && {
        services: stats.byService.map((s) => s.key),
        tickets: [{ label: t('queue.chartTickets'), values: stats.byService.map((s) => s.tickets) }],
        wait: [{ label: t('queue.chartWait'), values: stats.byService.map((s) => s.avgWaitMinutes) }],
        levels: ([5, 4, 3, 2, 1] as const).map((l) => t(`queue.level.${l}`)),
        ratings: [{ label: t('queue.chartRatings', { count: 0 }), values: ([5, 4, 3, 2, 1] as const).map((l) => stats.ratings[l]) }],
      },
    [stats, t],
  );
  const times = useMemo(
    () =>
      report && {
        rows: report.rows.map((r) => (report.period === 'week' ? `${r.counterId} ${r.period}` : r.counterId)),
        series: [
          { label: t('queue.productivity.wait'), values: report.rows.map((r) => r.avgWaitMinutes) },
          { label: t('queue.productivity.walk'), values: report.rows.map((r) => r.avgWalkMinutes) },
          { label: t('queue.productivity.service'), values: report.rows.map((r) => r.avgServiceMinutes) },
        ],
      },
    [report, t],
  );
  const coming = useMemo(
    () =>
      forecast && {
        days: forecast.days.map((d) => d.day.slice(5)),
        series: [{ label: t('queue.forecast.expected'), values: forecast.days.map((d) => d.expectedTickets) }],
      },
    [forecast, t],
  );

  if (!stats || !today) return <p className="queue-note">{error ? hostErrorSentence(t, error) : t('queue.loading')}</p>;
  const ratingTotal = Object.values(stats.ratings).reduce((a, b) => a + b, 0);
  const peaks = forecast
    ? [...forecast.days]
        .filter((d) => d.peakHour !== null)
        .sort((a, b) => b.expectedTickets - a.expectedTickets)
        .slice(0, 3)
    : [];
  return (
    <section className="queue-stats" data-testid="stats-page">
      <h2>{t('queue.statsTitle', { day: format.date(stats.day) })}</h2>
      {error && (
        <p className="queue-note" role="alert">
          {hostErrorSentence(t, error)}
        </p>
      )}
      <div className="queue-charts">
        <BarChart testId="chart-tickets" title={t('queue.chartTickets')} categories={today.services} series={today.tickets} />
        <BarChart testId="chart-wait" title={`${t('queue.chartWait')} (${t('queue.minuteUnit')})`} categories={today.services} series={today.wait} />
        <BarChart testId="chart-ratings" title={t('queue.chartRatings', { count: ratingTotal })} categories={today.levels} series={today.ratings} />
      </div>

      <h3>{t('queue.productivity.title')}</h3>
      <p className="queue-stats-tools">
        <button type="button" aria-pressed={period === 'day'} onClick={() => setPeriod('day')} data-testid="period-day">
          {t('queue.productivity.day')}
        </button>
        <button type="button" aria-pressed={period === 'week'} onClick={() => setPeriod('week')} data-testid="period-week">
          {t('queue.productivity.week')}
        </button>
        <button type="button" disabled={!report} onClick={() => report && downloadCsv(report)} data-testid="export-csv">
          {t('queue.productivity.exportCsv')}
        </button>
      </p>
      {times && times.rows.length > 0 && (
        <BarChart testId="chart-times" title={`${t('queue.productivity.chart')} (${t('queue.minuteUnit')})`} categories={times.rows} series={times.series} />
      )}
      <table data-testid="productivity">
        <thead>
          <tr>
            <th>{t('queue.productivity.period')}</th>
            <th>{t('queue.productivity.counter')}</th>
            <th>{t('queue.productivity.calls')}</th>
            <th>{t('queue.productivity.finished')}</th>
            <th>{t('queue.productivity.noShows')}</th>
            <th>{t('queue.productivity.wait')}</th>
            <th>{t('queue.productivity.walk')}</th>
            <th>{t('queue.productivity.service')}</th>
            <th>{t('queue.productivity.idle')}</th>
          </tr>
        </thead>
        <tbody>
          {report?.rows.map((r) => (
            <tr key={`${r.period} ${r.counterId}`}>
              <td>{r.period}</td>
              <td>{r.counterId}</td>
              <td>{format.number(r.calls)}</td>
              <td>{format.number(r.finished)}</td>
              <td>{format.number(r.noShows)}</td>
              <td>{format.number(r.avgWaitMinutes)}</td>
              <td>{r.avgWalkMinutes === null ? '—' : format.number(r.avgWalkMinutes)}</td>
              <td>{format.number(r.avgServiceMinutes)}</td>
              <td>{format.number(r.idleMinutes)}</td>
            </tr>
          ))}
        </tbody>
      </table>

      {/* Per clerk (signed in at the counters with 工号 + PIN): idle is their signed-in time not serving. */}
      {report && report.clerks.length > 0 && (
        <>
          <h3>{t('queue.productivity.clerks')}</h3>
          <table data-testid="productivity-clerks">
            <thead>
              <tr>
                <th>{t('queue.productivity.period')}</th>
                <th>{t('queue.productivity.clerk')}</th>
                <th>{t('queue.productivity.calls')}</th>
                <th>{t('queue.productivity.finished')}</th>
                <th>{t('queue.productivity.noShows')}</th>
                <th>{t('queue.productivity.wait')}</th>
                <th>{t('queue.productivity.walk')}</th>
                <th>{t('queue.productivity.service')}</th>
                <th>{t('queue.productivity.signedIn')}</th>
                <th>{t('queue.productivity.idle')}</th>
              </tr>
            </thead>
            <tbody>
              {report.clerks.map((r) => (
                <tr key={`${r.period} ${r.clerkId}`} data-clerk={r.clerkId}>
                  <td>{r.period}</td>
                  <td>
                    {format.name(r.maskedName)} ({format.ltr(r.clerkId)})
                  </td>
                  <td>{format.number(r.calls)}</td>
                  <td>{format.number(r.finished)}</td>
                  <td>{format.number(r.noShows)}</td>
                  <td>{format.number(r.avgWaitMinutes)}</td>
                  <td>{r.avgWalkMinutes === null ? '—' : format.number(r.avgWalkMinutes)}</td>
                  <td>{format.number(r.avgServiceMinutes)}</td>
                  <td>{format.number(r.signedInMinutes)}</td>
                  <td>{format.number(r.idleMinutes)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}

      <h3>{t('queue.forecast.title')}</h3>
      {coming && <BarChart testId="chart-forecast" title={t('queue.forecast.expected')} categories={coming.days} series={coming.series} />}
      <ul data-testid="forecast-peaks">
        {peaks.map((d) => (
          <li key={d.day}>{t('queue.forecast.peak', { day: format.date(d.day), hour: d.peakHour, count: d.expectedTickets })}</li>
        ))}
      </ul>

      <h3>{t('queue.followUps')}</h3>
      <ul className="queue-followups" data-testid="followups">
        {followUps.length === 0 && <li>{t('queue.followUp.none')}</li>}
        {followUps.map((f) => (
          <FollowUpItem key={f.id} followUp={f} client={client} onChanged={onFollowUpChanged} />
        ))}
      </ul>
    </section>
  );
}
