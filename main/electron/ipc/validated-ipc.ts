// The one place that touches ipcMain: every handler is registered through here, so every
// message is checked for its channel prefix and for coming from our own main frame.
import type { IpcMain, IpcMainInvokeEvent, WebFrameMain } from 'electron';
import { IPC_CHANNEL_PREFIX } from '../../../contract/host-api.js';

export interface SenderPolicy {
  /** Origin our UI is served from, e.g. "app://hall". */
  appOrigin: string;
}

/** True only for the top frame of a window showing our own UI. */
export function isTrustedSender(frame: WebFrameMain | null | undefined, policy: SenderPolicy): boolean {
  if (!frame || frame.parent !== null) return false;
  try {
    const url = new URL(frame.url);
    return `${url.protocol}//${url.host}` === policy.appOrigin;
  } catch {
    return false;
  }
}

export class ValidatedIpc {
  private readonly channels = new Set<string>();

  constructor(
    private readonly ipcMain: IpcMain,
    private readonly policy: SenderPolicy,
    private readonly onRejected: (channel: string, reason: string) => void,
  ) {}

  handle(channel: string, handler: (event: IpcMainInvokeEvent, ...args: unknown[]) => Promise<unknown>): void {
    if (!channel.startsWith(IPC_CHANNEL_PREFIX)) throw new Error(`IPC channel ${channel} must start with ${IPC_CHANNEL_PREFIX}`);
    if (this.channels.has(channel)) throw new Error(`IPC channel ${channel} registered twice`);
    this.channels.add(channel);
    this.ipcMain.handle(channel, async (event, ...args) => {
      if (!isTrustedSender(event.senderFrame, this.policy)) {
        this.onRejected(channel, 'sender is not our main frame');
        throw new Error('IPC refused: untrusted sender');
      }
      return handler(event, ...args);
    });
  }

  dispose(): void {
    for (const channel of this.channels) this.ipcMain.removeHandler(channel);
    this.channels.clear();
  }
}
