// The one typed API the renderer sees. Electron IPC and HTTP/WebSocket both implement it.
import { z } from 'zod';
import { adminEvents, adminMethods } from './api/admin.js';
import { assistEvents, assistMethods } from './api/assist.js';
import { clerkEvents, clerkMethods } from './api/clerk.js';
import { deviceEvents, deviceMethods } from './api/devices.js';
import { idcardEvents, idcardMethods } from './api/idcard.js';
import { o2oMethods } from './api/o2o.js';
import { personalCodeMethods } from './api/personal-code.js';
import { phoneUploadMethods } from './api/phone-upload.js';
import { proxyEvents, proxyMethods } from './api/proxy.js';
import { printerEvents, printerMethods } from './api/printing.js';
import { queueEvents, queueMethods } from './api/queue.js';
import { liveHelpEvents, liveHelpMethods } from './api/live-help.js';
import { remoteHelpEvents, remoteHelpMethods } from './api/remote-help.js';
import { scannerEvents } from './api/scanning.js';
import { simulatorMethods } from './api/simulators.js';
import { syncEvents, syncMethods } from './api/sync.js';
import { terminalMethods } from './api/terminal.js';
import type { Result } from './result.js';

// Each feature defines its methods and events in contract/api/<feature>.ts; this file joins them.
export { HOST_SHELLS, TerminalInfo } from './api/terminal.js';

export const hostMethods = {
  ...terminalMethods,
  ...deviceMethods,
  ...syncMethods,
  ...idcardMethods,
  ...printerMethods,
  ...queueMethods,
  ...assistMethods,
  ...liveHelpMethods,
  ...simulatorMethods,
  ...adminMethods,
  ...personalCodeMethods,
  ...o2oMethods,
  ...phoneUploadMethods,
  ...proxyMethods,
  ...remoteHelpMethods,
  ...clerkMethods,
} as const;

export const hostEvents = {
  ...deviceEvents,
  ...syncEvents,
  ...idcardEvents,
  ...printerEvents,
  ...queueEvents,
  ...assistEvents,
  ...liveHelpEvents,
  ...scannerEvents,
  ...adminEvents,
  ...proxyEvents,
  ...remoteHelpEvents,
  ...clerkEvents,
} as const;

export type HostMethodName = keyof typeof hostMethods;
export type HostEventName = keyof typeof hostEvents;
export type MethodInput<M extends HostMethodName> = z.input<(typeof hostMethods)[M]['input']>;
export type MethodOutput<M extends HostMethodName> = z.output<(typeof hostMethods)[M]['output']>;
export type EventPayload<E extends HostEventName> = z.output<(typeof hostEvents)[E]>;

export const isHostMethodName = (name: unknown): name is HostMethodName => typeof name === 'string' && Object.prototype.hasOwnProperty.call(hostMethods, name);
export const isHostEventName = (name: unknown): name is HostEventName => typeof name === 'string' && Object.prototype.hasOwnProperty.call(hostEvents, name);

/** What the renderer holds, whichever shell it runs in. */
export interface HostApiClient {
  call<M extends HostMethodName>(method: M, input: MethodInput<M>): Promise<Result<MethodOutput<M>>>;
  on<E extends HostEventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/** What each host implements; adapters wrap it. */
export type HostHandlers = { [M in HostMethodName]: (input: z.output<(typeof hostMethods)[M]['input']>) => Promise<MethodOutput<M>> };

/** Wire format of a server-pushed event (WebSocket frame or IPC message). */
export const HostEventEnvelope = z.object({ event: z.string(), payload: z.unknown() });
export type HostEventEnvelope = z.infer<typeof HostEventEnvelope>;

export * from './wire-names.js';
