import { hostMethods, isHostMethodName, type HostHandlers } from '../../contract/host-api.js';
import type { HostMessage, HostMessageKey, HostMessageParams } from '../../contract/host-messages.js';
import { err, ok, type Result } from '../../contract/result.js';
import { mayCall, type ViewProfile } from '../../contract/role-profiles.js';
import type { Logger } from './logging.js';

/**
 * A fault the caller should see as a typed error rather than 'internal'. `message` is for the log;
 * `detail` is what the screen says (a key with parameters, translated there).
 */
export class HostFault extends Error {
  readonly detail: HostMessage | undefined;
  constructor(
    readonly code: 'unavailable' | 'device-fault' | 'not-found' | 'conflict' | 'bad-input' | 'unauthorized',
    message: string,
    key?: HostMessageKey,
    params?: HostMessageParams,
  ) {
    super(message);
    this.name = 'HostFault';
    this.detail = key ? { key, ...(params ? { params } : {}) } : undefined;
  }
}

/**
 * The single entry point both adapters use: checks the method name, validates the input
 * against the contract, runs the handler and wraps the outcome in a result envelope.
 */
export async function dispatchHostCall(
  handlers: HostHandlers,
  method: unknown,
  rawInput: unknown,
  log: Logger,
  profile?: ViewProfile,
): Promise<Result<unknown>> {
  if (!isHostMethodName(method)) return err('unknown-method', `unknown method ${JSON.stringify(String(method)).slice(0, 80)}`);
  // A confined view (the citizen's rating window, …) reaches only the methods of its profile.
  if (profile && !mayCall(profile, method)) {
    log.warn({ method, view: profile.view }, "host call refused: not in the view's profile");
    return err('unauthorized', `${method} is not available to the ${profile.view} view`, {
      key: profile.view === 'main' ? 'role.methodRefused' : 'view.methodRefused',
    });
  }
  const parsed = hostMethods[method].input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    return err('bad-input', parsed.error.issues.map((i) => `${i.path.join('.') || '(input)'}: ${i.message}`).join('; '));
  }
  try {
    const handler = handlers[method] as (input: unknown) => Promise<unknown>;
    const value = await handler(parsed.data);
    // The page learns which view its credential opens, whatever its address says.
    if (method === 'terminal.info' && profile && profile.view !== 'main') return ok({ ...(value as object), view: profile.view });
    return ok(value);
  } catch (error) {
    if (error instanceof HostFault) return err(error.code, error.message, error.detail);
    log.error({ err: error, method }, 'host method failed');
    return err('internal', `${method} failed; see the host log`);
  }
}
