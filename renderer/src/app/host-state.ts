import { useEffect, useState } from 'react';
import type { DeviceStatus } from '../../../contract/devices.js';
import type { SyncState } from '../../../contract/sync.js';
import type { HallHostClient } from '../host/validated-client.js';

/** Live device list: a snapshot on (re)connect, then pushed status changes. */
export function useDevices(client: HallHostClient): DeviceStatus[] {
  const [devices, setDevices] = useState<DeviceStatus[]>([]);
  useEffect(() => {
    let live = true;
    const refresh = () =>
      void client.call('devices.list', {}).then((result) => {
        if (live && result.ok) setDevices(result.value);
      });
    refresh();
    const offStatus = client.on('device.status', (status) =>
      setDevices((current) => (current.some((d) => d.id === status.id) ? current.map((d) => (d.id === status.id ? status : d)) : [...current, status])),
    );
    const offConnection = client.onConnectionChange((connected) => connected && refresh());
    return () => {
      live = false;
      offStatus();
      offConnection();
    };
  }, [client]);
  return devices;
}

export function useSyncState(client: HallHostClient): SyncState | undefined {
  const [state, setState] = useState<SyncState>();
  useEffect(() => {
    let live = true;
    const refresh = () =>
      void client.call('sync.state', {}).then((result) => {
        if (live && result.ok) setState(result.value);
      });
    refresh();
    const offState = client.on('sync.state', setState);
    const offConnection = client.onConnectionChange((connected) => connected && refresh());
    return () => {
      live = false;
      offState();
      offConnection();
    };
  }, [client]);
  return state;
}

/** Whether the link from this page to its host is up (always true under Electron IPC). */
export function useHostConnected(client: HallHostClient): boolean {
  const [connected, setConnected] = useState(true);
  useEffect(() => client.onConnectionChange(setConnected), [client]);
  return connected;
}
