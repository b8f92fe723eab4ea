import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence, printOutcomeSentence } from '../host-messages/host-message.js';
import type { MethodOutput } from '../../../../contract/host-api.js';
import { localDay } from '../../../../contract/proxy-agent.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { hostClock } from '../../app/host-clock.js';

/** 日结: today's applications of the signed-in agent, on screen and on the receipt printer. */
export function DayReport({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const [report, setReport] = useState<MethodOutput<'proxy.report'> | null>(null);
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  // Today by default; after days offline the agent closes each earlier day too.
  const [date, setDate] = useState<string | undefined>(undefined);
  const today = localDay(hostClock.now());

  useEffect(() => {
    let live = true;
    void client.call('proxy.report', date ? { date } : {}).then((result) => {
      if (!live) return;
      if (result.ok) setReport(result.value);
      else setMessage({ ok: false, text: hostErrorSentence(t, result.error) });
    });
    return () => {
      live = false;
    };
  }, [client, t, date]);

  const shift = (days: number) => {
    const [y, m, d] = (report?.date ?? today).split('-').map(Number) as [number, number, number];
    const next = localDay(new Date(y, m - 1, d + days));
    setMessage(null);
    setDate(next >= today ? undefined : next);
  };

  const print = async () => {
    const result = await client.call('proxy.printReport', report ? { date: report.date } : {});
    if (!result.ok) return setMessage({ ok: false, text: hostErrorSentence(t, result.error) });
    setMessage(
      result.value.outcome === 'printed'
        ? { ok: true, text: t('proxy.report.printed') }
        : { ok: false, text: t('proxy.report.printRefused', { reason: printOutcomeSentence(t, result.value) }) },
    );
  };

  if (!report)
    return message ? (
      <p className="o2o-error" role="alert">
        {message.text}
      </p>
    ) : null;
  return (
    <div className="proxy-report" data-testid="proxy-report" data-total={report.total} data-synced={report.synced} data-pending={report.pending}>
      <div className="o2o-bar">
        <h3 data-testid="proxy-report-date" data-date={report.date}>
          {t('proxy.report.heading', { date: `\u2068${report.date}\u2069` })}
        </h3>
        <div className="o2o-actions">
          <button type="button" className="o2o-button" data-testid="proxy-report-previous" onClick={() => shift(-1)}>
            {t('proxy.report.previousDay')}
          </button>
          <button type="button" className="o2o-button" data-testid="proxy-report-next" disabled={report.date >= today} onClick={() => shift(1)}>
            {t('proxy.report.nextDay')}
          </button>
        </div>
      </div>
      <dl className="proxy-totals">
        <div>
          <dt>{t('proxy.report.total')}</dt>
          <dd data-testid="proxy-report-total">{report.total}</dd>
        </div>
        <div>
          <dt>{t('proxy.report.synced')}</dt>
          <dd data-testid="proxy-report-synced">{report.synced}</dd>
        </div>
        <div>
          <dt>{t('proxy.report.pending')}</dt>
          <dd data-testid="proxy-report-pending">{report.pending}</dd>
        </div>
        <div>
          <dt>{t('proxy.report.parked')}</dt>
          <dd data-testid="proxy-report-parked">{report.parked}</dd>
        </div>
      </dl>
      {report.total === 0 ? (
        <p className="o2o-muted">{t('proxy.report.none')}</p>
      ) : (
        <table className="proxy-table">
          <caption>{t('proxy.report.byItem')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('proxy.cases.item')}</th>
              <th scope="col">{t('proxy.report.count')}</th>
              <th scope="col">{t('proxy.report.synced')}</th>
              <th scope="col">{t('proxy.report.pending')}</th>
            </tr>
          </thead>
          <tbody>
            {report.byItem.map((row) => (
              <tr key={row.serviceCode} data-testid="proxy-report-item">
                <td>{row.itemName}</td>
                <td>{row.count}</td>
                <td>{row.synced}</td>
                <td>{row.pending}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {report.problems.length > 0 && (
        <>
          <h4>{t('proxy.report.problems')}</h4>
          <ul>
            {report.problems.map((p) => (
              <li key={p.trackingCode}>
                {p.trackingCode} · {p.itemName}: {p.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <div className="o2o-actions">
        <button type="button" className="o2o-button primary" data-testid="proxy-report-print" onClick={() => void print()}>
          {t('proxy.report.print')}
        </button>
      </div>
      {message && (
        <p className={message.ok ? 'o2o-message' : 'o2o-error'} role={message.ok ? 'status' : 'alert'} data-testid="proxy-report-message">
          {message.text}
        </p>
      )}
    </div>
  );
}
