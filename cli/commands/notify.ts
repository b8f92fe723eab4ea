import { systemClock } from '../../contract/clock.js';
import { NoticeSimulator } from '../../platform/notify/notice-simulator.js';
import { EXIT, UsageError, optionalInt, type CliCommand } from '../cli-command.js';

/** `sim sms`: the SMS provider and WeChat's message API on one local port, printing each message as a JSON line. */
const simSmsCommand: CliCommand = {
  path: ['sim', 'sms'],
  summary: 'Run the SMS-gateway and WeChat-message simulator on 127.0.0.1; prints {"url": …}, then each message received as a JSON line. Stops on Ctrl-C.',
  usage: '[--port N] [--sms-token TOKEN] [--wechat-app ID --wechat-secret SECRET]',
  options: { port: { type: 'string' }, 'sms-token': { type: 'string' }, 'wechat-app': { type: 'string' }, 'wechat-secret': { type: 'string' } },
  async run(values, io) {
    const port = optionalInt(values, 'port', 0, 0, 65_535);
    const appId = values['wechat-app'];
    const secret = values['wechat-secret'];
    if ((typeof appId === 'string') !== (typeof secret === 'string')) throw new UsageError('--wechat-app and --wechat-secret go together');
    const simulator = new NoticeSimulator({
      clock: systemClock,
      ...(typeof values['sms-token'] === 'string' ? { smsToken: values['sms-token'] } : {}),
      ...(typeof appId === 'string' && typeof secret === 'string' ? { wechat: { appId, secret } } : {}),
      onMessage: (message) => io.json({ message }),
    });
    const url = await simulator.listen(port);
    io.json({ url, sms: `${url}/sms`, wechatApiBase: url });
    io.note('Notice simulator: POST /sms, WeChat /cgi-bin/token and /cgi-bin/message/template/send; GET /messages lists what arrived. Ctrl-C stops it.');
    await io.interrupted;
    await simulator.close();
    return EXIT.ok;
  },
};

export const notifyCommands: CliCommand[] = [simSmsCommand];
