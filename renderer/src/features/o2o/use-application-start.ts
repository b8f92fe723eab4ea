import { useEffect, useRef } from 'react';
import type { ApplicationStart } from '../../../../contract/api/o2o.js';
import type { Result } from '../../../../contract/result.js';
import type { HallHostClient } from '../../host/validated-client.js';

/**
 * Starts the application as soon as a card is (or already was) on the reader, and again for every
 * card read after; "no card yet" is waited out, every other answer goes to `onResult`. Used by the
 * kiosk's flow and the proxy point's (where the villager swipes their card).
 */
export function useApplicationStart(
  client: HallHostClient,
  input: { serviceCode: string; personalCode?: string } | null,
  onResult: (result: Result<ApplicationStart>) => void,
): void {
  const handler = useRef(onResult);
  useEffect(() => {
    handler.current = onResult;
  });
  const serviceCode = input?.serviceCode;
  const personalCode = input?.personalCode;
  useEffect(() => {
    if (!serviceCode) return;
    let current = true;
    const begin = async () => {
      const result = await client.call('application.start', { serviceCode, ...(personalCode ? { personalCode } : {}) });
      if (current && (result.ok || result.error.code !== 'conflict')) handler.current(result);
    };
    void begin();
    const off = client.on('idcard.read', () => void begin());
    return () => {
      current = false;
      off();
    };
  }, [client, serviceCode, personalCode]);
}
