import { describe, expect, it } from 'vitest';
import { LiveHelpSignal, commandAllowed, maySend, screenForClerk, type MirroredScreen } from './live-help.js';

const screen: MirroredScreen = {
  screen: 'apply',
  item: { code: 'SB001', name: '社保卡申领' },
  step: 'form',
  showPersonal: false,
  controls: [{ id: 'submit', label: '提交申请' }],
  fields: [
    { id: 'name', label: '姓名', value: '张三丰', personal: 'name', fillable: false },
    { id: 'idNumber', label: '身份证号', value: '110105199003071234', personal: 'id-number', fillable: false },
    { id: 'phone', label: '联系电话', value: '13912345678', personal: 'phone', fillable: true },
    { id: 'address', label: '地址', value: '示例省示例市示例路1号', personal: 'address', fillable: true },
    { id: 'remark', label: '备注', value: '补办', fillable: true },
  ],
};

describe('the mirrored screen as the clerk sees it', () => {
  it('masks every personal value unless the citizen chose to show them; plain fields stay', () => {
    const masked = screenForClerk(screen);
    expect(masked.fields.map((f) => f.value)).toEqual(['张**', '1101**********1234', '139****5678', '示例省示例市*****', '补办']);
    expect(masked.item).toEqual(screen.item);
    expect(screenForClerk({ ...screen, showPersonal: true })).toEqual({ ...screen, showPersonal: true });
  });

  it('refuses a field id that is not a plain control name, and values beyond the limits', () => {
    expect(LiveHelpSignal.safeParse({ kind: 'fill', field: '<img src=x>', value: '1' }).success).toBe(false);
    expect(LiveHelpSignal.safeParse({ kind: 'fill', field: 'phone', value: 'x'.repeat(501) }).success).toBe(false);
    expect(LiveHelpSignal.safeParse({ kind: 'screen', screen: { ...screen, extra: 1 } }).success).toBe(true);
    expect(LiveHelpSignal.safeParse({ kind: 'highlight', control: 'submit', extra: 1 }).success).toBe(false);
  });
});

describe('who may do what in a call', () => {
  it('lets the citizen send the screen and the clerk send commands, media both ways', () => {
    expect(maySend('caller', 'screen')).toBe(true);
    expect(maySend('clerk', 'screen')).toBe(false);
    expect(maySend('clerk', 'fill')).toBe(true);
    expect(maySend('caller', 'fill')).toBe(false);
    expect(maySend('caller', 'highlight')).toBe(false);
    expect(maySend('caller', 'sdp') && maySend('clerk', 'ice')).toBe(true);
  });

  it('fills only fields the screen declares fillable, and highlights only what it shows', () => {
    expect(commandAllowed({ kind: 'fill', field: 'phone', value: '13800000000' }, screen)).toBe(true);
    expect(commandAllowed({ kind: 'fill', field: 'idNumber', value: '1' }, screen)).toBe(false);
    expect(commandAllowed({ kind: 'fill', field: 'nowhere', value: '1' }, screen)).toBe(false);
    expect(commandAllowed({ kind: 'fill', field: 'phone', value: '1' }, null)).toBe(false);
    expect(commandAllowed({ kind: 'highlight', control: 'submit' }, screen)).toBe(true);
    expect(commandAllowed({ kind: 'highlight', control: 'idNumber' }, screen)).toBe(true);
    expect(commandAllowed({ kind: 'highlight', control: 'elsewhere' }, screen)).toBe(false);
    expect(commandAllowed({ kind: 'highlight', control: null }, null)).toBe(true);
  });
});
