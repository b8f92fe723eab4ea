import type { CatalogItem } from '../../contract/catalog.js';
import { DEPTH_LABELS, FORM_LABELS } from '../../contract/guide-html.js';
import { EscPosBuilder } from '../escpos/builder.js';
import type { PrinterProfile } from '../escpos/profile.js';
import { rule, titleLine } from './layout.js';

/** The receipt-width guide: essentials, materials with how to bring them, and the online guide QR. */
export function guideReceiptBytes(item: CatalogItem, guideUrl: string | undefined, hallName: string, profile: PrinterProfile): Uint8Array {
  const b = new EscPosBuilder(profile).init().lineSpacing();
  titleLine(b.align('center'), '办事指南', profile).line(hallName).line(rule(profile)).align('left');
  b.bold(true).line(item.name).bold(false);
  b.line(`部门：${item.department}`);
  b.line(`地点：${item.location} 窗口 ${item.windows.join('、')}`);
  b.line(`时限：承诺${item.promisedTimeLimitDays === 0 ? '即办' : `${item.promisedTimeLimitDays}个工作日`}（法定${item.legalTimeLimitDays}个工作日）`);
  b.line(`收费：${item.fee}`);
  b.line(`网办：${DEPTH_LABELS[item.onlineDepth]}`);
  b.line('所需材料：');
  item.materials.forEach((m, i) =>
    b.line(
      `${i + 1}. ${m.name}（${FORM_LABELS[m.form]}${m.count > 1 ? ` ${m.count}份` : ''}）${m.electronicLicense ? ' 可免交' : ''}${m.required ? '' : ' 视情形'}`,
    ),
  );
  b.align('center').line(rule(profile));
  if (guideUrl) b.line('手机扫码查看完整指南').qr(guideUrl).newline();
  else b.line(`完整指南：在大厅自助终端“查询一单”或政务服务网搜索事项编码 ${item.code}`);
  return b.feed(2).cut('partial').bytes();
}
