import type { WebContents } from 'electron';
import { IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type HostHandlers } from '../../../contract/host-api.js';
import { mayReceive, type ViewProfile } from '../../../contract/role-profiles.js';
import { dispatchHostCall } from '../../host/dispatch.js';
import type { HostEventBus } from '../../host/event-bus.js';
import type { Logger } from '../../host/logging.js';
import type { ValidatedIpc } from './validated-ipc.js';

/**
 * The host API over Electron IPC: calls on one validated channel, events pushed to every window of ours.
 * `profileFor` confines a window by what it is (the counter's citizen-facing rating window, …), not by
 * what its page claims: undefined means the operator's own window, which reaches every method.
 */
export function registerHostApiIpc(options: {
  ipc: ValidatedIpc;
  handlers: HostHandlers;
  bus: HostEventBus;
  log: Logger;
  targets: () => WebContents[];
  profileFor?: (contents: WebContents) => ViewProfile | undefined;
}): () => void {
  options.ipc.handle(IPC_INVOKE_CHANNEL, (event, request) => {
    const { method, input } = (request ?? {}) as { method?: unknown; input?: unknown };
    return dispatchHostCall(options.handlers, method, input, options.log, options.profileFor?.(event.sender));
  });
  return options.bus.subscribe((event, payload) => {
    for (const contents of options.targets()) {
      if (contents.isDestroyed()) continue;
      const profile = options.profileFor?.(contents);
      if (!profile || mayReceive(profile, event)) contents.send(IPC_EVENT_CHANNEL, { event, payload });
    }
  });
}
