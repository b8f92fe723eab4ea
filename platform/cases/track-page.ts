// The public progress page a receipt's QR opens on a citizen's phone (`<publicBaseUrl>/track/<code>`,
// published by the county's reverse proxy): the case's state and timeline, nothing personal (no name,
// no ID number, not even which terminal recorded a step). Simplified Chinese unless `?lang=` asks for
// one of the product's other languages; small, no script, readable on any phone.
import type { CaseState, CaseTimeline } from '../../contract/case.js';
import { hallDateTime } from '../../contract/local-time.js';
import { Language, SUPPORTED_LANGUAGES, TEXT_DIRECTION } from '../../contract/languages.js';
import { CASE_STATE_NAMES } from '../../contract/case-state-names.js';

interface PageText {
  title: string;
  code: string;
  item: string;
  state: string;
  timeline: string;
  /** Written before the clerk's reason, its punctuation included. */
  reason: string;
  /** A case the platform does not have: the code may be mistyped, or the kiosk has not uploaded it yet. */
  notFoundTitle: string;
  notFound: string;
  invalidTitle: string;
  invalid: string;
  busyTitle: string;
  busy: string;
  privacy: string;
  states: Record<CaseState, string>;
}

// The state names are the kiosk's own (contract/case-state-names.ts), so a phone and the 全程一码 screen agree.
const TEXT: Record<Language, PageText> = {
  'zh-CN': {
    title: '办件进度',
    code: '受理编号',
    item: '办理事项',
    state: '当前状态',
    timeline: '办理过程',
    reason: '原因：',
    notFoundTitle: '没有查到这个编号',
    notFound: '请核对回执上的受理编号。刚在自助终端提交的申请，要等终端联网上传后才能查到。',
    invalidTitle: '受理编号有误',
    invalid: '受理编号是 11 位字母和数字，请按回执逐位核对。',
    busyTitle: '查询太频繁',
    busy: '请一分钟后再试。',
    privacy: '本页只显示办理进度，不显示任何个人信息。',
    states: CASE_STATE_NAMES['zh-CN'],
  },
  'zh-HK': {
    title: '辦理進度',
    code: '受理編號',
    item: '辦理事項',
    state: '目前狀態',
    timeline: '辦理過程',
    reason: '原因：',
    notFoundTitle: '查不到這個編號',
    notFound: '請核對回條上的受理編號。剛在自助終端提交的申請，要等終端連網上載後才能查到。',
    invalidTitle: '受理編號有誤',
    invalid: '受理編號共 11 位字母和數字，請按回條逐位核對。',
    busyTitle: '查詢太頻繁',
    busy: '請一分鐘後再試。',
    privacy: '本頁只顯示辦理進度，不顯示任何個人資料。',
    states: CASE_STATE_NAMES['zh-HK'],
  },
  en: {
    title: 'Case progress',
    code: 'Tracking code',
    item: 'Service',
    state: 'Current state',
    timeline: 'Progress',
    reason: 'Reason: ',
    notFoundTitle: 'No case with this code',
    notFound: 'Check the tracking code on your receipt. An application made at a kiosk appears here once the kiosk has uploaded it.',
    invalidTitle: 'This is not a tracking code',
    invalid: 'A tracking code has 11 letters and digits: compare it with your receipt, character by character.',
    busyTitle: 'Too many look-ups',
    busy: 'Please try again in a minute.',
    privacy: 'This page shows the progress only, never personal information.',
    states: CASE_STATE_NAMES['en'],
  },
  ug: {
    title: 'ئىش ئەھۋالى',
    code: 'قوبۇل قىلىش نومۇرى',
    item: 'ئىش تۈرى',
    state: 'ھازىرقى ھالىتى',
    timeline: 'بىر تەرەپ قىلىش جەريانى',
    reason: 'سەۋەبى: ',
    notFoundTitle: 'بۇ نومۇر تېپىلمىدى',
    notFound: 'تالوندىكى قوبۇل قىلىش نومۇرىنى تەكشۈرۈڭ. ئۆزى مۇلازىمەت ئۈسكۈنىسىدە تاپشۇرۇلغان ئىلتىماس ئۈسكۈنە تورغا چىقىپ يوللىغاندىن كېيىن كۆرۈنىدۇ.',
    invalidTitle: 'قوبۇل قىلىش نومۇرى خاتا',
    invalid: 'قوبۇل قىلىش نومۇرى 11 خانىلىق ھەرپ ۋە رەقەم، تالون بىلەن بىرمۇبىر سېلىشتۇرۇڭ.',
    busyTitle: 'سوراش بەك كۆپ بولۇپ كەتتى',
    busy: 'بىر مىنۇتتىن كېيىن قايتا سىناڭ.',
    privacy: 'بۇ بەتتە پەقەت ئىش ئەھۋالى كۆرسىتىلىدۇ، شەخسىي ئۇچۇر كۆرسىتىلمەيدۇ.',
    states: CASE_STATE_NAMES['ug'],
  },
};

