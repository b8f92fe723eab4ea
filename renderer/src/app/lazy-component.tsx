import { lazy, Suspense, type ComponentType } from 'react';

/**
 * A component whose code is fetched the first time it is drawn, as its own chunk: the home screen
 * starts without the code of screens and roles it does not show. The chunk comes from the same
 * host (or app://), so the placeholder is seen for a moment at most.
 */
export function lazyComponent<P extends object>(load: () => Promise<ComponentType<P>>): ComponentType<P> {
  const Loaded = lazy(async () => ({ default: await load() }));
  function LazyComponent(props: P) {
    return (
      <Suspense fallback={<div className="lazy-loading" aria-busy="true" />}>
        <Loaded {...props} />
      </Suspense>
    );
  }
  return LazyComponent;
}
