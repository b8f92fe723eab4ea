import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TerminalConfig, type TerminalRole } from '../../contract/config.js';
import { hostMethods, type HostMethodName } from '../../contract/host-api.js';
import { ROLE_PROFILES } from '../../contract/role-profiles.js';
import type { HostFault } from './dispatch.js';
import { isRoleRefusal } from './host-features.js';
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

  it.each<TerminalRole>(['kiosk', 'counter', 'display', 'proxy-point'])(
    '%s: builds the features its profile names, answers every method its windows may call, refuses the rest by role',
    async (role) => {
      const dir = mkdtempSync(join(tmpdir(), 'hall-features-'));
      dirs.push(dir);
      const config = TerminalConfig.parse({
        hallId: 'hall-a',
        terminalId: `${role}-01`,
        role,
        platformUrl: 'http://127.0.0.1:9',
        languages: ['zh-CN'],
        defaultLanguage: 'zh-CN',
        devices: [],
        sync: {},
        ...(role === 'counter' ? { queue: { counterId: 'counter-1' } } : {}),
      });
      const host = new Host({ config, shell: 'headless', dataDir: dir, version: 't', log: createLogger({ level: 'silent' }) });
      expect(() => host.handlers).toThrow('host not started');
      await host.start();
      try {
        const all = Object.keys(hostMethods) as HostMethodName[];
        expect(unansweredMethods(host.handlers, all)).toEqual([]);
        // Every method a window of this role may call reaches a feature the role has.
        const allowed = new Set(Object.values(ROLE_PROFILES[role].views).flatMap((view) => view!.methods));
        const refused = all.filter((method) => isRoleRefusal(host.handlers[method]));
        if (refused[0]) {
          const refusal = await host.handlers[refused[0]]({} as never).catch((error: unknown) => error as HostFault);
          expect(refusal).toMatchObject({ code: 'unauthorized', detail: { key: 'role.methodRefused' } });
        }
        for (const method of refused) expect(allowed.has(method), `${role} may call ${method}, which no feature of it answers`).toBe(false);
        if (role === 'display') expect(refused).toEqual(expect.arrayContaining(['application.start', 'proxy.signIn', 'counter.open', 'liveHelp.ring']));
        if (role === 'kiosk') expect(refused).toEqual(expect.arrayContaining(['proxy.signIn', 'clerk.signIn', 'personalCode.issue']));
        if (role === 'counter') expect(refused).toEqual(expect.arrayContaining(['proxy.signIn', 'phoneUpload.open']));
        if (role === 'proxy-point') expect(refused).not.toContain('proxy.signIn');
      } finally {
        await host.stop();
      }
    },
  );
});
