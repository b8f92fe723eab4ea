// The live ticket page a phone opens from the ticket's QR: one small HTML page, no framework, no
// outside resource (the hall's LAN may have no internet), in the product's four languages. It shows
// the view the service sends over SSE and offers the citizen's three buttons.
import { SUPPORTED_LANGUAGES, TEXT_DIRECTION, type Language } from '../../contract/languages.js';
import type { LiveTicketView } from '../../contract/live-ticket.js';

const TEXTS = {
  'zh-CN': {
    title: '我的排队号',
    ahead: '前面还有 {n} 人',
    estimate: '预计等候约 {n} 分钟',
    waiting: '正在排队',
    away: '已暂时离开，请在 {time} 前回来，否则视为过号',
    called: '请到 {window} 号窗口办理',
    parked: '已暂停，请回到 {window} 号窗口',
    finished: '已办结，感谢您的耐心',
    noShow: '已过号，如需办理请重新取号',
    cancelled: '已取消',
    stepOut: '暂时离开',
    back: '我回来了',
    cancel: '取消排队',
    confirmCancel: '确定取消这个号吗？',
    offline: '连接中断，正在重连…',
    keep: '暂时离开时，号码保留 {n} 分钟',
    failed: '操作没有成功，请稍后再试',
    language: '语言',
  },
  'zh-HK': {
    title: '我的輪候號',
    ahead: '前面還有 {n} 人',
    estimate: '預計輪候約 {n} 分鐘',
    waiting: '正在輪候',
    away: '已暫時離開，請在 {time} 前回來，否則視為過號',
    called: '請到 {window} 號窗口辦理',
    parked: '已暫停，請回到 {window} 號窗口',
    finished: '已辦結，感謝您的耐心',
    noShow: '已過號，如需辦理請重新取號',
    cancelled: '已取消',
    stepOut: '暫時離開',
    back: '我回來了',
    cancel: '取消輪候',
    confirmCancel: '確定取消這個號碼嗎？',
    offline: '連接中斷，正在重新連接…',
    keep: '暫時離開時，號碼保留 {n} 分鐘',
    failed: '操作未能完成，請稍後再試',
    language: '語言',
  },
  en: {
    title: 'My ticket',
    ahead: '{n} people ahead of you',
    estimate: 'About {n} minutes to wait',
    waiting: 'Waiting',
    away: 'Stepped out: please be back by {time}, or the ticket is skipped',
    called: 'Please go to window {window}',
    parked: 'Paused: please return to window {window}',
    finished: 'Done. Thank you for your patience',
    noShow: 'Skipped: please take a new ticket if you still need to',
    cancelled: 'Cancelled',
    stepOut: "I'm stepping out",
    back: "I'm back",
    cancel: 'Cancel my ticket',
    confirmCancel: 'Cancel this ticket?',
    offline: 'Connection lost, reconnecting…',
    keep: 'If you step out, your place is kept for {n} minutes',
    failed: 'That did not work, please try again',
    language: 'Language',
  },
  ug: {
    title: 'نۆۋەت نومۇرۇم',
    ahead: 'ئالدىڭىزدا {n} كىشى بار',
    estimate: 'تەخمىنەن {n} مىنۇت ساقلايسىز',
    waiting: 'نۆۋەت ساقلاۋاتىدۇ',
    away: 'ۋاقىتلىق ئايرىلدىڭىز، {time} دىن بۇرۇن قايتىپ كېلىڭ، بولمىسا نۆۋىتىڭىز ئۆتۈپ كېتىدۇ',
    called: '{window}-كۆزنەككە كېلىڭ',
    parked: 'ۋاقىتلىق توختىتىلدى، {window}-كۆزنەككە قايتىپ كېلىڭ',
    finished: 'بېجىرىلدى، سەۋرچانلىقىڭىزغا رەھمەت',
    noShow: 'نۆۋىتىڭىز ئۆتۈپ كەتتى، قايتا نومۇر ئېلىڭ',
    cancelled: 'ئەمەلدىن قالدۇرۇلدى',
    stepOut: 'ۋاقىتلىق ئايرىلىمەن',
    back: 'قايتىپ كەلدىم',
    cancel: 'نۆۋەتتىن ۋاز كېچىش',
    confirmCancel: 'بۇ نومۇردىن ۋاز كېچەمسىز؟',
    offline: 'ئۇلىنىش ئۈزۈلدى، قايتا ئۇلىنىۋاتىدۇ…',
    keep: 'ۋاقىتلىق ئايرىلسىڭىز، نومۇرىڭىز {n} مىنۇت ساقلىنىدۇ',
    failed: 'مەشغۇلات مەغلۇپ بولدى، سەل تۇرۇپ قايتا سىناڭ',
    language: 'تىل',
  },
} as const satisfies Record<Language, Record<string, string>>;

