import type { QueueTicket } from '../../contract/printing.js';
import { EscPosBuilder } from '../escpos/builder.js';
import type { PrinterProfile } from '../escpos/profile.js';
import { rule, slipTime, titleLine } from './layout.js';

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
  b.line(`取号时间：${slipTime(ticket.issuedAt)}`);
  // The QR opens the live ticket page on the hall's Wi-Fi, and names the ticket for the kiosk's 评价.
  if (ticket.followQr) {
    b.align('center').line('手机扫码查看排队进度').line('办结后可在自助终端“评价”扫此码').qr(ticket.followQr).newline();
  } else {
    b.align('center').line('排队进度请留意大厅叫号屏');
  }
  b.align('center').line('请留意叫号，过号请重新取号');
  return b.feed(2).cut('partial').bytes();
}
