// A fake of the parts of Electron the main process uses, for unit tests on a machine with no
// Electron binary. IPC values are passed through structuredClone, as Electron does, so a test
// fails if the API leaks something that would not survive the real boundary (a class, a function).
import { EventEmitter } from 'node:events';

type Listener = (...args: unknown[]) => void;

export interface FakeFrame {
  url: string;
  parent: FakeFrame | null;
}

class FakeWebContents extends EventEmitter {
  mainFrame: FakeFrame = { url: 'about:blank', parent: null };
  windowOpenHandler: ((details: { url: string }) => { action: 'allow' | 'deny' }) | undefined;
  reloads = 0;
  destroyed = false;
  zoomLimits: [number, number] | undefined;
  async setVisualZoomLevelLimits(min: number, max: number) {
    this.zoomLimits = [min, max];
  }
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'allow' | 'deny' }) {
    this.windowOpenHandler = handler;
  }
  send(channel: string, message: unknown) {
    fake.rendererChannel.emit(channel, { sender: this }, structuredClone(message));
  }
  reload() {
    this.reloads += 1;
  }
  isDestroyed() {
    return this.destroyed;
  }
}

export class BrowserWindow extends EventEmitter {
  static windows: BrowserWindow[] = [];
  static getAllWindows() {
    return BrowserWindow.windows;
  }
  readonly webContents = new FakeWebContents();
  shown = false;
  focused = false;
  constructor(readonly options: Record<string, unknown>) {
    super();
    BrowserWindow.windows.push(this);
  }
  readonly loads: string[] = [];
  async loadURL(url: string) {
    this.loads.push(url);
    this.webContents.mainFrame.url = url;
    this.emit('ready-to-show');
  }
  show() {
    this.shown = true;
  }
  focus() {
    this.focused = true;
  }
  restore() {}
  isMinimized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
}

type InvokeHandler = (event: { senderFrame: FakeFrame | null; sender: unknown }, ...args: unknown[]) => unknown;

export const ipcMain = {
  handlers: new Map<string, InvokeHandler>(),
  handle(channel: string, handler: InvokeHandler) {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  },
  removeHandler(channel: string) {
    this.handlers.delete(channel);
  },
};

/** Test helper: what ipcRenderer.invoke does, from a chosen frame (of a chosen window's contents). */
export async function invokeFromFrame(frame: FakeFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
  return invokeFromWindow(undefined, frame, channel, ...args);
}

/** Test helper: an invoke from the main frame of one window's contents, as Electron's event.sender names it. */
export async function invokeFromWindow(sender: unknown, frame: FakeFrame | null, channel: string, ...args: unknown[]): Promise<unknown> {
  const handler = ipcMain.handlers.get(channel);
  if (!handler) throw new Error(`No handler registered for '${channel}'`);
  try {
    return structuredClone(await handler({ senderFrame: frame, sender }, ...args.map((arg) => structuredClone(arg))));
  } catch (error) {
    // Electron rethrows handler errors in the renderer as a plain Error with a prefixed message.
    throw new Error(`Error invoking remote method '${channel}': ${(error as Error).message}`, { cause: error });
  }
}

export const ipcRenderer = {
  /** The frame this fake renderer runs in; tests point it at the window's main frame. */
  frame: null as FakeFrame | null,
  /** The web contents this fake renderer belongs to (event.sender in the main process). */
  sender: undefined as unknown,
  invoke(channel: string, ...args: unknown[]) {
    return invokeFromWindow(this.sender, this.frame, channel, ...args);
  },
  on(channel: string, listener: Listener) {
    fake.rendererChannel.on(channel, listener);
    return this;
  },
  removeListener(channel: string, listener: Listener) {
    fake.rendererChannel.off(channel, listener);
    return this;
  },
};

/** Values crossing the context bridge are cloned; functions become callable proxies. */
function bridgeValue(value: unknown): unknown {
  if (typeof value === 'function') return (...args: unknown[]) => bridgeValue((value as (...a: unknown[]) => unknown)(...args.map(bridgeArg)));
  if (value instanceof Promise) return value.then(bridgeValue);
  if (Array.isArray(value)) return value.map(bridgeValue);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, bridgeValue(v)]));
  return structuredClone(value);
}
const bridgeArg = (value: unknown) => (typeof value === 'function' ? value : structuredClone(value));

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown) {
    if (key in fake.world) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
    fake.world[key] = bridgeValue(api);
  },
};

