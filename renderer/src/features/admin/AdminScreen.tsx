import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { hostErrorSentence, printOutcomeSentence } from '../host-messages/host-message.js';
import type { AdminDiagnostics } from '../../../../contract/api/admin.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useFormat } from '../../i18n/format.js';
import { ConfigEditor } from './ConfigEditor.js';
import { hostClock } from '../../app/host-clock.js';

/** Diagnostics for a technician: devices with a test print, the sync queue, config and the log. */
export function AdminScreen({ client }: { client: HallHostClient }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [diagnostics, setDiagnostics] = useState<AdminDiagnostics>();
  const [logs, setLogs] = useState<string[]>([]);
  const [message, setMessage] = useState('');
  const [generation, setGeneration] = useState(0);
  const [ports, setPorts] = useState<string[]>([]);
  const refresh = useCallback(() => setGeneration((g) => g + 1), []);

  useEffect(() => {
    let live = true;
    void Promise.all([client.call('admin.diagnostics', {}), client.call('admin.logs', { lines: 200 })]).then(([d, l]) => {
      if (!live) return;
      if (d.ok) setDiagnostics(d.value);
      if (l.ok) setLogs(l.value);
    });
    void client
      .call('admin.serialPorts', {})
      .then((p) => live && p.ok && setPorts(p.value.map((port) => [port.path, port.manufacturer].filter(Boolean).join(' · '))));
    return () => {
      live = false;
    };
  }, [client, generation]);

  const testPrint = async (deviceId: string) => {
    const result = await client.call('printer.printTicket', {
      deviceId,
      ticket: { hallName: t('admin.testHall'), ticketNumber: 'T000', serviceName: t('admin.testService'), waitingAhead: 0, issuedAt: hostClock.iso() },
    });
    if (!result.ok) return setMessage(hostErrorSentence(t, result.error));
    setMessage(result.value.outcome === 'printed' ? t('admin.printed') : t('admin.refused', { reason: printOutcomeSentence(t, result.value) }));
    refresh();
  };

  const testRead = async (deviceId: string) => {
    const result = await client.call('admin.testRead', { deviceId });
    if (!result.ok) return setMessage(hostErrorSentence(t, result.error));
    setMessage(
      result.value.ok ? t('admin.readOk', { name: format.name(result.value.maskedName ?? '') }) : t('admin.readFailed', { reason: result.value.error }),
    );
  };
  // The log is already redacted when written; exporting it hands over exactly what is shown.
  const exportLogs = () => {
    const link = document.createElement('a');
    link.href = URL.createObjectURL(new Blob([logs.join('\n') + '\n'], { type: 'text/plain' }));
    link.download = `hall-terminal-${diagnostics?.config.terminalId ?? 'log'}-${hostClock.iso().slice(0, 19).replace(/:/g, '')}.log`;
    link.click();
    URL.revokeObjectURL(link.href);
  };

  return (
    <section className="admin-screen" data-testid="admin-screen" aria-labelledby="admin-title">
      <header className="admin-header">
        <h2 id="admin-title">{t('admin.title')}</h2>
        {diagnostics && (
          <span>
            {t('admin.version', { version: diagnostics.version, minutes: format.number(Math.floor(diagnostics.uptimeSeconds / 60)) })}
            {diagnostics.disk &&
              ` · ${t('admin.disk', { free: format.number(diagnostics.disk.freeBytes / 2 ** 30, { minimumFractionDigits: 1, maximumFractionDigits: 1 }), total: format.number(diagnostics.disk.totalBytes / 2 ** 30, { maximumFractionDigits: 0 }) })}`}
          </span>
        )}
        <button type="button" onClick={refresh}>
          {t('admin.refresh')}
        </button>
        <button
          type="button"
          data-testid="admin-restart"
          onClick={() => void client.call('admin.restart', {}).then((r) => setMessage(r.ok ? t('admin.restarting') : hostErrorSentence(t, r.error)))}
        >
          {t('admin.restart')}
        </button>
        <button type="button" className="primary-button" data-testid="admin-lock" onClick={() => void client.call('admin.lock', {})}>
          {t('admin.lock')}
        </button>
      </header>
      {diagnostics?.warnings.includes('insecure-lan') && (
        <p className="admin-warning" role="alert" data-testid="admin-warning-insecure-lan">
          {t('admin.insecureLan')}
        </p>
      )}
      <p className="admin-message" aria-live="polite" data-testid="admin-message">
        {message}
      </p>
      <h3>{t('admin.devices')}</h3>
      <table className="admin-table">
        <tbody>
          {diagnostics?.devices.map((device) => (
            <tr key={device.id} data-testid={`admin-device-${device.id}`}>
              <th scope="row">
                {t(`devices.kind.${device.kind}`)} · {device.id}
              </th>
              <td>{t(`devices.state.${device.state}`)}</td>
              <td>{[device.reason, ...device.warnings].filter(Boolean).join('; ')}</td>
              <td>
                {device.kind === 'idcard-reader' && (
                  <button type="button" data-testid={`admin-test-read-${device.id}`} onClick={() => void testRead(device.id)}>
                    {t('admin.testRead')}
                  </button>
                )}
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
      {diagnostics?.queue && (
        <p data-testid="admin-queue" data-online={diagnostics.queue.online}>
          {t(diagnostics.queue.online ? 'admin.queueOnline' : 'admin.queueOffline')}
          {diagnostics.queue.lastError ? ` · ${diagnostics.queue.lastError}` : ''}
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
      <p data-testid="admin-ports">
        {t('admin.ports')}: {ports.length ? <bdi dir="ltr">{ports.join(', ')}</bdi> : t('admin.noPorts')}
      </p>
      <h3>{t('admin.config')}</h3>
      <pre className="admin-pre" dir="ltr" data-testid="admin-config" tabIndex={0} role="region" aria-label={t('admin.config')}>
        {diagnostics ? JSON.stringify(diagnostics.config, null, 2) : ''}
      </pre>
      {diagnostics && <ConfigEditor key={generation} client={client} config={diagnostics.config} />}
      <h3>{t('admin.logs')}</h3>
      <button type="button" data-testid="admin-export-logs" onClick={exportLogs}>
        {t('admin.exportLogs')}
      </button>
      <pre className="admin-pre" dir="ltr" data-testid="admin-logs" tabIndex={0} role="region" aria-label={t('admin.logs')}>
        {logs.join('\n')}
      </pre>
    </section>
  );
}
