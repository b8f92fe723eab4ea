import i18next, { type i18n } from 'i18next';
import { initReactI18next } from 'react-i18next';
import { TEXT_DIRECTION, type Language } from '../../../contract/languages.js';
import { FEATURE_LOCALES } from './feature-locales.js';
import './bidi.css';
import './uyghur-font.css';
import en from './locales/en.js';
import ug from './locales/ug.js';
import zhCN from './locales/zh-CN.js';
import zhHK from './locales/zh-HK.js';

const CORE: Record<Language, object> = { 'zh-CN': zhCN, 'zh-HK': zhHK, en, ug };

/** Core strings plus every feature's namespace, per language. */
export const LOCALES: Record<Language, object> = Object.fromEntries(
  (Object.keys(CORE) as Language[]).map((lng) => [
    lng,
    { ...CORE[lng], ...Object.fromEntries(Object.entries(FEATURE_LOCALES).map(([ns, bundle]) => [ns, bundle[lng]])) },
  ]),
) as Record<Language, object>;

/** Every string in the UI goes through i18next; missing keys fall back to zh-CN, never to a raw key. */
export async function setupI18n(languages: readonly Language[], initial: Language): Promise<i18n> {
  const instance = i18next.createInstance();
  await instance.use(initReactI18next).init({
    resources: Object.fromEntries(languages.map((lng) => [lng, { translation: LOCALES[lng] }])),
    lng: initial,
    fallbackLng: 'zh-CN',
    supportedLngs: [...languages],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyDocumentLanguage(initial);
  instance.on('languageChanged', (lng) => applyDocumentLanguage(lng as Language));
  return instance;
}

function applyDocumentLanguage(lng: Language) {
  document.documentElement.lang = lng;
  document.documentElement.dir = TEXT_DIRECTION[lng] ?? 'ltr';
}
