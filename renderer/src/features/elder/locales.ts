import type { FeatureLocales } from '../../i18n/feature-locales.js';

const zhCN = {
  toggle: '长者模式',
  offerTitle: '切换到长者模式？',
  offerText: '长者模式字更大、按钮更大、步骤更少，操作时间也更充裕。',
  accept: '切换到长者模式',
  decline: '不用了',
};

export const elderLocales: FeatureLocales<typeof zhCN> = {
  'zh-CN': zhCN,
  en: {
    toggle: 'Elder mode',
    offerTitle: 'Switch to elder mode?',
    offerText: 'Elder mode has larger text and buttons, fewer steps, and more time for each one.',
    accept: 'Switch to elder mode',
    decline: 'No, thanks',
  },
};
