// Where the citizen is when they ask for remote help: the screen reports its step (and, in the apply
// flow, the item and the draft whose materials the request refers to). One small module-level value,
// so the header's button reads it without the screens and the header sharing a parent's state.
import { useEffect, useSyncExternalStore } from 'react';
import type { HelpStep } from '../../../../contract/remote-help.js';

export interface HelpContext {
  step: HelpStep;
  serviceCode?: string;
  draftId?: string;
}

const HOME: HelpContext = { step: 'home' };
let current: HelpContext = HOME;
const listeners = new Set<() => void>();

function set(next: HelpContext): void {
  current = next;
  for (const listener of listeners) listener();
}

/** The context the help button sends with a request now. */
export function currentHelpContext(): HelpContext {
  return current;
}

export function useHelpContext(): HelpContext {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => current,
  );
}

/** A screen says where the citizen is; when it goes away the context is the home screen again. */
export function useReportHelpContext(context: HelpContext | null): void {
  const { step, serviceCode, draftId } = context ?? HOME;
  useEffect(() => {
    set({ step, ...(serviceCode ? { serviceCode } : {}), ...(draftId ? { draftId } : {}) });
    return () => set(HOME);
  }, [step, serviceCode, draftId]);
}
