import { useEffect, useState } from 'react';
import type { HallHostClient } from '../../host/validated-client.js';

/** Whether a citizen's card is held in the host session right now. */
export function useHolderPresent(client: HallHostClient): boolean {
  const [present, setPresent] = useState(false);
  useEffect(() => {
    let live = true;
    void client.call('idcard.current', {}).then((r) => live && r.ok && setPresent(r.value !== null));
    const offs = [client.on('idcard.read', () => setPresent(true)), client.on('session.ended', () => setPresent(false))];
    return () => {
      live = false;
      offs.forEach((off) => off());
    };
  }, [client]);
  return present;
}
