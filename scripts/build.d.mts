export function isStale(part: 'node' | 'renderer'): boolean;
export function buildRenderer(): void;
export function buildAll(options?: { ifNeeded?: boolean }): Promise<void>;
