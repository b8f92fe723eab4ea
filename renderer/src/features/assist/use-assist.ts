import { useMemo } from 'react';
import type { AssistView } from '../../../../contract/api/assist.js';
import type { AssistRequest } from '../../../../contract/assist.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { newerPushedView, usePushedView } from '../../host/use-pushed-view.js';

/** Which of two views to keep: the newer one, unless the host restarted (then its counting restarts too). */
export const newerView: (current: AssistView | null, next: AssistView, hostRestarted?: boolean) => AssistView = newerPushedView;

/** The later of two requests; of two states of one request, the closed one (a request never reopens). */
export function newestOf(fromHost: AssistRequest | null, answered: AssistRequest | null): AssistRequest | null {
  if (!fromHost || !answered) return fromHost ?? answered;
  if (fromHost.id === answered.id) return answered.state !== 'open' && fromHost.state === 'open' ? answered : fromHost;
  return fromHost.requestedAt >= answered.requestedAt ? fromHost : answered;
}

/** Open assistance requests in the hall and this terminal's own, kept current by the host's pushes. */
export function useAssist(client: HallHostClient): AssistView | null {
  const source = useMemo(
    () => ({
      load: () => client.call('assist.state', {}),
      subscribe: (listener: (view: AssistView) => void) => client.on('assist.changed', listener),
      onConnectionChange: (listener: (connected: boolean) => void) => client.onConnectionChange(listener),
    }),
    [client],
  );
  return usePushedView(source);
}

/** Whole minutes since a moment, never negative (the hall service's clock may run a little ahead). */
export const minutesSince = (iso: string, now: number): number => Math.max(0, Math.floor((now - Date.parse(iso)) / 60_000));
