import { describe, expect, it } from 'vitest';
import { EscPosParser, type EscPosCommand } from '../escpos/parser.js';
import { profileFromOptions } from '../escpos/profile.js';
import { applicationReceiptBytes, queueTicketBytes, textColumns } from './index.js';
import { encodeGb18030 } from '../escpos/builder.js';

const ticket = {
  hallName: '市民服务中心',
  ticketNumber: 'A012',
  serviceName: '社保业务',
  waitingAhead: 3,
  estimatedWaitMinutes: 12,
  windowArea: '二楼B区',
  issuedAt: '2026-11-23T02:05:00Z',
  followQr: 'https://hall.example/q/A012',
};
const receipt = {
  hallName: '市民服务中心',
  itemName: '居民身份证换领',
  trackingCode: 'SB20261123001',
  submittedAt: '2026-11-23T02:05:00Z',
  materials: ['身份证原件', '户口簿'],
};
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
    const bytes = queueTicketBytes(
      { ...ticket, followQr: undefined, windowArea: undefined, estimatedWaitMinutes: undefined },
      profileFromOptions({ profile: 'generic-58' }),
    );
    const cmds = commands(bytes);
    expect(cmds.some((c) => c.type === 'qr')).toBe(false);
    expect(Buffer.from(bytes).includes(Buffer.from('-'.repeat(32)))).toBe(true);
    expect(Buffer.from(bytes).includes(Buffer.from('-'.repeat(33)))).toBe(false);
  });

  it('puts the tracking code on a receipt as CODE128 and its tracking page as QR, and sends QR as raster without native support', () => {
    const withPage = { ...receipt, trackingUrl: 'https://zwfw.example.gov.cn/track/SB20261123001' };
    const native = commands(applicationReceiptBytes(withPage, profileFromOptions({})));
    expect(native).toContainEqual(expect.objectContaining({ type: 'barcode', system: 73 }));
    expect(native.filter((c) => c.type === 'qr').map((c) => (c as { fn: number }).fn)).toEqual([0x41, 0x43, 0x45, 0x50, 0x51]);
    const store = native.find((c) => c.type === 'qr' && c.fn === 0x50);
    expect(Buffer.from((store as { params: Uint8Array }).params.subarray(1)).toString()).toBe(withPage.trackingUrl);
    const raster = commands(applicationReceiptBytes(withPage, profileFromOptions({ profile: 'zj-58' })));
    expect(raster.some((c) => c.type === 'qr')).toBe(false);
    expect(raster.some((c) => c.type === 'raster')).toBe(true);
  });

  it('without a public tracking page, prints no QR and says where to look', () => {
    const bytes = applicationReceiptBytes(receipt, profileFromOptions({}));
    expect(commands(bytes).some((c) => c.type === 'qr')).toBe(false);
    expect(Buffer.from(bytes).includes(Buffer.from(encodeGb18030('凭受理编号在大厅自助终端“全程一码”查询进度', false)))).toBe(true);
  });

  it('says the people ahead are unknown on a ticket issued offline, never "0"', () => {
    const bytes = Buffer.from(queueTicketBytes({ ...ticket, waitingAhead: undefined, estimatedWaitMinutes: undefined }, profileFromOptions({})));
    expect(bytes.includes(Buffer.from(encodeGb18030('前面等候人数：暂时无法得知，请留意叫号屏', false)))).toBe(true);
    expect(bytes.includes(Buffer.from(encodeGb18030('前面还有', false)))).toBe(false);
  });

  it('prints the priority class on the ticket, so the window sees it at a glance', () => {
    const bytes = Buffer.from(queueTicketBytes({ ...ticket, priorityLabel: '60 岁以上老人' }, profileFromOptions({})));
    expect(bytes.includes(Buffer.from(encodeGb18030('类别：60 岁以上老人', false)))).toBe(true);
  });

  it('prints the tracking code large and in groups of four', () => {
    const cmds = commands(applicationReceiptBytes({ ...receipt, trackingCode: 'TKKTEWU6XUD' }, profileFromOptions({})));
    const grouped = cmds.findIndex(
      (c) =>
        c.type === 'text' &&
        Buffer.from((c as { bytes: Uint8Array }).bytes)
          .toString()
          .includes('TKKT-EWU6-XUD'),
    );
    expect(grouped).toBeGreaterThan(0);
    const sizeBefore = cmds
      .slice(0, grouped)
      .filter((c) => c.type === 'char-size')
      .at(-1);
    expect(sizeBefore).toMatchObject({ width: 2, height: 2 });
  });

  it('labels a decision slip with its decision time and prints no empty materials line', () => {
    const bytes = Buffer.from(
      applicationReceiptBytes(
        { ...receipt, submittedAt: undefined, decidedAt: '2026-11-23T06:30:00Z', materials: [], note: '受理结果：已受理' },
        profileFromOptions({}),
      ),
    );
    expect(bytes.includes(Buffer.from(encodeGb18030('办理时间：2026-11-23 14:30', false)))).toBe(true);
    expect(bytes.includes(Buffer.from(encodeGb18030('提交时间', false)))).toBe(false);
    expect(bytes.includes(Buffer.from(encodeGb18030('已提交材料', false)))).toBe(false);
    const submitted = Buffer.from(applicationReceiptBytes(receipt, profileFromOptions({})));
    expect(submitted.includes(Buffer.from(encodeGb18030('已提交材料：', false)))).toBe(true);
  });
});

describe('slip titles', () => {
  const hexOf = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
  const gb = (text: string) => Buffer.from(encodeGb18030(text, false)).toString('hex');

  it('prints a title in bold at double width and height, byte for byte, then back to normal size', () => {
    const bytes = hexOf(queueTicketBytes(ticket, profileFromOptions({})));
    // ESC a 1 · ESC E 1 · GS ! 0x11 · FS & · 市民服务中心 · LF · GS ! 0x00 · ESC E 0
    expect(bytes).toContain(`1b61011b45011d21111c26${gb('市民服务中心')}0a1d21001b4500`);
    // The receipt's title and the service name on the ticket likewise; nothing is printed at double height alone.
    expect(bytes).toContain(`1b45011d2111${gb('社保业务')}0a1d21001b4500`);
    expect(hexOf(applicationReceiptBytes(receipt, profileFromOptions({})))).toContain(`1b61011b45011d21111c26${gb('受理回执')}0a1d2100`);
    for (const cmd of commands(queueTicketBytes(ticket, profileFromOptions({ profile: 'generic-58' })))) {
      if (cmd.type === 'char-size') expect(cmd.width, 'never tall and narrow').toBe(cmd.height);
    }
  });

  it('prints a title too long for one line at double size at normal size, never squeezed', () => {
    const long = '新疆维吾尔自治区乌鲁木齐市政务服务中心';
    const bytes = hexOf(queueTicketBytes({ ...ticket, hallName: long }, profileFromOptions({ profile: 'generic-58' })));
    expect(bytes).toContain(`1b61011b45011c26${gb(long)}0a1b4500`);
    expect(bytes).not.toContain(`1d2111${gb(long)}`);
    expect(textColumns(long)).toBe(38);
    expect(textColumns('A012 号')).toBe(7);
  });
});
