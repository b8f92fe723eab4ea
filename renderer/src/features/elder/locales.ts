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
  'zh-HK': {
    toggle: '長者模式',
    offerTitle: '轉用長者模式？',
    offerText: '長者模式字體更大、按鈕更大、步驟更少，操作時間亦更充裕。',
    accept: '轉用長者模式',
    decline: '不用了，謝謝',
  },
  ug: {
    toggle: 'ياشانغانلار ھالىتى',
    offerTitle: 'ياشانغانلار ھالىتىگە ئالماشتۇرامسىز؟',
    offerText: 'ياشانغانلار ھالىتىدە خەت ۋە كۇنۇپكىلار چوڭراق، باسقۇچلار ئازراق، ھەر بىر باسقۇچقا تېخىمۇ كۆپ ۋاقىت بېرىلىدۇ.',
    accept: 'ياشانغانلار ھالىتىگە ئالماشتۇرۇش',
    decline: 'ياق، رەھمەت',
  },
};
