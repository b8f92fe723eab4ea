import { parseArgs } from 'node:util';
import { describe, expect, it, vi } from 'vitest';

import { HttpSmsGateway, HttpSmsSettings } from '../../platform/notify/gateways.js';
import { EXIT, UsageError, type CliIo } from '../cli-command.js';
import { notifyCommands } from './notify.js';

function run(argv: string[]) {
  const out: unknown[] = [];
  let interrupt!: () => void;
  const io: CliIo = { json: (v) => void out.push(v), note: () => undefined, interrupted: new Promise<void>((r) => (interrupt = r)) };
  const command = notifyCommands.find((c) => c.path.every((word, i) => argv[i] === word))!;
  const { values } = parseArgs({ args: argv.slice(command.path.length), options: command.options, strict: true, allowPositionals: false });
  return { exit: command.run(values, io), out, interrupt };
}

describe('hallctl sim sms', () => {
  it('prints its address, then every message it receives as a JSON line, until stopped', async () => {
    const sim = run(['sim', 'sms', '--sms-token', 'tok-1']);
    await vi.waitFor(() => expect(sim.out.length).toBe(1));
    const { sms } = sim.out[0] as { sms: string };
    const gateway = new HttpSmsGateway(HttpSmsSettings.parse({ kind: 'http-sms', url: sms, tokenEnv: 'T' }), { T: 'tok-1' });
    expect(
      await gateway.send({ contact: { channel: 'sms', phone: '13912345678' }, text: '【大厅】请 A001 号到 1 号窗口', fields: {}, noticeId: 'x' }),
    ).toMatchObject({ kind: 'sent' });
    expect(sim.out[1]).toMatchObject({ message: { channel: 'sms', to: '13912345678', text: '【大厅】请 A001 号到 1 号窗口' } });
    sim.interrupt();
    expect(await sim.exit).toBe(EXIT.ok);
  });

  it('wants the WeChat app id and secret together', async () => {
    await expect(run(['sim', 'sms', '--wechat-app', 'wx1']).exit).rejects.toThrow(UsageError);
  });
});
