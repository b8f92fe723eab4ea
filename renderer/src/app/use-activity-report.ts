import { useEffect } from 'react';
import type { HallHostClient } from '../host/validated-client.js';

/** Tells the host someone is using the terminal, at most once per `everyMs`. */
export function useActivityReport(client: HallHostClient, everyMs = 20_000): void {
  useEffect(() => {
    let lastSent = -Infinity;
    const report = () => {
      const now = performance.now();
      if (now - lastSent < everyMs) return;
      lastSent = now;
      void client.call('terminal.activity', {});
    };
    window.addEventListener('pointerdown', report, { passive: true });
    window.addEventListener('keydown', report, { passive: true });
    return () => {
      window.removeEventListener('pointerdown', report);
      window.removeEventListener('keydown', report);
    };
  }, [client, everyMs]);
}
