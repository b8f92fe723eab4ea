import { z } from 'zod';

/** Languages with complete translations: simplified and traditional (Hong Kong) Chinese, English, Uyghur (Arabic script). */
export const SUPPORTED_LANGUAGES = ['zh-CN', 'zh-HK', 'en', 'ug'] as const;
export const Language = z.enum(SUPPORTED_LANGUAGES);
export type Language = z.infer<typeof Language>;

export const TEXT_DIRECTION: Record<Language, 'ltr' | 'rtl'> = { 'zh-CN': 'ltr', 'zh-HK': 'ltr', en: 'ltr', ug: 'rtl' };
