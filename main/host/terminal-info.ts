import { showsOnScreenKeyboard, type TerminalConfig } from '../../contract/config.js';
import type { Clock } from '../../contract/clock.js';
import { hostMethods, type HostHandlers, type HostMethodName, type MethodOutput } from '../../contract/host-api.js';
import { keyboardWedgeSettings } from './features/devices/keyboard-wedge.js';

/**
 * What the page needs to draw its first screen, from the configuration alone: the host answers it
 * while its other parts (store, devices, sync) are still starting.
 */
export function terminalInfo(config: TerminalConfig, about: { version: string; shell: 'electron' | 'headless'; clock: Clock }): MethodOutput<'terminal.info'> {
  const keyboardWedge = keyboardWedgeSettings(config);
  return {
    hallId: config.hallId,
    ...(config.hallName ? { hallName: config.hallName } : {}),
    terminalId: config.terminalId,
    role: config.role,
    languages: config.languages,
    defaultLanguage: config.defaultLanguage,
    version: about.version,
    shell: about.shell,
    now: about.clock.iso(),
    session: { idleSeconds: config.session.idleSeconds, countdownSeconds: config.session.countdownSeconds },
    onScreenKeyboard: showsOnScreenKeyboard(config.onScreenKeyboard, config.role),
    ...(keyboardWedge ? { keyboardWedge } : {}),
  };
}

/**
 * The host's methods while it starts: those in `early` answer at once; every other call asks for the
 * start (`begin`) and waits until the started host's own handlers are there (failing as they would if
 * the start failed).
 */
export function handlersWhileStarting(early: Partial<HostHandlers>, started: Promise<HostHandlers>, begin: () => void = () => undefined): HostHandlers {
  // A start failure is reported by whoever awaits the start; calls waiting here get the same error.
  started.catch(() => undefined);
  const gated = Object.fromEntries(
    (Object.keys(hostMethods) as HostMethodName[]).map((method) => [
      method,
      early[method] ??
        (async (input: unknown) => {
          begin();
          return ((await started)[method] as (input: unknown) => Promise<unknown>)(input);
        }),
    ]),
  );
  return gated as HostHandlers;
}
