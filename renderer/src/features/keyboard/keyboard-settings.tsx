import { createContext, useContext, useEffect, useState, useSyncExternalStore, type ReactNode } from 'react';

const OnScreenKeyboardContext = createContext(false);

/** Whether text fields get the on-screen keyboard on this terminal (config onScreenKeyboard, from terminal.info). */
export function OnScreenKeyboardProvider({ enabled, children }: { enabled: boolean; children: ReactNode }) {
  return <OnScreenKeyboardContext.Provider value={enabled}>{children}</OnScreenKeyboardContext.Provider>;
}

export const useOnScreenKeyboardEnabled = (): boolean => useContext(OnScreenKeyboardContext);

// One keyboard open at a time: the field that last asked for it.
let openField: string | null = null;
const listeners = new Set<() => void>();
const subscribe = (listener: () => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

export function setOpenField(id: string | null): void {
  if (openField === id) return;
  openField = id;
  listeners.forEach((listener) => listener());
}

/** Whether the keyboard of field `id` is the open one. */
export function useKeyboardOpen(id: string): boolean {
  const open = useSyncExternalStore(subscribe, () => openField === id);
  // A field that goes away closes its keyboard, so the next screen starts without one.
  useEffect(() => () => (openField === id ? setOpenField(null) : undefined), [id]);
  return open;
}

/** Elder mode (html.elder) is on: larger keys, fewer candidates per page. */
export function useElderLayout(): boolean {
  const [elder, setElder] = useState(() => document.documentElement.classList.contains('elder'));
  useEffect(() => {
    const observer = new MutationObserver(() => setElder(document.documentElement.classList.contains('elder')));
    observer.observe(document.documentElement, { attributes: true, attributeFilter: ['class'] });
    return () => observer.disconnect();
  }, []);
  return elder;
}
