// The worker thread that checks and re-encodes phone photos: decoding a 12-megapixel JPEG in
// JavaScript takes seconds, which must not stall the hall queue service's calls and event streams.
import { parentPort } from 'node:worker_threads';
import { cleanPhoneUploadPhoto, PhotoRefused } from './phone-photo.js';

export type PhotoJob = { id: number; bytes: Uint8Array };
export type PhotoAnswer =
  { id: number; ok: true; jpeg: Uint8Array; width: number; height: number } | { id: number; ok: false; reason?: PhotoRefused['reason']; message: string };

parentPort?.on('message', ({ id, bytes }: PhotoJob) => {
  let answer: PhotoAnswer;
  try {
    const clean = cleanPhoneUploadPhoto(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    answer = { id, ok: true, jpeg: clean.jpeg, width: clean.width, height: clean.height };
  } catch (error) {
    answer =
      error instanceof PhotoRefused
        ? { id, ok: false, reason: error.reason, message: error.message }
        : { id, ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  parentPort!.postMessage(answer);
});
