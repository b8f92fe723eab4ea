import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_LANGUAGES } from '../../../../contract/languages.js';
import { LOCALES } from '../../i18n/setup.js';
import { hostErrorSentence, printOutcomeSentence } from './host-message.js';

async function translator(lng: string) {
  const instance = i18next.createInstance();
  await instance.init({
    resources: Object.fromEntries(SUPPORTED_LANGUAGES.map((l) => [l, { translation: LOCALES[l] }])),
    lng,
    interpolation: { escapeValue: false },
  });
  return instance.t;
}

describe('host messages on screen', () => {
  it('say a refused case transition with both states in the reader’s words, never the host’s English', async () => {
    const refusal = {
      code: 'conflict' as const,
      message: 'the case is accepted; it cannot become accepted',
      detail: { key: 'case.transitionRefused' as const, params: { from: 'accepted', to: 'accepted' } },
    };
    expect(hostErrorSentence(await translator('zh-CN'), refusal)).toBe('此办件当前为“已受理”，不能改为“已受理”');
    for (const lng of SUPPORTED_LANGUAGES) {
      const sentence = hostErrorSentence(await translator(lng), refusal);
      expect(sentence, lng).not.toContain(refusal.message);
      expect(sentence, lng).not.toContain('accepted;');
    }
  });

  it('fall back to the code’s sentence when the host gave no key, ignoring its message', async () => {
    const t = await translator('zh-CN');
    expect(hostErrorSentence(t, { code: 'internal', message: 'queue.call failed; see the host log' })).toBe('终端出了点问题，请联系工作人员');
  });

  it('name a print refusal by the printer’s condition', async () => {
    const t = await translator('zh-CN');
    expect(printOutcomeSentence(t, { outcome: 'refused', condition: 'paper-out' })).toBe('打印机缺纸');
    expect(printOutcomeSentence(t, { outcome: 'refused', condition: 'cover-open' })).toBe('打印机盖未关好');
    expect(printOutcomeSentence(t, { outcome: 'no-printer' })).toBe('本终端没有打印机');
    expect(printOutcomeSentence(t, { outcome: 'refused' })).toBe('未能打印');
  });
});
