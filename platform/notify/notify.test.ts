// Reminders at N and N−1 people ahead and at the call, sent through the SMS and WeChat adapters to
// the simulator over real HTTP: delivered once, retried when the gateway is down, never retried when
// it refuses, and no full phone number in any reason a log could keep.
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import { ReminderSettings, noticeText, reminderDue } from '../../contract/notifications.js';
import { HttpSmsGateway, HttpSmsSettings, WeChatSettings, WeChatTemplateGateway, type Notice } from './gateways.js';
import { NoticeSimulator } from './notice-simulator.js';

const clock = new ManualClock('2027-03-01T01:00:00Z');
let simulator: NoticeSimulator;
let url: string;

beforeEach(async () => {
  simulator = new NoticeSimulator({ clock, smsToken: 'sms-token-1', wechat: { appId: 'wx-hall', secret: 'app-secret' } });
  url = await simulator.listen();
});
afterEach(async () => {
  await simulator.close();
});

const sms = (phone: string, noticeId = 'n-1'): Notice => ({
  contact: { channel: 'sms', phone },
  text: '【示范大厅】您的 A012 号前面还有 3 人',
  fields: {},
  noticeId,
});
const smsGateway = () =>
  new HttpSmsGateway(HttpSmsSettings.parse({ kind: 'http-sms', url: `${url}/sms`, tokenEnv: 'HALL_SMS_TOKEN' }), { HALL_SMS_TOKEN: 'sms-token-1' });

describe('reminders', () => {
  it('reminds at N and N−1 people ahead, at most twice, however the queue moves', () => {
    const settings = ReminderSettings.parse({ firstAtPeopleAhead: 3 });
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 12 }), { maxLength: 40 }), (positions) => {
        let sent = 0;
        const sentAt: number[] = [];
        for (const ahead of positions) {
          if (reminderDue(settings, ahead, sent)) {
            sentAt.push(ahead);
            sent += 1;
          }
        }
        expect(sent).toBeLessThanOrEqual(2);
        if (sentAt[0] !== undefined) expect(sentAt[0]).toBeLessThanOrEqual(3);
        if (sentAt[1] !== undefined) expect(sentAt[1]).toBeLessThanOrEqual(2);
        // One message per change at most; a ticket seen twice at 2 ahead or fewer has had both.
        if (positions.some((ahead) => ahead <= 3)) expect(sent).toBeGreaterThanOrEqual(1);
        if (positions.filter((ahead) => ahead <= 2).length >= 2) expect(sent).toBe(2);
      }),
    );
    expect(reminderDue(ReminderSettings.parse({ reminders: 0 }), 0, 0)).toBe(false);
  });

  it('words a reminder and a call in one short message', () => {
    const facts = { hallName: '示范政务服务大厅', ticketNumber: 'A012', serviceName: '社保业务' };
    expect(noticeText('reminder', { ...facts, peopleAhead: 2 })).toBe('【示范政务服务大厅】您的 A012 号（社保业务）前面还有 2 人，请回到等候区。');
    expect(noticeText('called', { ...facts, counterNumber: '5' })).toBe('【示范政务服务大厅】请 A012 号到 5 号窗口办理社保业务。');
  });
});

describe('the SMS gateway adapter', () => {
  it('delivers a message once, even when the hall sends the same notice twice', async () => {
    const gateway = smsGateway();
    expect(await gateway.send(sms('13912345678'))).toMatchObject({ kind: 'sent' });
    expect(await gateway.send(sms('13912345678'))).toMatchObject({ kind: 'sent' });
    expect(simulator.messages).toMatchObject([{ channel: 'sms', to: '13912345678', id: 'n-1' }]);
  });

  it('says retry while the gateway is down or busy, and refused for a message it will never take, with the number masked', async () => {
    const gateway = smsGateway();
    await fetch(`${url}/faults`, { method: 'POST', body: JSON.stringify({ sms: { status: 503, count: 1 } }) });
    const down = await gateway.send(sms('13912345678', 'n-2'));
    expect(down).toEqual({ kind: 'retry', reason: 'SMS gateway answered 503 for 139****5678' });
    expect(await gateway.send(sms('13912345678', 'n-2'))).toMatchObject({ kind: 'sent' });
    const refused = await gateway.send(sms('1391234567', 'n-3'));
    expect(refused.kind).toBe('refused');
    expect(JSON.stringify(refused)).not.toContain('1391234567');
    const unreachable = await new HttpSmsGateway(HttpSmsSettings.parse({ kind: 'http-sms', url: 'http://127.0.0.1:9/sms', timeoutMs: 2000 })).send(
      sms('13912345678', 'n-4'),
    );
    expect(unreachable.kind).toBe('retry');
    expect(JSON.stringify(unreachable)).not.toContain('13912345678');
  });

  it('waits for its token rather than sending without it', async () => {
    const gateway = new HttpSmsGateway(HttpSmsSettings.parse({ kind: 'http-sms', url: `${url}/sms`, tokenEnv: 'HALL_SMS_TOKEN' }), {});
    expect(await gateway.send(sms('13912345678'))).toEqual({ kind: 'retry', reason: 'the SMS gateway token (HALL_SMS_TOKEN) is not set' });
    expect(simulator.messages).toEqual([]);
  });
});

describe('the WeChat template-message adapter', () => {
  const wechat = () =>
    new WeChatTemplateGateway(
      WeChatSettings.parse({ kind: 'wechat-template', apiBase: url, appId: 'wx-hall', secretEnv: 'HALL_WECHAT_SECRET', templateId: 'tpl-queue' }),
      clock,
      { HALL_WECHAT_SECRET: 'app-secret' },
    );
  const notice = (openId: string): Notice => ({ contact: { channel: 'wechat', openId }, text: '', fields: { number: 'A012', ahead: '2' }, noticeId: 'w-1' });

  it('sends the template with its fields, and fetches a new access token once when the old one expired', async () => {
    const gateway = wechat();
    expect(await gateway.send(notice('oAbCdEfGhIjK123'))).toMatchObject({ kind: 'sent' });
    await fetch(`${url}/faults`, { method: 'POST', body: JSON.stringify({ expireTokens: true }) });
    expect(await gateway.send(notice('oAbCdEfGhIjK123'))).toMatchObject({ kind: 'sent' });
    expect(simulator.messages).toMatchObject([
      { channel: 'wechat', to: 'oAbCdEfGhIjK123', templateId: 'tpl-queue', data: { number: { value: 'A012' }, ahead: { value: '2' } } },
      { channel: 'wechat', to: 'oAbCdEfGhIjK123' },
    ]);
  });

  it('does not retry a citizen who no longer follows the account, and retries a wrong secret later', async () => {
    expect(await wechat().send(notice('unfollowed-user-1'))).toEqual({ kind: 'refused', reason: 'WeChat refused the message (errcode 43004)' });
    const wrongSecret = new WeChatTemplateGateway(
      WeChatSettings.parse({ kind: 'wechat-template', apiBase: url, appId: 'wx-hall', secretEnv: 'S', templateId: 't' }),
      clock,
      { S: 'wrong' },
    );
    expect((await wrongSecret.send(notice('oAbCdEfGhIjK123'))).kind).toBe('retry');
    expect(simulator.messages).toEqual([]);
  });
});
