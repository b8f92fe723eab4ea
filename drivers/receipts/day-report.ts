import type { ProxyDayReport } from '../../contract/api/proxy.js';
import { groupTrackingCode } from '../../contract/tracking-code.js';
import { EscPosBuilder } from '../escpos/builder.js';
import type { PrinterProfile } from '../escpos/profile.js';
import { rule, slipTime, titleLine } from './layout.js';

/** The report on the receipt printer (Chinese: the township reads it), item names and counts only. */
export function dayReportBytes(report: ProxyDayReport, profile: PrinterProfile): Uint8Array {
  const b = new EscPosBuilder(profile).init().lineSpacing();
  titleLine(b.align('center'), '代办日结', profile).line(report.pointName).line(rule(profile)).align('left');
  b.line(`日期：${report.date}`);
  b.line(`代办员：${report.agentMaskedName}（${report.agentId}）`);
  b.line(`代办件数：${report.total}`);
  b.line(`已同步：${report.synced}  待同步：${report.pending}  退回：${report.parked}`);
  b.line(rule(profile));
  for (const item of report.byItem)
    b.line(`${item.itemName} ×${item.count}（已同步${item.synced}，待同步${item.pending}${item.parked ? `，退回${item.parked}` : ''}）`);
  if (report.problems.length > 0) {
    b.line(rule(profile)).bold(true).line('需处理：').bold(false);
    for (const problem of report.problems) b.line(`${groupTrackingCode(problem.trackingCode)} ${problem.itemName}：${problem.reason}`);
  }
  b.line(rule(profile)).line(`打印时间：${slipTime(report.generatedAt)}`);
  return b.feed(2).cut('partial').bytes();
}
