import { useEffect, useRef } from 'react';

/** A kiosk screen's title (focused on arrival, for keyboard and screen-reader users) and its way back, next in tab order. */
export function QueueScreenHeader({ id, title, back, onHome }: { id: string; title: string; back: string; onHome: () => void }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <header className="queue-screen-header">
      <h2 id={id} ref={heading} tabIndex={-1}>
        {title}
      </h2>
      <button type="button" className="queue-back" data-testid="back-home" onClick={onHome}>
        {back}
      </button>
    </header>
  );
}
