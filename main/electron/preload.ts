// Runs in the sandboxed renderer before the page: exposes exactly one typed object, nothing else.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { BRIDGE_GLOBAL, IPC_EVENT_CHANNEL, IPC_INVOKE_CHANNEL, type HallHostBridge } from '../../contract/wire-names.js';

const bridge: HallHostBridge = {
  call: (method: string, input: unknown): Promise<unknown> => ipcRenderer.invoke(IPC_INVOKE_CHANNEL, { method, input }),
  on: (listener: (event: string, payload: unknown) => void): (() => void) => {
    const wrapped = (_e: IpcRendererEvent, message: { event: string; payload: unknown }) => listener(message.event, message.payload);
    ipcRenderer.on(IPC_EVENT_CHANNEL, wrapped);
    return () => void ipcRenderer.removeListener(IPC_EVENT_CHANNEL, wrapped);
  },
};

contextBridge.exposeInMainWorld(BRIDGE_GLOBAL, bridge);
