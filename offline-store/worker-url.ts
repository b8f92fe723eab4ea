// Starts a sibling worker module both from compiled JavaScript and from TypeScript sources (vitest,
// `node --import tsx`): a .ts worker needs tsx's loader registered inside the worker too.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export function startSiblingWorker(importMetaUrl: string, baseName: string, options: WorkerOptions): Worker {
  const fromSource = importMetaUrl.endsWith('.ts');
  const url = new URL(`./${baseName}.${fromSource ? 'ts' : 'js'}`, importMetaUrl);
  if (!fromSource) return new Worker(url, options);
  const tsxLoader = pathToFileURL(createRequire(importMetaUrl).resolve('tsx')).href;
  return new Worker(url, { ...options, execArgv: [...(options.execArgv ?? []), '--import', tsxLoader] });
}
