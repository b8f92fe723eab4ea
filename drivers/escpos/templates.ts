import type { ApplicationReceipt, QueueTicket } from '../../contract/printing.js';
import { groupTrackingCode } from '../../contract/tracking-code.js';
import { EscPosBuilder } from './builder.js';
import type { PrinterProfile } from './profile.js';

/** Characters per line at normal size (12-dot font A on 576/384-dot heads). */
const columns = (profile: PrinterProfile) => Math.floor(profile.dotsPerLine / 12);

function rule(profile: PrinterProfile): string {
  return '-'.repeat(columns(profile));
}

function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  // Tickets show Beijing time whatever the machine's zone.
  const local = new Date(date.getTime() + 8 * 3600_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}-${pad(local.getUTCDate())} ${pad(local.getUTCHours())}:${pad(local.getUTCMinutes())}`;
}

/** 取号小票: hall, big number, service, people ahead, wait, window area, time, follow QR. */
export function queueTicketBytes(ticket: QueueTicket, profile: PrinterProfile): Uint8Array {
  const b = new EscPosBuilder(profile).init().lineSpacing();
  b.align('center').bold(true).size(1, 2).line(ticket.hallName).size(1, 1).bold(false);
  b.line(rule(profile));
  b.line('您的号码');
  b.bold(true).size(4, 4).line(ticket.ticketNumber).size(1, 1).bold(false);
  b.size(2, 2).line(ticket.serviceName).size(1, 1);
  if (ticket.priorityLabel) b.bold(true).line(`类别：${ticket.priorityLabel}`).bold(false);
  b.line(rule(profile)).align('left');
  b.line(`前面还有 ${ticket.waitingAhead} 人等候`);
  if (ticket.estimatedWaitMinutes !== undefined) b.line(`预计等待 约${ticket.estimatedWaitMinutes}分钟`);
  if (ticket.windowArea) b.line(`办理区域：${ticket.windowArea}`);
  b.line(`取号时间：${formatDateTime(ticket.issuedAt)}`);
  if (ticket.followQr) {
    b.align('center').line('微信扫码，随时查看排队进度').qr(ticket.followQr).newline();
  }
  b.align('center').line('请留意叫号，过号请重新取号');
  return b.feed(2).cut('partial').bytes();
}

/** 受理回执: item, tracking code (text, CODE128 and QR), submitted time, materials. */
export function applicationReceiptBytes(receipt: ApplicationReceipt, profile: PrinterProfile): Uint8Array {
  const b = new EscPosBuilder(profile).init().lineSpacing();
  b.align('center').bold(true).size(2, 2).line('受理回执').size(1, 1).line(receipt.hallName).bold(false);
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
  b.align('center').line(rule(profile));
  if (/^[\x20-\x7e]{1,40}$/.test(receipt.trackingCode)) b.code128(receipt.trackingCode, { heightDots: 60 });
  b.line('扫码查询办理进度').qr(receipt.trackingCode).newline();
  b.line('请妥善保管本回执');
  return b.feed(2).cut('full').bytes();
}
