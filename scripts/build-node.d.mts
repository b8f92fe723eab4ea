export const NODE_OUT_DIR: string;
export const HOST_NODE_FLAGS: string[];
export const HOST_ENV: Record<string, string>;
export function hostEnv(env?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export const EXTERNAL_PACKAGES: string[];
export const NODE_ENTRIES: Record<string, string>;
export function buildNode(options?: { clean?: boolean; outDir?: string }): Promise<void>;
export function watchNode(onRebuilt?: () => void): Promise<{ stop(): Promise<unknown> }>;
