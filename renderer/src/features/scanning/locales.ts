import type { FeatureLocales } from '../../i18n/locale-shape.js';

const zhCN = {
  verified: '已核验：{{name}}（有效期至 {{date}}）',
  refusal: {
    malformed: '无法识别此码，请出示工作人员为您打印的个人码',
    'unknown-key': '本终端暂时无法核验此码，请到窗口办理',
    forged: '此码未通过验证，请到窗口核实身份',
    expired: '此码已过期，请到窗口重新打印',
    'not-yet-valid': '此码尚未生效，请到窗口咨询',
    revoked: '此码已作废，请到窗口重新办理',
  },
};

export const personalCodeLocales: FeatureLocales<typeof zhCN> = {
  'zh-CN': zhCN,
  en: {
    verified: 'Verified: {{name}} (valid until {{date}})',
    refusal: {
      malformed: 'This code cannot be read. Please show the personal code printed for you at a counter.',
      'unknown-key': 'This terminal cannot check this code yet. Please go to a counter.',
      forged: 'This code did not pass the check. Please have your identity checked at a counter.',
      expired: 'This code has expired. Please have a new one printed at a counter.',
      'not-yet-valid': 'This code is not valid yet. Please ask at a counter.',
      revoked: 'This code has been cancelled. Please ask at a counter for a new one.',
    },
  },
  'zh-HK': {
    verified: '已核實：{{name}}（有效期至 {{date}}）',
    refusal: {
      malformed: '無法識別此碼，請出示職員為您列印的個人碼',
      'unknown-key': '本終端機暫時未能核實此碼，請到櫃位辦理',
      forged: '此碼未能通過驗證，請到櫃位核實身份',
      expired: '此碼已過期，請到櫃位重新列印',
      'not-yet-valid': '此碼尚未生效，請到櫃位查詢',
      revoked: '此碼已作廢，請到櫃位重新辦理',
    },
  },
  ug: {
    verified: 'دەلىللەندى: {{name}} ({{date}} گىچە ئىناۋەتلىك)',
    refusal: {
      malformed: 'بۇ كودنى تونۇغىلى بولمىدى، خىزمەتچى سىز ئۈچۈن بېسىپ بەرگەن شەخسىي كودنى كۆرسىتىڭ',
      'unknown-key': 'بۇ تېرمىنال بۇ كودنى ھازىرچە دەلىللىيەلمەيدۇ، كۆزنەككە بېرىپ بىر تەرەپ قىلدۇرۇڭ',
      forged: 'بۇ كود دەلىللەشتىن ئۆتمىدى، كۆزنەككە بېرىپ سالاھىيىتىڭىزنى دەلىللىتىڭ',
      expired: 'بۇ كودنىڭ ۋاقتى ئۆتۈپ كەتتى، كۆزنەككە بېرىپ قايتا بېسىپ ئېلىڭ',
      'not-yet-valid': 'بۇ كود تېخى كۈچكە ئىگە بولمىدى، كۆزنەكتىن سوراڭ',
      revoked: 'بۇ كود ئەمەلدىن قالدۇرۇلدى، كۆزنەككە بېرىپ يېڭىسىنى ئېلىڭ',
    },
  },
};