export const LANGUAGE_NAMES: Record<Language, string> = { 'zh-CN': '简体中文', 'zh-HK': '繁體中文', en: 'English', ug: 'ئۇيغۇرچە' };

/** The page's language: `?lang=` when given, else the best of the phone's Accept-Language, else zh-CN. */
export function liveTicketLanguage(query: string | undefined, acceptLanguage: string | undefined): Language {
  if (query && (SUPPORTED_LANGUAGES as readonly string[]).includes(query)) return query as Language;
  const wanted = (acceptLanguage ?? '')
    .split(',')
    .map((part) => {
      const [tag = '', ...params] = part.trim().split(';');
      const q = Number(
        params
          .find((p) => p.trim().startsWith('q='))
          ?.trim()
          .slice(2) ?? 1,
      );
      return { tag: tag.toLowerCase(), q: Number.isFinite(q) ? q : 0 };
    })
    .filter((w) => w.tag && w.q > 0)
    .sort((a, b) => b.q - a.q);
  for (const { tag } of wanted) {
    if (tag === 'zh-hk' || tag === 'zh-tw' || tag === 'zh-mo' || tag.startsWith('zh-hant')) return 'zh-HK';
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
    if (tag.startsWith('ug')) return 'ug';
  }
  return 'zh-CN';
}

