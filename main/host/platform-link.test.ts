import { describe, expect, it } from 'vitest';
import type { SyncState } from '../../contract/sync.js';
import { startPlatform } from '../../platform/server.js';
import { PlatformLink } from './platform-link.js';

describe('platform link', () => {
  it('goes offline when the platform stops and online again when it returns', async () => {
    const first = await startPlatform({ version: 't' });
    const port = Number(new URL(first.url).port);
    const link = new PlatformLink({ platformUrl: first.url, intervalMs: 50, slowMs: 1000, timeoutMs: 500, pendingCount: () => 3 });
    const states: SyncState['connectivity'][] = [];
    link.onChange((s) => states.push(s.connectivity));
    link.start();
    try {
      await expect.poll(() => link.current().connectivity).toBe('online');
      expect(link.current().pendingCount).toBe(3);
      await first.close();
      await expect.poll(() => link.current().connectivity).toBe('offline');
      expect(link.current().lastError).toMatch(/unreachable/);
      const second = await startPlatform({ version: 't', port });
      await expect.poll(() => link.current().connectivity).toBe('online');
      await second.close();
      expect(states).toEqual(['online', 'offline', 'online']);
    } finally {
      link.stop();
    }
  });
});
