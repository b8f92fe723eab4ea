import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { TileIcon, type TileId } from './tiles.js';

/** The landing screen of a service; each service's own flow replaces its body as it is built. */
export function ServiceScreen({ tile, onBack }: { tile: TileId; onBack: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  // Move focus to the new screen's heading so keyboard and screen-reader users know where they are.
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="service" data-testid={`service-${tile}`} aria-labelledby="service-heading">
      <TileIcon id={tile} />
      <h2 id="service-heading" ref={heading} tabIndex={-1}>
        {t(`tiles.${tile}.title`)}
      </h2>
      <p className="service-note">{t('service.notYetHere')}</p>
      <button type="button" className="primary-button" data-testid="back-home" onClick={onBack}>
        {t('service.back')}
      </button>
    </section>
  );
}
