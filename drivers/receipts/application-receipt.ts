import type { ApplicationReceipt } from '../../contract/printing.js';
import { groupTrackingCode } from '../../contract/tracking-code.js';
import { EscPosBuilder } from '../escpos/builder.js';
import type { PrinterProfile } from '../escpos/profile.js';
import { rule, slipTime, titleLine } from './layout.js';

/** 受理回执: item, tracking code (text, CODE128 and QR), submitted time, materials. */
export function applicationReceiptBytes(receipt: ApplicationReceipt, profile: PrinterProfile): Uint8Array {
  const b = new EscPosBuilder(profile).init().lineSpacing();
  titleLine(b.align('center'), '受理回执', profile).bold(true).line(receipt.hallName).bold(false);
  b.line(rule(profile)).align('left');
  b.line(`办理事项：${receipt.itemName}`);
  // The code the citizen reads out or types: large and in groups (TKKT-EWU6-XUD); the dashes are ignored when read back.
  b.line('受理编号：').align('center').bold(true).size(2, 2).line(groupTrackingCode(receipt.trackingCode)).size(1, 1).bold(false).align('left');
  if (receipt.submittedAt) b.line(`提交时间：${slipTime(receipt.submittedAt)}`);
  if (receipt.decidedAt) b.line(`办理时间：${slipTime(receipt.decidedAt)}`);
  if (receipt.materials.length > 0) {
    b.line('已提交材料：');
    receipt.materials.forEach((material, index) => b.line(`  ${index + 1}. ${material}`));
  }
  if (receipt.note) b.line(receipt.note);
  if (receipt.withdrawUntil) b.line(`如需撤回申请，请于 ${slipTime(receipt.withdrawUntil)} 前在自助终端“全程一码”办理（受理后不能撤回）`);
  b.align('center').line(rule(profile));
  if (/^[\x20-\x7e]{1,40}$/.test(receipt.trackingCode)) b.code128(receipt.trackingCode, { heightDots: 60 });
  if (receipt.trackingUrl) b.line('手机扫码查询办理进度').qr(receipt.trackingUrl).newline();
  else b.line('凭受理编号在大厅自助终端“全程一码”查询进度');
  b.line('请妥善保管本回执');
  return b.feed(2).cut('full').bytes();
}
