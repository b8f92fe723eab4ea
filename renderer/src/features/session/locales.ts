import type { FeatureLocales } from '../../i18n/feature-locales.js';

const zhCN = {
  stillThere: '您还在吗？',
  countdown: '{{seconds}} 秒后将结束本次办理并清除您的信息',
  more: '继续办理',
  finish: '结束办理',
};

export const sessionLocales: FeatureLocales<typeof zhCN> = {
  'zh-CN': zhCN,
  en: {
    stillThere: 'Are you still there?',
    countdown: 'In {{seconds}} s this session ends and your details are cleared',
    more: 'I need more time',
    finish: 'Finish now',
  },
};
