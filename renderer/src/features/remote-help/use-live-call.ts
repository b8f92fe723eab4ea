import { useEffect, useRef, useSyncExternalStore } from 'react';
import type { HallHostClient } from '../../host/validated-client.js';
import { liveCallOf, type LiveCall, type LiveCallState } from './live-call.js';

/** The page's live remote help call and its state, kept current. */
export function useLiveCall(client: HallHostClient): [LiveCallState, LiveCall] {
  const call = liveCallOf(client);
  const state = useSyncExternalStore(call.subscribe, call.snapshot);
  return [state, call];
}

/** A <video>'s ref that shows a stream (srcObject cannot be set as an attribute). */
export function useStreamRef(stream: MediaStream | null) {
  const ref = useRef<HTMLVideoElement>(null);
  useEffect(() => {
    if (ref.current && ref.current.srcObject !== stream) ref.current.srcObject = stream;
  }, [stream]);
  return ref;
}
