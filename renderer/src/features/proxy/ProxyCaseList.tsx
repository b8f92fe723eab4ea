import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence } from '../host-messages/host-message.js';
import type { MethodOutput } from '../../../../contract/host-api.js';
import type { Result } from '../../../../contract/result.js';
import { formatTrackingCode } from '../../../../contract/tracking-code.js';
import type { HallHostClient } from '../../host/validated-client.js';

/** Every case this agent submitted: still in the outbox, refused, or the platform's state (with its age when offline). */
export function ProxyCaseList({ client }: { client: HallHostClient }) {
  const { t, i18n } = useTranslation();
  const [list, setList] = useState<MethodOutput<'proxy.cases'> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const time = (iso: string) => new Date(iso).toLocaleString(i18n.language, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });

  const show = useCallback(
    (result: Result<MethodOutput<'proxy.cases'>>) => {
      if (result.ok) {
        setList(result.value);
        setError(null);
      } else setError(hostErrorSentence(t, result.error));
    },
    [t],
  );
  const load = () => void client.call('proxy.cases', {}).then(show);
  useEffect(() => {
    let live = true;
    void client.call('proxy.cases', {}).then((result) => live && show(result));
    return () => {
      live = false;
    };
  }, [client, show]);

  const status = (row: MethodOutput<'proxy.cases'>['cases'][number]) => {
    if (row.status === 'pending') return t('proxy.cases.pending');
    if (row.status === 'parked') return t('proxy.cases.parked', { reason: row.reason ?? '' });
    return t(`o2o.states.${row.status}`);
  };

  return (
    <div className="proxy-cases" data-testid="proxy-cases" data-source={list?.source}>
      <div className="o2o-bar">
        <h3>{t('proxy.cases.heading')}</h3>
        <button type="button" className="o2o-button" data-testid="proxy-cases-refresh" onClick={load}>
          {t('proxy.cases.refresh')}
        </button>
      </div>
      {error && (
        <p className="o2o-error" role="alert">
          {error}
        </p>
      )}
      {list && (
        <p className={list.source === 'platform' ? 'o2o-muted' : 'o2o-stale'} role="status" data-testid="proxy-cases-source">
          {list.source === 'platform' ? t('proxy.cases.fromPlatform') : t('proxy.cases.fromCache')}
        </p>
      )}
      {list && list.cases.length === 0 && <p className="o2o-muted">{t('proxy.cases.empty')}</p>}
      {list && list.cases.length > 0 && (
        <table className="proxy-table">
          <thead>
            <tr>
              <th scope="col">{t('proxy.cases.item')}</th>
              <th scope="col">{t('proxy.cases.villager')}</th>
              <th scope="col">{t('proxy.cases.submittedAt')}</th>
              <th scope="col">{t('proxy.cases.status')}</th>
            </tr>
          </thead>
          <tbody>
            {list.cases.map((row) => (
              <tr key={row.trackingCode} data-testid="proxy-case" data-code={row.trackingCode} data-status={row.status}>
                <td>
                  {row.itemName}
                  <div className="o2o-muted proxy-code">{formatTrackingCode(row.trackingCode)}</div>
                </td>
                <td>{row.villagerMaskedName}</td>
                <td>{time(row.submittedAt)}</td>
                <td>
                  <span className={row.status === 'pending' ? 'o2o-stale' : row.status === 'parked' ? 'o2o-error' : 'o2o-ok'} data-testid="proxy-case-status">
                    {status(row)}
                  </span>
                  {row.statusAsOf && list.source === 'cache' && <div className="o2o-muted">{t('proxy.cases.asOf', { time: time(row.statusAsOf) })}</div>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
