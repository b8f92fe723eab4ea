import type { FeatureLocales } from '../../i18n/locale-shape.js';

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
  'zh-HK': {
    stillThere: '您還在嗎？',
    countdown: '{{seconds}} 秒後將結束今次辦理並清除您的資料',
    more: '繼續辦理',
    finish: '結束辦理',
  },
  ug: {
    stillThere: 'سىز يەنىلا بۇ يەردىمۇ؟',
    countdown: '{{seconds}} سېكۇنتتىن كېيىن بۇ قېتىملىق مۇلازىمەت ئاخىرلىشىپ، ئۇچۇرلىرىڭىز ئۆچۈرۈلىدۇ',
    more: 'داۋاملاشتۇرىمەن',
    finish: 'ئاخىرلاشتۇرۇش',
  },
};
