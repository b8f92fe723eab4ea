// The shape every feature's strings take. Kept apart from feature-locales.ts, which imports them all.
import type { Language } from '../../../contract/languages.js';

/** A feature's strings: the zh-CN reference and the same keys in every other language. */
export type FeatureLocales<T> = { 'zh-CN': T } & Record<Exclude<Language, 'zh-CN'>, Shape<T>>;
export type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };
