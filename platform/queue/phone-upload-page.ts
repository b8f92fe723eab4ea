// The page a phone opens from an apply screen's QR (/p/<token>): one small HTML page, no framework,
// no outside resource, in the product's four languages, sized for a phone. The citizen takes a photo
// (or picks one) and it goes, as its bytes, to the hall queue service, which says whether it took it.
// The material's name is the catalog's, in Chinese, and marked so whatever the page's language.
import { SUPPORTED_LANGUAGES, TEXT_DIRECTION, type Language } from '../../contract/languages.js';
import { PHONE_PHOTO_CONTENT_TYPE, PHONE_PHOTO_MAX_BYTES, type PhonePhotoRefusal } from '../../contract/phone-upload.js';
import { escape as escapeHtml, LANGUAGE_NAMES } from './live-ticket-page.js';

const TEXTS = {
  'zh-CN': {
    title: '用手机上传材料照片',
    material: '请拍摄：{name}',
    hint: '把材料平放在光线好的地方，整页拍清楚。照片只送到您正在办理的终端。',
    camera: '拍照上传',
    pick: '从相册选择',
    uploading: '正在上传…',
    done: '照片已送到终端。请在终端屏幕上确认这张照片。',
    'not-a-photo': '这不是照片。请上传 JPG 或 PNG 格式的照片。',
    heic: '这张照片是 HEIC 格式，收不了。请点“拍照上传”直接拍一张；或在 iPhone 的“设置 › 相机 › 格式”里选“兼容性最佳”后重新拍。',
    'too-large': '照片太大（不能超过 15 MB），请重新拍一张。',
    unreadable: '这张照片无法读取，请重新拍一张。',
    used: '这个二维码已经用过了。如需再传一张，请在终端上点“用手机拍照上传”，扫新的二维码。',
    ended: '这个二维码已失效（办理已结束或超时）。请在终端上重新生成二维码。',
    failed: '上传没有成功，请检查网络后再试。',
    busy: '操作太频繁，请一分钟后再试。',
    language: '语言',
  },
  'zh-HK': {
    title: '用手機上傳材料相片',
    material: '請拍攝：{name}',
    hint: '把材料平放在光線充足的地方，整頁拍清楚。相片只會送到您正在辦理的終端。',
    camera: '拍照上傳',
    pick: '從相簿選擇',
    uploading: '正在上傳…',
    done: '相片已送到終端。請在終端螢幕上確認這張相片。',
    'not-a-photo': '這不是相片。請上傳 JPG 或 PNG 格式的相片。',
    heic: '這張相片是 HEIC 格式，未能接收。請按「拍照上傳」直接拍一張；或在 iPhone 的「設定 › 相機 › 格式」選「最兼容」後重新拍攝。',
    'too-large': '相片太大（不能超過 15 MB），請重新拍一張。',
    unreadable: '這張相片無法讀取，請重新拍一張。',
    used: '這個二維碼已經用過了。如需再傳一張，請在終端上按「用手機拍照上傳」，掃描新的二維碼。',
    ended: '這個二維碼已失效（辦理已結束或逾時）。請在終端上重新產生二維碼。',
    failed: '上傳未能完成，請檢查網絡後再試。',
    busy: '操作太頻繁，請一分鐘後再試。',
    language: '語言',
  },
  en: {
    title: 'Send a document photo from your phone',
    material: 'Please photograph: {name}',
    hint: 'Lay the document flat in good light and take the whole page. The photo goes only to the terminal you are using.',
    camera: 'Take a photo',
    pick: 'Choose from gallery',
    uploading: 'Sending…',
    done: 'The photo has reached the terminal. Please confirm it on the terminal screen.',
    'not-a-photo': 'This is not a photo. Please send a JPG or PNG photo.',
    heic: 'This photo is in HEIC format, which cannot be taken. Tap “Take a photo” to take one directly, or on the iPhone choose Settings › Camera › Formats › Most Compatible and take it again.',
    'too-large': 'The photo is too large (at most 15 MB). Please take another.',
    unreadable: 'This photo cannot be read. Please take another.',
    used: 'This QR code has been used. To send another photo, tap “Upload from my phone” on the terminal and scan the new code.',
    ended: 'This QR code is no longer valid (the session ended or timed out). Please make a new one on the terminal.',
    failed: 'The photo was not sent. Please check the network and try again.',
    busy: 'Too many tries. Please wait a minute.',
    language: 'Language',
  },
  ug: {
    title: 'ماتېرىيال سۈرىتىنى تېلېفوندا يوللاش',
    material: 'سۈرىتىنى تارتىڭ: {name}',
    hint: 'ماتېرىيالنى يورۇق يەرگە تۈز قويۇپ، پۈتۈن بەتنى ئېنىق تارتىڭ. سۈرەت پەقەت سىز ئىشلىتىۋاتقان ئاپپاراتقىلا بارىدۇ.',
    camera: 'سۈرەت تارتىپ يوللاش',
    pick: 'ئالبومدىن تاللاش',
    uploading: 'يوللىنىۋاتىدۇ…',
    done: 'سۈرەت ئاپپاراتقا يەتتى. ئاپپارات ئېكرانىدا بۇ سۈرەتنى جەزملەڭ.',
    'not-a-photo': 'بۇ سۈرەت ئەمەس. JPG ياكى PNG سۈرەت يوللاڭ.',
    heic: 'بۇ سۈرەت HEIC شەكلىدە، قوبۇل قىلىنمايدۇ. «سۈرەت تارتىپ يوللاش» نى بېسىپ بىۋاسىتە تارتىڭ؛ ياكى iPhone دا «تەڭشەك › كامېرا › فورمات» تىن «ئەڭ ماس كېلىدىغان» نى تاللاپ قايتا تارتىڭ.',
    'too-large': 'سۈرەت بەك چوڭ (15 MB دىن ئاشمىسۇن)، قايتا تارتىڭ.',
    unreadable: 'بۇ سۈرەتنى ئوقۇغىلى بولمىدى، قايتا تارتىڭ.',
    used: 'بۇ QR كود ئىشلىتىلىپ بولدى. يەنە بىرنى يوللىماقچى بولسىڭىز، ئاپپاراتتا «تېلېفوندا تارتىپ يوللاش» نى بېسىپ يېڭى كودنى سكاننېرلاڭ.',
    ended: 'بۇ QR كود كۈچتىن قالدى (ئىش تۈگىدى ياكى ۋاقتى ئۆتتى). ئاپپاراتتا يېڭى كود ھاسىل قىلىڭ.',
    failed: 'يوللاش مەغلۇپ بولدى، تورنى تەكشۈرۈپ قايتا سىناڭ.',
    busy: 'مەشغۇلات بەك كۆپ، بىر مىنۇتتىن كېيىن قايتا سىناڭ.',
    language: 'تىل',
  },
} as const satisfies Record<Language, Record<PhonePhotoRefusal | string, string>>;

