import { useEffect, useState } from 'react';
import { hostClock } from './host-clock.js';

/** The time now (epoch ms), renewed every `intervalMs`: for "waited 3 minutes" and running timers. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => hostClock.nowMs());
  useEffect(() => {
    const timer = setInterval(() => setNow(hostClock.nowMs()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
