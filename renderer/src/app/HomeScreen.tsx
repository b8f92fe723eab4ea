import { useTranslation } from 'react-i18next';
import { useNarration } from '../features/elder/use-narration.js';
import { TILE_IDS, TileIcon, type TileId } from './tiles.js';

export function HomeScreen({ onOpen }: { onOpen: (tile: TileId) => void }) {
  const { t } = useTranslation();
  useNarration('home');
  return (
    <nav className="tiles" aria-label={t('app.title')}>
      {TILE_IDS.map((id) => (
        <button key={id} type="button" className={`tile tile-${id}`} data-testid={`tile-${id}`} onClick={() => onOpen(id)}>
          <TileIcon id={id} />
          <span className="tile-title">{t(`tiles.${id}.title`)}</span>
          <span className="tile-subtitle">{t(`tiles.${id}.subtitle`)}</span>
        </button>
      ))}
    </nav>
  );
}