/**
 * What the file inputs ask for: JPEG and PNG only (what the service decodes). iOS Safari hands a photo
 * kept as HEIC over as a JPEG when the input does not accept HEIC (image/* would let HEIC through).
 */
export const PHOTO_ACCEPT = 'image/jpeg,image/png';

export type PhonePageState = { kind: 'open'; materialName: string } | { kind: 'closed'; reason: 'used' | 'ended' };

const STYLE = `
body { margin: 0; font-family: "Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif; background: #f3f5f8; color: #111; }
main { max-width: 30rem; margin: 0 auto; padding: 1rem; }
.hall { color: #555; font-size: 0.95rem; margin: 0 0 0.5rem; }
h1 { font-size: 1.35rem; margin: 0 0 0.75rem; }
.card { background: #fff; border-radius: 1rem; padding: 1.25rem; box-shadow: 0 1px 4px #0002; }
.material { font-size: 1.3rem; font-weight: 700; margin: 0 0 0.5rem; }
.hint { color: #333; font-size: 1.05rem; line-height: 1.5; margin: 0 0 1rem; }
.buttons { display: grid; gap: 0.75rem; }
.buttons[hidden] { display: none; }
label.button { display: block; text-align: center; font-size: 1.25rem; padding: 1rem; border-radius: 0.75rem; border: 2px solid #1a56b0; background: #1a56b0; color: #fff; cursor: pointer; }
label.button.secondary { background: #fff; color: #1a56b0; }
input[type=file] { position: absolute; width: 1px; height: 1px; opacity: 0; overflow: hidden; }
input[type=file]:focus-visible + label.button { outline: 3px solid #111; outline-offset: 3px; }
.status { font-size: 1.15rem; line-height: 1.5; margin: 1rem 0 0; min-height: 1.5rem; }
.status.done { color: #0b6b2f; font-weight: 600; } .status.refused { color: #b00020; font-weight: 600; }
nav { margin-top: 1.5rem; font-size: 0.95rem; text-align: center; color: #555; } nav a { color: #1a56b0; }
`;

