import { lazy, Suspense, useState, type ComponentType } from 'react';

/** A component fetched as its own chunk the first time it is drawn, or earlier through `preload`. */
export type LazyComponent<P extends object> = ComponentType<P> & { preload(): Promise<unknown> };

/**
 * A component whose code is fetched the first time it is drawn (or when `preload` is called), as
 * its own chunk: the home screen starts without the code of screens and roles it does not show.
 * The chunk comes from the same host (or app://), so the placeholder is seen for a moment at most;
 * once fetched, the component draws at once, as if it had been imported (a screen that listens
 * for a scan is listening as soon as it is shown).
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): LazyComponent<P> {
  let loaded: ComponentType<P> | undefined;
  let loading: Promise<{ default: ComponentType<P> }> | undefined;
  const loadOnce = () =>
    (loading ??= load().then(
      (component) => {
        loaded = component;
        return { default: component };
      },
      (error: unknown) => {
        // A failed fetch (the host restarting) is tried again the next time.
        loading = undefined;
        throw error;
      },
    ));
  const Loaded = lazy(loadOnce);
  function LazyScreen(props: P) {
    // Decided once per mount: switching between the two trees later would remount the screen and lose its state.
    const [Ready] = useState(() => loaded);
    if (Ready) return <Ready {...props} />;
    return (
      <Suspense fallback={<div className="lazy-loading" aria-busy="true" />}>
        <Loaded {...props} />
      </Suspense>
    );
  }
  return Object.assign(LazyScreen, { preload: loadOnce });
}
