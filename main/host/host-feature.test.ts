import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TerminalConfig, type TerminalRole } from '../../contract/config.js';
import { hostMethods, type HostMethodName } from '../../contract/host-api.js';
import { attachAll, combineHandlers, detachAll, unansweredMethods, type HostFeature } from './host-feature.js';
import { Host } from './host.js';
import { createLogger } from './logging.js';

const answer = async () => ({ ok: true });
function recording(name: string, calls: string[], handlers: Record<string, unknown> = {}): HostFeature {
  return { name, handlers, attach: () => void calls.push(`attach ${name}`), detach: async () => void calls.push(`detach ${name}`) };
}

describe('host features', () => {
  it('attach in list order and detach in mirror order, every one even when one fails', async () => {
    const calls: string[] = [];
    const failing: HostFeature = {
      name: 'b',
      detach: () => {
        calls.push('detach b');
        throw new Error('stuck');
      },
    };
    const features = [recording('a', calls), failing, recording('c', calls)];
    attachAll(features);
    const errors: string[] = [];
    await detachAll(features, (feature) => errors.push(feature));
    expect(calls).toEqual(['attach a', 'attach c', 'detach c', 'detach b', 'detach a']);
    expect(errors).toEqual(['b']);
  });

  it('refuse a method answered by two features, naming both', () => {
    expect(() => combineHandlers([recording('queue', [], { 'queue.snapshot': answer }), recording('display', [], { 'queue.snapshot': answer })])).toThrow(
      'host method queue.snapshot is answered by both queue and display',
    );
  });

  it('replace a method only where an override says so, and only one some feature answers', () => {
    const replaced = async () => ({ ok: 'proxy' });
    const combined = combineHandlers([recording('o2o', [], { 'application.start': answer })], { 'application.start': replaced } as never);
    expect(combined['application.start' as HostMethodName]).toBe(replaced);
    expect(() => combineHandlers([recording('o2o', [], { 'application.start': answer })], { 'application.cancel': replaced } as never)).toThrow(
      'no feature answers',
    );
  });
});

describe('the host of every role', () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it.each<TerminalRole>(['kiosk', 'counter', 'display', 'proxy-point'])('%s: answers every host API method, each from one feature', (role) => {
    const dir = mkdtempSync(join(tmpdir(), 'hall-features-'));
    dirs.push(dir);
    const config = TerminalConfig.parse({
      hallId: 'hall-a',
      terminalId: `${role}-01`,
      role,
      platformUrl: 'https://platform.example.gov.cn',
      languages: ['zh-CN'],
      defaultLanguage: 'zh-CN',
      devices: [],
      sync: {},
      ...(role === 'counter' ? { queue: { counterId: 'counter-1' } } : {}),
    });
    const host = new Host({ config, shell: 'headless', dataDir: dir, version: 't', log: createLogger({}) });
    expect(unansweredMethods(host.handlers, Object.keys(hostMethods) as HostMethodName[])).toEqual([]);
  });
});
