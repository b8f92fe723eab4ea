// Runs the phone photo checks in a worker thread of their own (one, started on first use, stopped
// when the service closes), so a photo never blocks the hall queue service's event loop.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PhotoRefused, type CleanPhoto } from './phone-photo.js';
import type { PhotoAnswer, PhotoJob } from './phone-photo-worker.js';

/**
 * The worker file beside this module: `phone-photo-worker.js` next to the compiled bundle
 * (scripts/build-node.mjs builds it as an entry of its own), or the .ts source under tsx (tests, dev).
 * (offline-store/worker-url.ts does the same for the store; the layers keep the platform from importing it.)
 */
function startWorker(): Worker {
  const fromSource = import.meta.url.endsWith('.ts');
  const url = new URL(`./phone-photo-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  if (!fromSource) return new Worker(url);
  return new Worker(url, { execArgv: ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] });
}

export class PhonePhotoCleaner {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (photo: CleanPhoto) => void; reject: (error: Error) => void }>();

  /** The photo checked and re-encoded off the event loop; a refusal rejects with PhotoRefused. */
  clean(bytes: Buffer): Promise<CleanPhoto> {
    const worker = this.running();
    const id = this.nextId++;
    return new Promise<CleanPhoto>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.ref();
      const job: PhotoJob = { id, bytes };
      worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private running(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker();
    worker.on('message', (answer: PhotoAnswer) => {
      const waiting = this.pending.get(answer.id);
      this.pending.delete(answer.id);
      // Idle between photos: the worker does not keep the process alive.
      if (this.pending.size === 0) worker.unref();
      if (!waiting) return;
      if (answer.ok)
        waiting.resolve({ jpeg: Buffer.from(answer.jpeg.buffer, answer.jpeg.byteOffset, answer.jpeg.byteLength), width: answer.width, height: answer.height });
      else waiting.reject(answer.reason ? new PhotoRefused(answer.reason, answer.message) : new Error(answer.message));
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const waiting of this.pending.values()) waiting.reject(error);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the photo worker stopped (${code})`)));
    worker.unref();
    this.worker = worker;
    return worker;
  }
}