export const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** The whole page, with the first view in it (it reads right before any script runs) and a nonce for its one script. */
export function liveTicketHtml(view: LiveTicketView, language: Language, nonce: string): string {
  const t = TEXTS[language];
  const switcher = SUPPORTED_LANGUAGES.map((l) =>
    l === language ? `<b>${LANGUAGE_NAMES[l]}</b>` : `<a href="?lang=${l}" hreflang="${l}" lang="${l}">${LANGUAGE_NAMES[l]}</a>`,
  ).join(' · ');
  const service = language === 'en' && view.serviceNameEn ? view.serviceNameEn : view.serviceName;
  return `<!doctype html><html lang="${language}" dir="${TEXT_DIRECTION[language]}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escape(t.title)} ${escape(view.number)}</title><style>
body { margin: 0; font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; background: #f3f5f8; color: #111; }
main { max-width: 30rem; margin: 0 auto; padding: 1rem; }
.hall { color: #555; font-size: 0.95rem; margin: 0 0 0.5rem; }
.card { background: #fff; border-radius: 1rem; padding: 1.25rem; box-shadow: 0 1px 4px #0002; text-align: center; }
.number { font-size: 3.5rem; font-weight: 700; letter-spacing: 0.05em; margin: 0.25rem 0; }
.service { font-size: 1.2rem; color: #333; }
.status { font-size: 1.4rem; font-weight: 600; margin: 1rem 0 0.25rem; }
.status.called, .status.parked { color: #b00020; font-size: 1.7rem; }
.detail { color: #333; font-size: 1.1rem; min-height: 1.5rem; }
.buttons { display: grid; gap: 0.75rem; margin-top: 1.25rem; }
button { font: inherit; font-size: 1.2rem; padding: 0.9rem; border-radius: 0.75rem; border: 1px solid #1a56b0; background: #1a56b0; color: #fff; }
button.secondary { background: #fff; color: #1a56b0; } button.danger { background: #fff; color: #b00020; border-color: #b00020; }
button[hidden] { display: none; }
.detail:empty, .error:empty { display: none; } .buttons:not(:has(button:not([hidden]))) { display: none; }
.note { color: #555; font-size: 0.95rem; margin-top: 0.75rem; } .error { color: #b00020; min-height: 1.2rem; }
nav { margin-top: 1.5rem; font-size: 0.95rem; text-align: center; color: #555; } nav a { color: #1a56b0; }
</style></head><body><main>
<p class="hall">${escape(view.hallName)}</p>
<section class="card" aria-live="polite">
<div class="service" data-testid="live-service">${escape(service)}</div>
<div class="number" data-testid="live-number">${escape(view.number)}</div>
<div class="status" id="status" data-testid="live-status"></div>
<div class="detail" id="detail" data-testid="live-detail"></div>
<div class="detail" id="estimate" data-testid="live-estimate"></div>
<div class="buttons">
<button type="button" id="away" data-testid="live-away">${escape(t.stepOut)}</button>
<button type="button" id="back" data-testid="live-back">${escape(t.back)}</button>
<button type="button" id="cancel" class="danger" data-testid="live-cancel">${escape(t.cancel)}</button>
</div>
<p class="note" id="keep">${escape(t.keep.replace('{n}', String(view.awayMinutes)))}</p>
<p class="error" id="error" role="alert"></p>
</section>
<nav aria-label="${escape(t.language)}">${switcher}</nav>
</main>
<script nonce="${nonce}">
(() => {
  const t = ${JSON.stringify(t).replace(/</g, '\\u003c')};
  let view = ${JSON.stringify(view).replace(/</g, '\\u003c')};
  const $ = (id) => document.getElementById(id);
  const fill = (text, values) => text.replace(/\\{(\\w+)\\}/g, (_, k) => String(values[k] ?? ''));
  const time = (iso) => new Date(iso).toLocaleTimeString(${JSON.stringify(language)}, { hour: '2-digit', minute: '2-digit' });
  const show = (next) => {
    if (next.seq < view.seq && next.state === view.state) return;
    view = next;
    const status = $('status');
    status.className = 'status ' + view.state;
    const open = view.state === 'waiting' || view.state === 'away';
    status.textContent = {
      waiting: t.waiting, away: fill(t.away, { time: view.awayUntil ? time(view.awayUntil) : '' }), called: fill(t.called, view),
      parked: fill(t.parked, view), finished: t.finished, 'no-show': t.noShow, cancelled: t.cancelled,
    }[view.state] ?? '';
    $('detail').textContent = open && view.peopleAhead !== undefined ? fill(t.ahead, { n: view.peopleAhead }) : '';
    $('estimate').textContent = open && view.estimatedMinutes !== undefined && view.state === 'waiting' ? fill(t.estimate, { n: view.estimatedMinutes }) : '';
    $('away').hidden = view.state !== 'waiting';
    $('back').hidden = view.state !== 'away';
    $('cancel').hidden = !open;
    $('keep').hidden = view.state !== 'waiting';
  };
  const base = location.pathname.replace(/\\/+$/, '');
  const act = async (verb) => {
    $('error').textContent = '';
    try {
      const response = await fetch(base + '/' + verb, { method: 'POST' });
      if (!response.ok) throw new Error(String(response.status));
      show(await response.json());
    } catch {
      $('error').textContent = t.failed;
    }
  };
  $('away').addEventListener('click', () => act('away'));
  $('back').addEventListener('click', () => act('back'));
  $('cancel').addEventListener('click', () => { if (confirm(t.confirmCancel)) act('cancel'); });
  show(view);
  const stream = new EventSource(base + '/events');
  stream.addEventListener('ticket', (e) => { $('error').textContent = ''; show(JSON.parse(e.data)); });
  stream.onerror = () => { $('error').textContent = t.offline; };
})();
</script></body></html>`;
}
