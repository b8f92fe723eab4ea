import { useEffect, useState } from 'react';

/** The time now (epoch ms), renewed every `intervalMs`: for "waited 3 minutes" and running timers. */
export function useNow(intervalMs: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}
