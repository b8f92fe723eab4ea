import { useTranslation } from 'react-i18next';
import type { Language } from '../../../contract/languages.js';
import { LOCALES } from '../i18n/setup.js';

/** Each language is named in itself, so a citizen can find theirs whatever is showing. */
export function LanguageSwitch({ languages }: { languages: readonly Language[] }) {
  const { t, i18n } = useTranslation();
  if (languages.length < 2) return null;
  return (
    <div className="language-switch" role="group" aria-label={t('language.switchTo')}>
      {languages.map((lng) => (
        <button
          key={lng}
          type="button"
          lang={lng}
          data-testid={`lang-${lng}`}
          aria-pressed={i18n.language === lng}
          onClick={() => void i18n.changeLanguage(lng)}
        >
          {(LOCALES[lng] as { language: { name: string } }).language.name}
        </button>
      ))}
    </div>
  );
}
