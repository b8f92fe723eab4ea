import { describe, expect, it } from 'vitest';
import { EscPosParser, type EscPosCommand } from './parser.js';
import { profileFromOptions } from './profile.js';
import { applicationReceiptBytes, queueTicketBytes } from './templates.js';
import { encodeGb18030 } from './builder.js';

const ticket = { hallName: '市民服务中心', ticketNumber: 'A012', serviceName: '社保业务', waitingAhead: 3, estimatedWaitMinutes: 12, windowArea: '二楼B区', issuedAt: '2026-11-23T02:05:00Z', followQr: 'https://hall.example/q/A012' };
const receipt = { hallName: '市民服务中心', itemName: '居民身份证换领', trackingCode: 'SB20261123001', submittedAt: '2026-11-23T02:05:00Z', materials: ['身份证原件', '户口簿'] };
const commands = (bytes: Uint8Array): EscPosCommand[] => [...new EscPosParser().push(bytes)];

describe('templates', () => {
  it('starts a ticket with ESC @ and Chinese mode, prints the number at 4×4, the QR natively and cuts', () => {
    const cmds = commands(queueTicketBytes(ticket, profileFromOptions({})));
    expect(cmds[0]).toEqual({ type: 'init' });
    expect(cmds).toContainEqual({ type: 'chinese-mode', on: true });
    const big = cmds.findIndex((c) => c.type === 'char-size' && c.width === 4 && c.height === 4);
    expect(cmds[big + 1]).toMatchObject({ type: 'text', bytes: Uint8Array.from(Buffer.from('A012')) });
    const store = cmds.find((c) => c.type === 'qr' && c.fn === 0x50);
    expect(Buffer.from((store as { params: Uint8Array }).params.subarray(1)).toString()).toBe(ticket.followQr);
    expect(cmds.at(-1)).toMatchObject({ type: 'cut' });
  });

  it('leaves optional ticket lines out and fits the rule to 58 mm paper', () => {
    const bytes = queueTicketBytes({ ...ticket, followQr: undefined, windowArea: undefined, estimatedWaitMinutes: undefined }, profileFromOptions({ profile: 'generic-58' }));
    const cmds = commands(bytes);
    expect(cmds.some((c) => c.type === 'qr')).toBe(false);
    expect(Buffer.from(bytes).includes(Buffer.from('-'.repeat(32)))).toBe(true);
    expect(Buffer.from(bytes).includes(Buffer.from('-'.repeat(33)))).toBe(false);
  });

  it('puts the tracking code on a receipt as CODE128 and QR, and sends QR as raster without native support', () => {
    const native = commands(applicationReceiptBytes(receipt, profileFromOptions({})));
    expect(native).toContainEqual(expect.objectContaining({ type: 'barcode', system: 73 }));
    expect(native.filter((c) => c.type === 'qr').map((c) => (c as { fn: number }).fn)).toEqual([0x41, 0x43, 0x45, 0x50, 0x51]);
    const raster = commands(applicationReceiptBytes(receipt, profileFromOptions({ profile: 'zj-58' })));
    expect(raster.some((c) => c.type === 'qr')).toBe(false);
    expect(raster.some((c) => c.type === 'raster')).toBe(true);
  });

  it('prints the priority class on the ticket, so the window sees it at a glance', () => {
    const bytes = Buffer.from(queueTicketBytes({ ...ticket, priorityLabel: '60 岁以上老人' }, profileFromOptions({})));
    expect(bytes.includes(Buffer.from(encodeGb18030('类别：60 岁以上老人', false)))).toBe(true);
  });

  it('prints the tracking code large and in groups of four', () => {
    const cmds = commands(applicationReceiptBytes({ ...receipt, trackingCode: 'TKKTEWU6XUD' }, profileFromOptions({})));
    const grouped = cmds.findIndex((c) => c.type === 'text' && Buffer.from((c as { bytes: Uint8Array }).bytes).toString().includes('TKKT-EWU6-XUD'));
    expect(grouped).toBeGreaterThan(0);
    const sizeBefore = cmds.slice(0, grouped).filter((c) => c.type === 'char-size').at(-1);
    expect(sizeBefore).toMatchObject({ width: 2, height: 2 });
  });

  it('labels a decision slip with its decision time and prints no empty materials line', () => {
    const bytes = Buffer.from(applicationReceiptBytes({ ...receipt, submittedAt: undefined, decidedAt: '2026-11-23T06:30:00Z', materials: [], note: '受理结果：已受理' }, profileFromOptions({})));
    expect(bytes.includes(Buffer.from(encodeGb18030('办理时间：2026-11-23 14:30', false)))).toBe(true);
    expect(bytes.includes(Buffer.from(encodeGb18030('提交时间', false)))).toBe(false);
    expect(bytes.includes(Buffer.from(encodeGb18030('已提交材料', false)))).toBe(false);
    const submitted = Buffer.from(applicationReceiptBytes(receipt, profileFromOptions({})));
    expect(submitted.includes(Buffer.from(encodeGb18030('已提交材料：', false)))).toBe(true);
  });
});
