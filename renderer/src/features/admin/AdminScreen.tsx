import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AdminDiagnostics } from '../../../../contract/api/admin.js';
import type { HallHostClient } from '../../host/validated-client.js';

/** Diagnostics for a technician: devices with a test print, the sync queue, config and the log. */
export function AdminScreen({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const [diagnostics, setDiagnostics] = useState<AdminDiagnostics>();
  const [logs, setLogs] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [generation, setGeneration] = useState(0);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let live = true;
    void Promise.all([client.call('admin.diagnostics', {}), client.call('admin.logs', { lines: 200 })]).then(([d, l]) => {
      if (!live) return;
      if (d.ok) setDiagnostics(d.value);
      if (l.ok) setLogs(l.value);
    });
    return () => {
      live = false;
    };
  }, [client, generation]);

  const testPrint = async (deviceId: string) => {
    const result = await client.call('printer.printTicket', {
      deviceId,
      ticket: { hallName: t('admin.testHall'), ticketNumber: 'T000', serviceName: t('admin.testService'), waitingAhead: 0, issuedAt: new Date().toISOString() },
    });
    if (!result.ok) return setMessage(result.error.message);
    setMessage(result.value.outcome === 'printed' ? t('admin.printed') : t('admin.refused', { reason: result.value.reason ?? result.value.condition }));
    refresh();
  };

  return (
    <section className="admin-screen" data-testid="admin-screen" aria-labelledby="admin-title">
      <header className="admin-header">
        <h2 id="admin-title">{t('admin.title')}</h2>
        {diagnostics && (
          <span>
            {t('admin.version', { version: diagnostics.version, minutes: Math.floor(diagnostics.uptimeSeconds / 60) })}
            {diagnostics.disk && ` · ${t('admin.disk', { free: (diagnostics.disk.freeBytes / 2 ** 30).toFixed(1), total: (diagnostics.disk.totalBytes / 2 ** 30).toFixed(0) })}`}
          </span>
        )}
        <button type="button" onClick={refresh}>
          {t('admin.refresh')}
        </button>
        <button type="button" className="primary-button" data-testid="admin-lock" onClick={() => void client.call('admin.lock', {})}>
          {t('admin.lock')}
        </button>
      </header>
      <p className="admin-message" aria-live="polite" data-testid="admin-message">
        {message}
      </p>
      <h3>{t('admin.devices')}</h3>
      <table className="admin-table">
        <tbody>
          {diagnostics?.devices.map((device) => (
            <tr key={device.id} data-testid={`admin-device-${device.id}`}>
              <th scope="row">{t(`devices.kind.${device.kind}`)} · {device.id}</th>
              <td>{t(`devices.state.${device.state}`)}</td>
              <td>{[device.reason, ...device.warnings].filter(Boolean).join('; ')}</td>
              <td>
                {device.kind === 'printer' && (
                  <button type="button" data-testid={`admin-test-print-${device.id}`} onClick={() => void testPrint(device.id)}>
                    {t('admin.testPrint')}
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>{t('admin.sync')}</h3>
      {diagnostics && (
        <p data-testid="admin-sync">
          {t(`sync.connectivity.${diagnostics.sync.connectivity}`)} · {t('admin.pending', { count: diagnostics.sync.pendingCount })}
          {diagnostics.sync.lastError ? ` · ${diagnostics.sync.lastError}` : ''}
        </p>
      )}
      <h4>{t('admin.parked')}</h4>
      <ul data-testid="admin-parked">
        {diagnostics?.parked.length === 0 && <li>{t('admin.noParked')}</li>}
        {diagnostics?.parked.map((p) => (
          <li key={p.mutationId}>
            #{p.mutationId} {p.kind} · {p.reason} · {p.createdAt}
          </li>
        ))}
      </ul>
      <h3>{t('admin.config')}</h3>
      <pre className="admin-pre" data-testid="admin-config">
        {diagnostics ? JSON.stringify(diagnostics.config, null, 2) : ''}
      </pre>
      <h3>{t('admin.logs')}</h3>
      <pre className="admin-pre" data-testid="admin-logs">
        {logs.join('\n')}
      </pre>
    </section>
  );
}