/** The page for a token: the two buttons while it is open, or why it opens nothing; a nonce for its one script. */
export function phoneUploadHtml(state: PhonePageState, hallName: string, language: Language, nonce: string): string {
  const t = TEXTS[language];
  const switcher = SUPPORTED_LANGUAGES.map((l) =>
    l === language ? `<b>${LANGUAGE_NAMES[l]}</b>` : `<a href="?lang=${l}" hreflang="${l}" lang="${l}">${LANGUAGE_NAMES[l]}</a>`,
  ).join(' · ');
  const body =
    state.kind === 'open'
      ? `<p class="material" data-testid="phone-material">${t.material
          .split('{name}')
          .map(escapeHtml)
          .join(`<span lang="zh-CN">${escapeHtml(state.materialName)}</span>`)}</p>
<p class="hint">${escapeHtml(t.hint)}</p>
<div class="buttons" id="buttons">
<input type="file" id="camera" accept="${PHOTO_ACCEPT}" capture="environment" data-testid="phone-camera"><label for="camera" class="button">${escapeHtml(t.camera)}</label>
<input type="file" id="pick" accept="${PHOTO_ACCEPT}" data-testid="phone-pick"><label for="pick" class="button secondary">${escapeHtml(t.pick)}</label>
</div>
<p class="status" id="status" role="status" aria-live="polite" data-testid="phone-status"></p>`
      : `<p class="status refused" id="status" role="alert" data-testid="phone-status" data-state="${state.reason}">${escapeHtml(t[state.reason])}</p>`;
  const script =
    state.kind === 'open'
      ? `<script nonce="${nonce}">
(() => {
  const t = ${JSON.stringify(t).replace(/</g, '\\u003c')};
  const status = document.getElementById('status');
  const buttons = document.getElementById('buttons');
  const say = (text, kind, state) => { status.textContent = text; status.className = 'status ' + (kind || ''); status.dataset.state = state || ''; };
  const send = async (input) => {
    const file = input.files && input.files[0];
    input.value = '';
    if (!file) return;
    if (file.size > ${PHONE_PHOTO_MAX_BYTES}) return say(t['too-large'], 'refused', 'too-large');
    say(t.uploading, '', 'uploading');
    buttons.hidden = true;
    try {
      const response = await fetch(location.pathname.replace(/\\/+$/, '') + '/photo', { method: 'POST', headers: { 'content-type': ${JSON.stringify(PHONE_PHOTO_CONTENT_TYPE)} }, body: file });
      const answer = await response.json().catch(() => ({}));
      if (response.ok) return say(t.done, 'done', 'done');
      const reason = response.status === 429 ? 'busy' : answer.error in t ? answer.error : 'failed';
      say(t[reason], 'refused', reason);
      // A refused file leaves the token open: another photo may be tried, unless the token itself ended.
      buttons.hidden = reason === 'used' || reason === 'ended';
    } catch {
      say(t.failed, 'refused', 'failed');
      buttons.hidden = false;
    }
  };
  for (const id of ['camera', 'pick']) document.getElementById(id).addEventListener('change', (event) => void send(event.target));
})();
</script>`
      : '';
  return `<!doctype html><html lang="${language}" dir="${TEXT_DIRECTION[language]}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">
<title>${escapeHtml(t.title)}</title><style>${STYLE}</style></head><body><main>
<p class="hall">${escapeHtml(hallName)}</p>
<h1>${escapeHtml(t.title)}</h1>
<section class="card">
${body}
</section>
<nav aria-label="${escapeHtml(t.language)}">${switcher}</nav>
</main>
${script}</body></html>`;
}
