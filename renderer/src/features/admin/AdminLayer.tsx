import { useEffect, useState } from 'react';
import type { HallHostClient } from '../../host/validated-client.js';
import { lazyComponent } from '../../app/lazy-component.js';
import './admin.css';

// Technicians only: fetched when the PIN is asked for or admin mode opens, never for a citizen's screen.
const AdminScreen = lazyComponent(async () => (await import('./AdminScreen.js')).AdminScreen);
const PinDialog = lazyComponent(async () => (await import('./PinDialog.js')).PinDialog);

export const ADMIN_REQUEST_EVENT = 'hall-admin-request';

/** Counts taps on a hidden spot: `count` taps within `windowMs` ask for admin mode. */
export function createTapCounter(count: number, windowMs: number, now: () => number = () => performance.now()) {
  let taps: number[] = [];
  return () => {
    const t = now();
    taps = [...taps.filter((x) => t - x < windowMs), t];
    if (taps.length < count) return;
    taps = [];
    window.dispatchEvent(new Event(ADMIN_REQUEST_EVENT));
  };
}

/** The PIN dialog when asked for, and the admin screen over everything while admin mode is open. */
export function AdminLayer({ client }: { client: HallHostClient }) {
  const [asking, setAsking] = useState(false);
  const [unlocked, setUnlocked] = useState(false);

  useEffect(() => {
    const ask = () => setAsking(true);
    const keys = (e: KeyboardEvent) => e.ctrlKey && e.altKey && e.key.toLowerCase() === 'a' && ask();
    window.addEventListener(ADMIN_REQUEST_EVENT, ask);
    window.addEventListener('keydown', keys);
    void client.call('admin.state', {}).then((r) => r.ok && setUnlocked(r.value.unlocked));
    const off = client.on('admin.state', (state) => setUnlocked(state.unlocked));
    return () => {
      window.removeEventListener(ADMIN_REQUEST_EVENT, ask);
      window.removeEventListener('keydown', keys);
      off();
    };
  }, [client]);

  if (unlocked)
    return (
      <div className="admin-backdrop admin-full">
        <AdminScreen client={client} />
      </div>
    );
  return asking ? <PinDialog client={client} onClose={() => setAsking(false)} /> : null;
}
