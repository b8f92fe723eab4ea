import { EscPosBuilder } from '../escpos/builder.js';
import type { PrinterProfile } from '../escpos/profile.js';
import { rule, slipTime, titleLine } from './layout.js';

/** 个人码: the code as a QR with the holder's masked name and its expiry, and how to use and keep it. */
export function personalCodeSlipBytes(input: { code: string; maskedName: string; expiresAt: string; hallName: string }, profile: PrinterProfile): Uint8Array {
  const b = new EscPosBuilder(profile).init().lineSpacing();
  titleLine(b.align('center'), '个人码', profile).line(input.hallName).line(rule(profile));
  b.qr(input.code, { moduleSize: 6 }).newline();
  titleLine(b, input.maskedName, profile);
  b.line(`有效期至 ${slipTime(input.expiresAt).slice(0, 10)}`)
    .line(rule(profile))
    .align('left');
  b.line('在自助终端办事时，把此码对准扫码口即可核验身份；');
  b.line('办理补贴、待遇等事项时还需刷身份证。');
  b.line('请妥善保管；如遗失，请到窗口作废并重新打印。');
  return b.feed(2).cut('partial').bytes();
}