const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '简体中文', 'zh-HK': '繁體中文', en: 'English', ug: 'ئۇيغۇرچە' };

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The language a `?lang=` asks for, when the product has it; zh-CN otherwise. */
export function trackPageLanguage(requested: string | undefined): Language {
  const parsed = Language.safeParse(requested);
  return parsed.success ? parsed.data : 'zh-CN';
}

/** The code grouped as on the receipt (TKKT-EWU6-XUD), so the citizen can compare it at a glance. */
const grouped = (code: string) => code.replace(/(.{4})(?=.)/g, '$1-');

function page(language: Language, title: string, body: string): string {
  // Language links keep the citizen on the same page (a query-only link); the current language is not a link.
  const links = SUPPORTED_LANGUAGES.map((l) =>
    l === language ? `<strong lang="${l}">${LANGUAGE_NAMES[l]}</strong>` : `<a lang="${l}" href="?lang=${l}">${LANGUAGE_NAMES[l]}</a>`,
  ).join(' ');
  return `<!doctype html><html lang="${language}" dir="${TEXT_DIRECTION[language]}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex"><title>${escape(title)}</title><style>
body { margin: 0; font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", "Noto Sans Arabic", sans-serif; font-size: 18px; line-height: 1.5; color: #16202c; background: #f3f6fa; }
header { background: #0b4ea2; color: #fff; padding: 16px 20px; } h1 { margin: 0; font-size: 26px; }
nav { padding: 8px 20px; display: flex; flex-wrap: wrap; gap: 8px 16px; font-size: 16px; } nav a { color: #083a78; }
main { padding: 0 20px 24px; max-width: 40em; } section { background: #fff; border-radius: 12px; padding: 16px; margin: 12px 0; }
dl { display: grid; grid-template-columns: auto 1fr; gap: 6px 16px; margin: 0; } dt { color: #4a5563; } dd { margin: 0; font-weight: 700; }
.code { font-size: 24px; letter-spacing: 0.08em; font-family: "Noto Sans Mono CJK SC", monospace; white-space: nowrap; text-align: start; unicode-bidi: isolate; }
time { unicode-bidi: isolate; text-align: start; } .state { font-size: 24px; color: #0b4ea2; }
ol { margin: 0; padding-inline-start: 1.4em; } li { margin: 8px 0; } time { color: #4a5563; display: block; font-size: 16px; width: fit-content; } .reason { display: block; }
footer { color: #4a5563; font-size: 15px; padding: 0 20px 24px; }
</style></head><body><header><h1>${escape(title)}</h1></header><nav>${links}</nav><main>${body}</main><footer>${escape(TEXT[language].privacy)}</footer></body></html>`;
}

/** The page for the cases under one code (two cases sharing a code are both shown, never merged). */
export function trackPageHtml(cases: readonly CaseTimeline[], language: Language): string {
  const text = TEXT[language];
  const sections = cases.map((c) => {
    const steps = c.events
      .map(
        (e) =>
          `<li><span>${escape(text.states[e.state])}</span><time datetime="${escape(e.at)}" dir="ltr">${escape(hallDateTime(e.at))}</time>${e.reason ? `<span class="reason">${escape(text.reason)}<bdi>${escape(e.reason)}</bdi></span>` : ''}</li>`,
      )
      .join('');
    return `<section data-case><dl><dt>${escape(text.item)}</dt><dd>${escape(c.itemName)}</dd><dt>${escape(text.code)}</dt><dd class="code" dir="ltr">${escape(grouped(c.trackingCode))}</dd><dt>${escape(text.state)}</dt><dd class="state" data-state="${c.state}">${escape(text.states[c.state])}</dd></dl><h2>${escape(text.timeline)}</h2><ol>${steps}</ol></section>`;
  });
  return page(language, text.title, sections.join(''));
}

/** The page for a code that is not one (`invalid`), one the platform has no case for (`not-found`), or a caller over its budget (`busy`). */
export function trackProblemHtml(problem: 'invalid' | 'not-found' | 'busy', language: Language): string {
  const text = TEXT[language];
  const [title, sentence] =
    problem === 'invalid' ? [text.invalidTitle, text.invalid] : problem === 'busy' ? [text.busyTitle, text.busy] : [text.notFoundTitle, text.notFound];
  return page(language, title, `<section data-problem="${problem}"><p>${escape(sentence)}</p></section>`);
}
