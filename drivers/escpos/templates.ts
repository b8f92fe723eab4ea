import type { ApplicationReceipt, QueueTicket } from '../../contract/printing.js';
import { hallDateTime } from '../../contract/local-time.js';
import { groupTrackingCode } from '../../contract/tracking-code.js';
import { EscPosBuilder } from './builder.js';
import type { PrinterProfile } from './profile.js';

/** Characters per line at normal size (12-dot font A on 576/384-dot heads). */
const columns = (profile: PrinterProfile) => Math.floor(profile.dotsPerLine / 12);

function rule(profile: PrinterProfile): string {
  return '-'.repeat(columns(profile));
}

/** Slips show the hall's local time (Beijing time) whatever the machine's zone. */
const formatDateTime = (iso: string): string => hallDateTime(iso);

/** Columns a text takes at normal size: one for printable ASCII, two for a Hanzi or any other wide character. */
export function textColumns(text: string): number {
  let count = 0;
  for (const ch of text) count += /[\x20-\x7e]/.test(ch) ? 1 : 2;
  return count;
}

/**
 * A title line in bold at double width and height (GS ! 0x11), so its glyphs keep their proportions
 * (double height alone prints them tall and narrow, touching); one that would not fit on one line at
 * that size is printed at normal size rather than squeezed or broken.
 */
export function titleLine(b: EscPosBuilder, text: string, profile: PrinterProfile): EscPosBuilder {
  b.bold(true);
  if (textColumns(text) * 2 <= columns(profile)) b.size(2, 2).line(text).size(1, 1);
  else b.line(text);
  return b.bold(false);
}

/** 取号小票: hall, big number, service, people ahead, wait, window area, time, follow QR. */
export function queueTicketBytes(ticket: QueueTicket, profile: PrinterProfile): Uint8Array {
  const b = new EscPosBuilder(profile).init().lineSpacing();
  titleLine(b.align('center'), ticket.hallName, profile);
  b.line(rule(profile));
  b.line('您的号码');
  b.bold(true).size(4, 4).line(ticket.ticketNumber).size(1, 1).bold(false);
  titleLine(b, ticket.serviceName, profile);
  if (ticket.priorityLabel) b.bold(true).line(`类别：${ticket.priorityLabel}`).bold(false);
  b.line(rule(profile)).align('left');
  // Offline the kiosk cannot know who is ahead: it says so rather than print "0".
  if (ticket.waitingAhead === undefined) b.line('前面等候人数：暂时无法得知，请留意叫号屏');
  else {
    b.line(`前面还有 ${ticket.waitingAhead} 人等候`);
    if (ticket.estimatedWaitMinutes !== undefined) b.line(`预计等待 约${ticket.estimatedWaitMinutes}分钟`);
  }
  if (ticket.windowArea) b.line(`办理区域：${ticket.windowArea}`);
  b.line(`取号时间：${formatDateTime(ticket.issuedAt)}`);
  // The QR opens the live ticket page on the hall's Wi-Fi, and names the ticket for the kiosk's 评价.
  if (ticket.followQr) {
    b.align('center').line('手机扫码查看排队进度').line('办结后可在自助终端“评价”扫此码').qr(ticket.followQr).newline();
  } else {
    b.align('center').line('排队进度请留意大厅叫号屏');
  }
  b.align('center').line('请留意叫号，过号请重新取号');
  return b.feed(2).cut('partial').bytes();
}

/** 受理回执: item, tracking code (text, CODE128 and QR), submitted time, materials. */
export function applicationReceiptBytes(receipt: ApplicationReceipt, profile: PrinterProfile): Uint8Array {
  const b = new EscPosBuilder(profile).init().lineSpacing();
  titleLine(b.align('center'), '受理回执', profile).bold(true).line(receipt.hallName).bold(false);
  b.line(rule(profile)).align('left');
  b.line(`办理事项：${receipt.itemName}`);
  // The code the citizen reads out or types: large and in groups (TKKT-EWU6-XUD); the dashes are ignored when read back.
  b.line('受理编号：').align('center').bold(true).size(2, 2).line(groupTrackingCode(receipt.trackingCode)).size(1, 1).bold(false).align('left');
  if (receipt.submittedAt) b.line(`提交时间：${formatDateTime(receipt.submittedAt)}`);
  if (receipt.decidedAt) b.line(`办理时间：${formatDateTime(receipt.decidedAt)}`);
  if (receipt.materials.length > 0) {
    b.line('已提交材料：');
    receipt.materials.forEach((material, index) => b.line(`  ${index + 1}. ${material}`));
  }
  if (receipt.note) b.line(receipt.note);
  if (receipt.withdrawUntil) b.line(`如需撤回申请，请于 ${formatDateTime(receipt.withdrawUntil)} 前在自助终端“全程一码”办理（受理后不能撤回）`);
  b.align('center').line(rule(profile));
  if (/^[\x20-\x7e]{1,40}$/.test(receipt.trackingCode)) b.code128(receipt.trackingCode, { heightDots: 60 });
  if (receipt.trackingUrl) b.line('手机扫码查询办理进度').qr(receipt.trackingUrl).newline();
  else b.line('凭受理编号在大厅自助终端“全程一码”查询进度');
  b.line('请妥善保管本回执');
  return b.feed(2).cut('full').bytes();
}
