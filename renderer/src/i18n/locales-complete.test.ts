import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../../contract/languages.js';
import { findBundleProblems, findUnknownKeys, scriptProblems } from './locale-audit.js';
import { LOCALES } from './setup.js';
import { HOST_MESSAGE_PARAM_KEYS } from '../../../contract/host-messages.js';
import { HOST_SENTENCE_KEYS, missingHostSentences } from '../features/host-messages/host-message.js';

// Keys built at run time from data (a device kind, a case state…): each prefix must name a group of strings.
const DYNAMIC_KEY_PREFIXES = [
  'tiles.',
  'devices.kind.',
  'devices.state.',
  'sync.connectivity.',
  'o2o.events.',
  'o2o.states.',
  'o2o.guide.matched.',
  'o2o.item.depths.',
  'o2o.item.form.',
  'o2o.item.format.',
  'o2o.apply.quality.',
  'o2o.track.invalid.',
  'queue.class.',
  'queue.level.',
  'queue.reason.',
  'personalCode.refusal.',
  'idcard.type.',
  'simulators.cards.',
  'elder.steps.',
  'keyboard.mode.',
  'keyboard.modeName.',
  'proxy.refusal.',
  'queue.clerk.refusal.',
  'proxy.tabs.',
  'remoteHelp.step.',
  'hostMessages.',
  'app.roleTitle.',
  'hostMessages.code.',
  'hostMessages.printerCondition.',
] as const;

const SOURCES = Object.fromEntries(
  Object.entries(
    import.meta.glob<string>(['../**/*.ts', '../**/*.tsx', '!../**/*.test.ts', '!../**/locales.ts', '!../i18n/locales/**'], {
      query: '?raw',
      import: 'default',
      eager: true,
    }),
  ),
);

describe('translations', () => {
  it('covers every supported language', () => {
    expect(Object.keys(LOCALES).sort()).toEqual([...SUPPORTED_LANGUAGES].sort());
  });

  it('every key in any language is a non-empty string in all of them, with the same {{placeholders}}', () => {
    expect(findBundleProblems(LOCALES, 'zh-CN')).toEqual([]);
  });

  it('names each language in itself, for the language switch', () => {
    const names = Object.fromEntries(SUPPORTED_LANGUAGES.map((lng) => [lng, (LOCALES[lng] as { language: { name: string } }).language.name]));
    expect(names).toEqual({ 'zh-CN': '简体中文', 'zh-HK': '繁體中文', en: 'English', ug: 'ئۇيغۇرچە' });
  });

  it('every key the renderer asks for exists', () => {
    expect(Object.keys(SOURCES).length).toBeGreaterThan(20);
    expect(findUnknownKeys(SOURCES, LOCALES['zh-CN'], DYNAMIC_KEY_PREFIXES)).toEqual([]);
  });
});

describe('what the host says', () => {
  it('has a sentence for every message key, error code and printer condition the host can send, in every language', () => {
    for (const lng of SUPPORTED_LANGUAGES) expect(missingHostSentences(LOCALES[lng]), lng).toEqual([]);
  });

  it('fails for a code that has no sentence', () => {
    expect(missingHostSentences(LOCALES['zh-CN'], [...HOST_SENTENCE_KEYS, 'hostMessages.queue.noSuchCode'])).toEqual(['hostMessages.queue.noSuchCode']);
    expect(missingHostSentences({ hostMessages: { queue: { unreachable: ' ' } } }, ['hostMessages.queue.unreachable'])).toEqual([
      'hostMessages.queue.unreachable',
    ]);
  });

  it('translates every parameter that is itself a code (a case state…) through a group of strings', () => {
    const zh = LOCALES['zh-CN'] as Record<string, unknown>;
    for (const prefixes of Object.values(HOST_MESSAGE_PARAM_KEYS)) {
      for (const prefix of Object.values(prefixes)) {
        const group = prefix
          .slice(0, -1)
          .split('.')
          .reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], zh);
        expect(typeof group, prefix).toBe('object');
      }
    }
  });
});

describe('the translation audit', () => {
  const good = { 'zh-CN': { a: { b: '共 {{count}} 项' } }, en: { a: { b: '{{count}} items' } } };

  it('passes complete bundles', () => {
    expect(findBundleProblems(good, 'zh-CN')).toEqual([]);
  });

  it('reports a key missing from one language, wherever it was added', () => {
    expect(findBundleProblems({ 'zh-CN': { a: { b: 'x' } }, en: { a: {} } }, 'zh-CN')).toEqual(['en: missing a.b']);
    expect(findBundleProblems({ 'zh-CN': { a: { b: 'x' } }, en: { a: { b: 'x', c: 'only here' } } }, 'zh-CN')).toEqual(['zh-CN: missing a.c']);
  });

  it('reports an empty string and a group where a string belongs', () => {
    expect(findBundleProblems({ 'zh-CN': { a: 'x', b: 'y' }, en: { a: '  ', b: { c: 'z' } } }, 'zh-CN')).toEqual([
      'en: a is empty',
      'en: missing b',
      'zh-CN: missing b.c',
    ]);
  });

  it('reports placeholders that differ from the reference language', () => {
    expect(findBundleProblems({ 'zh-CN': { a: '{{count}} 项' }, ug: { a: '{{number}} تۈر' } }, 'zh-CN')).toEqual([
      'ug: a has {{number}} but zh-CN has {{count}}',
    ]);
  });

  it('reports simplified characters in zh-HK and Latin or Cyrillic letters inside Uyghur words', () => {
    expect(scriptProblems('zh-HK', '請輸入号码')).toEqual(['simplified characters 号码']);
    expect(scriptProblems('zh-HK', '請輸入號碼')).toEqual([]);
    expect(scriptProblems('ug', 'تورda')).toEqual(['mixed-script word "تورda"']);
    expect(scriptProblems('ug', 'ئۆчирى')).toEqual(['Cyrillic letters', 'mixed-script word "ئۆчирى"']);
    expect(scriptProblems('ug', 'A4 يېتەكچى QR كود')).toEqual([]);
  });

  it('reports keys the sources use that do not exist, and run-time keys off the allow-list', () => {
    const sources = {
      'ok.tsx': 't(\'a.b\'); i18n.t("a.b"); <Trans i18nKey="a.b" />; t(`a.${x}`); format(t(\'plural\'))',
      'bad.tsx': "t('a.c'); <Trans i18nKey='z' />; t(`q.${x}`); t(`zz.${y}`)",
    };
    expect(findUnknownKeys(sources, { a: { b: 'x' }, q: { r: 'y' }, plural_one: 'one', plural_other: 'many' }, ['a.', 'zz.'])).toEqual([
      'bad.tsx: unknown key a.c',
      'bad.tsx: unknown key z',
      'bad.tsx: key built at run time from "q." is not on the allow-list',
      'bad.tsx: allowed prefix "zz." names no group of strings',
    ]);
  });
});
