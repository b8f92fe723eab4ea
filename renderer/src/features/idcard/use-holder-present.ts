import { useEffect, useState } from 'react';
import type { CardHolderView } from '../../../../contract/api/idcard.js';
import type { HallHostClient } from '../../host/validated-client.js';

/** The card held in the host session (masked), and whether it is still on the reader. */
export function useCardHolder(client: HallHostClient): { holder: CardHolderView | null; onReader: boolean } {
  const [holder, setHolder] = useState<CardHolderView | null>(null);
  const [onReader, setOnReader] = useState(false);
  useEffect(() => {
    let live = true;
    void client.call('idcard.current', {}).then((result) => live && result.ok && setHolder(result.value));
    const offs = [
      client.on('idcard.read', (view) => {
        setHolder(view);
        setOnReader(true);
      }),
      client.on('idcard.removed', () => setOnReader(false)),
      client.on('session.ended', () => {
        setHolder(null);
        setOnReader(false);
      }),
    ];
    return () => {
      live = false;
      offs.forEach((off) => off());
    };
  }, [client]);
  return { holder, onReader };
}

/** Whether a citizen's card is held in the host session right now. */
export function useHolderPresent(client: HallHostClient): boolean {
  return useCardHolder(client).holder !== null;
}
