// The one-page guide (一次性告知单) as a standalone HTML page: the platform serves it online (the QR on a
// receipt-width guide opens it) and the terminal prints the same page to A4.
import type { CatalogItem, Material } from './catalog.js';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export const FORM_LABELS: Record<Material['form'], string> = { original: '原件', copy: '复印件', 'original-and-copy': '原件及复印件' };
export const FORMAT_LABELS: Record<Material['format'], string> = { paper: '纸质', electronic: '电子', 'paper-or-electronic': '纸质或电子' };
export const DEPTH_LABELS: Record<CatalogItem['onlineDepth'], string> = {
  'in-person': '须到现场办理',
  'online-apply': '网上申请，现场核验',
  'online-review': '网上申请和审核，结果可邮寄',
  'fully-online': '全程网办',
};

const list = (items: readonly string[]) => `<ol>${items.map((item) => `<li>${escape(item)}</li>`).join('')}</ol>`;

export function guideHtml(item: CatalogItem, options: { hallName?: string; printedAt?: string } = {}): string {
  const materials = item.materials
    .map(
      (m, i) =>
        `<tr><td>${i + 1}</td><td>${escape(m.name)}${m.note ? `<div class="note">${escape(m.note)}</div>` : ''}</td><td>${FORM_LABELS[m.form]}</td><td>${m.count}</td><td>${FORMAT_LABELS[m.format]}</td><td>${m.required ? '必交' : '视情形'}</td><td>${m.electronicLicense ? '可调取电子证照，免交' : '—'}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(item.name)} · 办事指南</title><style>
@page { size: A4; margin: 14mm 14mm 16mm; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", sans-serif; font-size: 10.5pt; color: #111; line-height: 1.45; }
h1 { font-size: 18pt; margin: 0 0 2mm; } .meta { color: #444; margin-bottom: 3mm; }
h2 { font-size: 12pt; margin: 4mm 0 1mm; border-bottom: 1px solid #999; }
table { border-collapse: collapse; width: 100%; } td, th { border: 1px solid #999; padding: 1mm 1.5mm; vertical-align: top; text-align: left; }
th { background: #eee; } .note { color: #555; font-size: 9pt; } ol { margin: 0; padding-left: 6mm; }
dl { display: grid; grid-template-columns: 28mm 1fr; gap: 1mm 3mm; margin: 0; } dt { font-weight: bold; } dd { margin: 0; }
footer { margin-top: 5mm; color: #555; font-size: 9pt; }
/* On a phone (the guide slip's QR): readable text, and the materials table scrolls sideways instead of squeezing. */
@media screen and (max-width: 700px) { body { margin: 12px; font-size: 16px; } h1 { font-size: 22px; } h2 { font-size: 18px; } .note, footer { font-size: 14px; } dl { grid-template-columns: 6em 1fr; } .materials { overflow-x: auto; } .materials table { min-width: 640px; } }
</style></head><body>
<h1>${escape(item.name)}</h1>
<div class="meta">事项编码 ${escape(item.code)} · ${escape(item.department)} · ${escape(item.kind)}</div>
<dl>
<dt>办理地点</dt><dd>${escape(item.location)}（窗口 ${item.windows.map(escape).join('、')}）</dd>
<dt>办理时限</dt><dd>法定 ${item.legalTimeLimitDays} 个工作日，承诺 ${item.promisedTimeLimitDays === 0 ? '即办' : `${item.promisedTimeLimitDays} 个工作日`}</dd>
<dt>收费</dt><dd>${escape(item.fee)}</dd>
<dt>网办程度</dt><dd>${DEPTH_LABELS[item.onlineDepth]}</dd>
</dl>
<h2>申请条件</h2>${list(item.conditions)}
<h2>申请材料</h2>
<div class="materials"><table><thead><tr><th>#</th><th>材料名称</th><th>形式</th><th>份数</th><th>载体</th><th>要求</th><th>电子证照</th></tr></thead><tbody>${materials}</tbody></table></div>
<h2>办理流程</h2>${list(item.steps)}
<h2>设定依据</h2>${list(item.legalBasis)}
<footer>${options.hallName ? `${escape(options.hallName)} · ` : ''}事项版本 ${item.revision}${options.printedAt ? ` · 打印于 ${escape(options.printedAt)}` : ''} · 以窗口最终告知为准</footer>
</body></html>`;
}
