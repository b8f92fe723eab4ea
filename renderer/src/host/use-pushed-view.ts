// A view the host keeps and pushes (the call-staff requests, the help desk): loaded once, replaced by
// every push, loaded again when the connection to the host comes back. Each view carries a version the
// host counts up, so a late answer never overwrites a newer push.
import { useEffect, useState } from 'react';
import type { Result } from '../../../contract/result.js';

/** Which of two views to keep: the newer one, unless the host restarted (then its counting restarts too). */
export function newerPushedView<V extends { version: number }>(current: V | null, next: V, hostRestarted = false): V {
  return current && !hostRestarted && current.version > next.version ? current : next;
}

export interface PushedViewSource<V> {
  load(): Promise<Result<V>>;
  subscribe(listener: (view: V) => void): () => void;
  onConnectionChange(listener: (connected: boolean) => void): () => void;
}

/** `source` must be stable across renders (build it with useMemo from the client). */
export function usePushedView<V extends { version: number }>(source: PushedViewSource<V>): V | null {
  const [view, setView] = useState<V | null>(null);
  useEffect(() => {
    let live = true;
    const refresh = (hostRestarted: boolean) =>
      void source.load().then((result) => live && result.ok && setView((v) => newerPushedView(v, result.value, hostRestarted)));
    refresh(false);
    const offChanged = source.subscribe((next) => setView((v) => newerPushedView(v, next)));
    const offHost = source.onConnectionChange((connected) => connected && refresh(true));
    return () => {
      live = false;
      offChanged();
      offHost();
    };
  }, [source]);
  return view;
}
