import { useTranslation } from 'react-i18next';

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/** Big keys for the touch screen; a physical keyboard works too (the input keeps focus-free typing). */
export function OnScreenKeys({ keys = LETTERS, onKey, onErase, onClear }: { keys?: string; onKey: (key: string) => void; onErase: () => void; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="o2o-keys" role="group">
      {[...keys].map((key) => (
        <button key={key} type="button" className="o2o-key" onClick={() => onKey(key)}>
          {key}
        </button>
      ))}
      <button type="button" className="o2o-key o2o-key-wide" onClick={onErase}>
        {t('o2o.guide.erase')}
      </button>
      <button type="button" className="o2o-key o2o-key-wide" onClick={onClear}>
        {t('o2o.guide.clear')}
      </button>
    </div>
  );
}
