import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeviceStatus } from '../../../contract/devices.js';
import type { SyncState } from '../../../contract/sync.js';
import { useFormat } from '../i18n/format.js';

interface Props {
  devices: DeviceStatus[];
  sync: SyncState | undefined;
  hostConnected: boolean;
  /** Extra controls at the end of the bar (the simulated devices' panel in development). */
  children?: ReactNode;
}

/** Device and network state for staff passing by; colour is never the only signal. */
export function StatusBar({ devices, sync, hostConnected, children }: Props) {
  const { t } = useTranslation();
  const { time } = useFormat();
  return (
    <footer className="status-bar" aria-live="polite">
      <ul className="status-devices" aria-label={t('devices.heading')}>
        {devices.map((device) => (
          <li
            key={device.id}
            className={`status-item state-${device.state}`}
            data-testid={`device-${device.id}`}
            data-state={device.state}
            title={device.reason ?? ''}
          >
            <span className="status-dot" aria-hidden="true" />
            <span>{t(`devices.kind.${device.kind}`)}</span>
            <span className="status-value">
              {t(`devices.state.${device.state}`)}
              {device.simulated ? ` · ${t('devices.simulated')}` : ''}
            </span>
          </li>
        ))}
      </ul>
      <div
        className={`status-item sync-${hostConnected ? (sync?.connectivity ?? 'offline') : 'offline'}`}
        data-testid="sync-state"
        data-connectivity={hostConnected ? (sync?.connectivity ?? 'unknown') : 'host-lost'}
      >
        <span className="status-dot" aria-hidden="true" />
        <span>{t('sync.heading')}</span>
        <span className="status-value">
          {!hostConnected
            ? t('sync.hostLink')
            : sync
              ? [
                  t(`sync.connectivity.${sync.connectivity}`),
                  t('sync.pending', { count: sync.pendingCount }),
                  sync.lastSyncAt ? t('sync.lastSync', { time: time(sync.lastSyncAt) }) : t('sync.never'),
                ].join(' · ')
              : '…'}
        </span>
      </div>
      {children}
    </footer>
  );
}
