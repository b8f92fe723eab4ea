import {
  hostEvents,
  hostMethods,
  type EventPayload,
  type HostApiClient,
  type HostEventName,
  type HostMethodName,
  type MethodInput,
  type MethodOutput,
} from '../../../contract/host-api.js';
import { HostMessage } from '../../../contract/host-messages.js';
import { err, HOST_ERROR_CODES, type HostError, type Result } from '../../../contract/result.js';

/** Raw transport underneath a client: returns whatever the host sent, unchecked. */
export interface RawHostTransport {
  call(method: string, input: unknown): Promise<unknown>;
  on(listener: (event: string, payload: unknown) => void): () => void;
  onConnectionChange(listener: (connected: boolean) => void): () => void;
}

export interface HallHostClient extends HostApiClient {
  /** Fires when the link to the host drops or returns (always connected under Electron IPC). */
  onConnectionChange(listener: (connected: boolean) => void): () => void;
}

/** A refusal as the contract has it: a known code, and a detail only when it is a known message with plain parameters. */
function checkedError(error: unknown): HostError {
  const { code, message, detail } = (error ?? {}) as { code?: unknown; message?: unknown; detail?: unknown };
  const known = (HOST_ERROR_CODES as readonly unknown[]).includes(code) ? (code as HostError['code']) : 'internal';
  const parsedDetail = HostMessage.safeParse(detail);
  return { code: known, message: typeof message === 'string' ? message : '', ...(parsedDetail.success ? { detail: parsedDetail.data } : {}) };
}

const isResultShape = (value: unknown): value is Result<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { ok?: unknown }).ok === 'boolean';

/**
 * The renderer trusts nothing it receives: every result and event is checked against the
 * contract before the UI sees it, whichever adapter carried it.
 */
export function createValidatedClient(transport: RawHostTransport): HallHostClient {
  const listeners = new Map<HostEventName, Set<(payload: unknown) => void>>();
  transport.on((event, payload) => {
    if (!(event in hostEvents)) return;
    const name = event as HostEventName;
    const parsed = hostEvents[name].safeParse(payload);
    if (!parsed.success) {
      console.warn(`host event ${name} did not match the contract`);
      return;
    }
    listeners.get(name)?.forEach((listener) => listener(parsed.data));
  });

  return {
    async call<M extends HostMethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>> {
      let raw: unknown;
      try {
        raw = await transport.call(method, input);
      } catch (error) {
        return err('unavailable', `the terminal's host did not answer (${(error as Error).message})`);
      }
      if (!isResultShape(raw)) return err('internal', `malformed answer to ${method}`);
      if (!raw.ok) return { ok: false, error: checkedError(raw.error) };
      const parsed = hostMethods[method].output.safeParse(raw.value);
      return parsed.success ? { ok: true, value: parsed.data as MethodOutput<M> } : err('internal', `answer to ${method} did not match the contract`);
    },
    on<E extends HostEventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const wrapped = listener as (payload: unknown) => void;
      set.add(wrapped);
      return () => void set.delete(wrapped);
    },
    onConnectionChange: (listener) => transport.onConnectionChange(listener),
  };
}
