// Each role's main window reaches its own role's methods only, by which window it is (fake electron):
// a kiosk's page cannot call the counter's desk, a counter's cannot make applications, a proxy
// point's cannot call tickets — whatever its page asks, before any feature is reached.
import { afterEach, describe, expect, it } from 'vitest';
import { invokeFromWindow, ipcMain } from '../../../test/fakes/electron.js';
import { hostMethods, IPC_INVOKE_CHANNEL, type HostHandlers, type HostMethodName } from '../../../contract/host-api.js';
import { viewProfile } from '../../../contract/role-profiles.js';
import { HostEventBus } from '../../host/event-bus.js';
import { createLogger } from '../../host/logging.js';
import { APP_ORIGIN } from '../app-protocol.js';
import { registerHostApiIpc } from './host-api-ipc.js';
import { ValidatedIpc } from './validated-ipc.js';

/** Every handler answers, so a refusal can only come from the window's profile. */
const reached: HostMethodName[] = [];
const handlers = Object.fromEntries(
  Object.keys(hostMethods).map((method) => [
    method,
    async () => {
      reached.push(method as HostMethodName);
      return {};
    },
  ]),
) as unknown as HostHandlers;

const CASES = {
  kiosk: {
    refused: ['queue.call', 'queue.finish', 'counter.decide', 'personalCode.issue', 'proxy.signIn', 'queue.announcements'],
    reached: ['queue.checkIn', 'queue.snapshot', 'admin.state'],
  },
  counter: {
    refused: ['application.start', 'application.submit', 'proxy.signIn', 'queue.checkIn', 'queue.announced'],
    reached: ['queue.recall', 'queue.resume', 'personalCode.revoke', 'admin.state'],
  },
  'proxy-point': {
    refused: ['queue.call', 'queue.pause', 'counter.open', 'personalCode.issue', 'queue.checkIn'],
    reached: ['proxy.signOut', 'proxy.status', 'admin.state'],
  },
} as const;

describe('each role’s main window is confined to its role (Electron IPC)', () => {
  let dispose: (() => void) | undefined;
  afterEach(() => dispose?.());

  for (const [role, expected] of Object.entries(CASES)) {
    it(`a ${role} window`, async () => {
      const ipc = new ValidatedIpc(ipcMain as never, { appOrigin: APP_ORIGIN }, () => undefined);
      const window = { isDestroyed: () => false, send: () => undefined };
      const profile = viewProfile(role as keyof typeof CASES, 'main')!;
      const unsubscribe = registerHostApiIpc({
        ipc,
        handlers,
        bus: new HostEventBus(),
        log: createLogger({}),
        targets: () => [window as never],
        profileFor: () => profile,
      });
      dispose = () => {
        unsubscribe();
        ipc.dispose();
      };
      const frame = { url: `${APP_ORIGIN}/index.html`, parent: null };
      const call = (method: string) =>
        invokeFromWindow(window, frame, IPC_INVOKE_CHANNEL, { method, input: {} }) as Promise<{
          ok: boolean;
          error?: { code: string; detail?: { key: string } };
        }>;
      reached.length = 0;
      for (const method of expected.refused) {
        await expect(call(method), method).resolves.toMatchObject({ ok: false, error: { code: 'unauthorized', detail: { key: 'role.methodRefused' } } });
      }
      expect(reached).toEqual([]);
      for (const method of expected.reached) {
        const answer = await call(method);
        expect(answer.error?.code, method).not.toBe('unauthorized');
      }
      expect(reached).toEqual(expect.arrayContaining([...expected.reached]));
    });
  }
});
