// What each case state is called, in every product language: the kiosk's 全程一码 screen and the
// platform's public progress page read the same names, so a phone and the kiosk agree.
import type { CaseState } from './case.js';
import type { Language } from './languages.js';

export const CASE_STATE_NAMES: Record<Language, Record<CaseState, string>> = {
  'zh-CN': {
    submitted: '已提交',
    accepted: '已受理',
    'supplement-requested': '需补正材料',
    rejected: '不予受理',
    'under-review': '审查中',
    decided: '已办结',
    'result-ready': '结果可领取',
    sent: '结果已寄出',
    withdrawn: '已撤回',
  },
  'zh-HK': {
    submitted: '已提交',
    accepted: '已受理',
    'supplement-requested': '須補交文件',
    rejected: '不予受理',
    'under-review': '審批中',
    decided: '已完成辦理',
    'result-ready': '結果可領取',
    sent: '結果已寄出',
    withdrawn: '已撤回',
  },
  en: {
    submitted: 'Submitted',
    accepted: 'Accepted',
    'supplement-requested': 'Supplement requested',
    rejected: 'Rejected',
    'under-review': 'Under review',
    decided: 'Decided',
    'result-ready': 'Result ready',
    sent: 'Result sent',
    withdrawn: 'Withdrawn',
  },
  ug: {
    submitted: 'تاپشۇرۇلدى',
    accepted: 'قوبۇل قىلىندى',
    'supplement-requested': 'ماتېرىيال تولۇقلاش كېرەك',
    rejected: 'قوبۇل قىلىنمىدى',
    'under-review': 'تەكشۈرۈلۈۋاتىدۇ',
    decided: 'بىر تەرەپ قىلىندى',
    'result-ready': 'نەتىجىنى ئالسا بولىدۇ',
    sent: 'نەتىجە ئەۋەتىلدى',
    withdrawn: 'قايتۇرۇۋېلىندى',
  },
};
