import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../contract/clock.js';
import type { HostHandlers } from '../../contract/host-api.js';
import { parseConfig } from './config-loader.js';
import { handlersWhileStarting, terminalInfo } from './terminal-info.js';

const config = parseConfig(
  { hallId: 'demo-hall', terminalId: 'kiosk-early', role: 'kiosk', platformUrl: 'embedded', languages: ['zh-CN', 'en'], defaultLanguage: 'zh-CN', devices: [] },
  'test',
);
const clock = new ManualClock('2026-03-02T08:30:00+08:00');

/** A start the test finishes (or fails) by hand. */
function manualStart() {
  let finish!: (handlers: HostHandlers) => void;
  let fail!: (error: Error) => void;
  const started = new Promise<HostHandlers>((resolve, reject) => {
    finish = resolve;
    fail = reject;
  });
  return { started, finish, fail };
}

describe('the host while it starts', () => {
  it('answers terminal.info from the configuration alone', () => {
    expect(terminalInfo(config, { version: '9.9.9-test', shell: 'headless', clock })).toMatchObject({
      hallId: 'demo-hall',
      terminalId: 'kiosk-early',
      role: 'kiosk',
      languages: ['zh-CN', 'en'],
      defaultLanguage: 'zh-CN',
      version: '9.9.9-test',
      shell: 'headless',
      now: clock.iso(),
    });
  });

  it('answers the early methods at once; any other call asks for the start and waits for the started host', async () => {
    const start = manualStart();
    const asked: string[] = [];
    const handlers = handlersWhileStarting(
      { 'terminal.info': async () => terminalInfo(config, { version: '1', shell: 'headless', clock }) },
      start.started,
      () => asked.push('begin'),
    );
    expect((await handlers['terminal.info']({})).terminalId).toBe('kiosk-early');
    expect(asked).toEqual([]);

    const order: string[] = [];
    const devices = handlers['devices.list']({}).then((value) => order.push(`devices: ${JSON.stringify(value)}`));
    await Promise.resolve();
    expect(asked).toEqual(['begin']);
    order.push('started');
    start.finish({ 'devices.list': async () => [] } as unknown as HostHandlers);
    await devices;
    expect(order).toEqual(['started', 'devices: []']);
  });

  it("fails a waiting call with the start's own error", async () => {
    const start = manualStart();
    const handlers = handlersWhileStarting({}, start.started);
    const call = handlers['sync.state']({});
    start.fail(new Error('the store key cannot be read'));
    await expect(call).rejects.toThrow('the store key cannot be read');
  });
});
