import { z } from 'zod';

/** Languages with complete translations. Issue 7 adds zh-HK and ug (right-to-left). */
export const SUPPORTED_LANGUAGES = ['zh-CN', 'en'] as const;
export const Language = z.enum(SUPPORTED_LANGUAGES);
export type Language = z.infer<typeof Language>;

export const TEXT_DIRECTION: Record<Language, 'ltr' | 'rtl'> = { 'zh-CN': 'ltr', en: 'ltr' };
