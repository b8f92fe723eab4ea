import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The title bar of a service screen: the tile's name as the heading (focused on arrival, so keyboard
 * and screen-reader users know where they are) and the way back right after it in tab order.
 */
export function O2oHeader({ tile, onBack, backLabel }: { tile: 'guide' | 'apply' | 'track'; onBack: () => void; backLabel?: string }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <header className="o2o-bar">
      <h2 id={`o2o-${tile}-title`} ref={heading} tabIndex={-1}>
        {t(`tiles.${tile}.title`)}
      </h2>
      <button type="button" className="o2o-button" data-testid="back-home" onClick={onBack}>
        {backLabel ?? t('o2o.back')}
      </button>
    </header>
  );
}