export const protocol = {
  privileged: [] as unknown[],
  handlers: new Map<string, (request: { url: string }) => Promise<Response>>(),
  registerSchemesAsPrivileged(schemes: unknown[]) {
    this.privileged.push(...schemes);
  },
  handle(scheme: string, handler: (request: { url: string }) => Promise<Response>) {
    this.handlers.set(scheme, handler);
  },
};

type PermissionHandler = (contents: unknown, permission: string, callback: (granted: boolean) => void, details: Record<string, unknown>) => void;
type HeadersHandler = (
  details: { responseHeaders?: Record<string, string[]> },
  callback: (response: { responseHeaders: Record<string, string[]> }) => void,
) => void;

export const session = {
  defaultSession: {
    permissionRequestHandler: undefined as PermissionHandler | undefined,
    permissionCheckHandler: undefined as ((contents: unknown, permission: string, origin: string) => boolean) | undefined,
    headersHandler: undefined as HeadersHandler | undefined,
    setPermissionRequestHandler(handler: PermissionHandler) {
      this.permissionRequestHandler = handler;
    },
    setPermissionCheckHandler(handler: (contents: unknown, permission: string, origin: string) => boolean) {
      this.permissionCheckHandler = handler;
    },
    webRequest: {
      onHeadersReceived(handler: HeadersHandler) {
        session.defaultSession.headersHandler = handler;
      },
    },
  },
};

class FakeApp extends EventEmitter {
  singleInstance = true;
  quitCalled = false;
  isPackaged = false;
  loginItems: unknown[] = [];
  setLoginItemSettings(settings: unknown) {
    this.loginItems.push(settings);
  }
  relaunched = false;
  exitCode: number | undefined;
  relaunch() {
    this.relaunched = true;
  }
  exit(code: number) {
    this.exitCode = code;
  }
  userData = '/tmp/hall-fake-electron';
  private readyResolve: (() => void) | undefined;
  private readonly ready = new Promise<void>((resolve) => (this.readyResolve = resolve));
  requestSingleInstanceLock() {
    return this.singleInstance;
  }
  quit() {
    this.quitCalled = true;
  }
  whenReady() {
    return this.ready;
  }
  /** Test helper: Electron has finished starting. */
  becomeReady() {
    this.readyResolve?.();
    this.emit('ready');
  }
  getPath(name: string) {
    if (name !== 'userData') throw new Error(`fake app.getPath(${name}) not supported`);
    return this.userData;
  }
}

export const app = new FakeApp();

interface FakeDisplay {
  id: number;
  bounds: { x: number; y: number; width: number; height: number };
}
export const screen = {
  displays: [{ id: 1, bounds: { x: 0, y: 0, width: 1920, height: 1080 } }] as FakeDisplay[],
  getPrimaryDisplay() {
    return this.displays[0]!;
  },
  getAllDisplays() {
    return this.displays;
  },
};

export const powerSaveBlocker = {
  active: new Map<number, string>(),
  next: 1,
  start(type: string) {
    const id = this.next++;
    this.active.set(id, type);
    return id;
  },
  stop(id: number) {
    this.active.delete(id);
  },
};

/** Seals by XOR with a fixed pad, so a test can tell sealed bytes from plain ones. */
export const safeStorage = {
  available: true,
  backend: 'gnome_libsecret' as string,
  isEncryptionAvailable() {
    return this.available;
  },
  getSelectedStorageBackend() {
    return this.backend;
  },
  encryptString(text: string) {
    return Buffer.from(Buffer.from(text, 'utf8').map((b) => b ^ 0x5a));
  },
  decryptString(sealed: Buffer) {
    return Buffer.from(sealed.map((b) => b ^ 0x5a)).toString('utf8');
  },
};

/** The application menu; null once the app has removed it. */
export const Menu = {
  application: undefined as unknown,
  setApplicationMenu(menu: unknown) {
    this.application = menu;
  },
};

export const fake = {
  world: {} as Record<string, unknown>,
  rendererChannel: new EventEmitter(),
};

export default { app, BrowserWindow, ipcMain, ipcRenderer, contextBridge, protocol, session, safeStorage, powerSaveBlocker, screen, Menu };
