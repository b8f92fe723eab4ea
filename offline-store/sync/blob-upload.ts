// Resumable upload: ask the platform how far it got, then send chunks from that confirmed offset.
import { SyncRequestError, type PlatformClient } from './platform-client.js';

export async function uploadBlob(client: PlatformClient, sha256: string, bytes: Uint8Array, chunkSize: number): Promise<void> {
  let status = await client.blobStatus(sha256);
  let offset = status.offset;
  while (!status.verified) {
    if (offset > bytes.byteLength) offset = 0;
    const end = Math.min(offset + chunkSize, bytes.byteLength);
    try {
      status = await client.putBlobChunk(sha256, offset, bytes.byteLength, bytes.subarray(offset, end));
      offset = status.offset;
    } catch (error) {
      // 409: our offset disagrees with what the platform stored (a lost reply); resume from its offset.
      if (error instanceof SyncRequestError && error.status === 409) {
        const confirmed = (error.body as { offset?: unknown } | null)?.offset;
        offset = typeof confirmed === 'number' ? confirmed : (await client.blobStatus(sha256)).offset;
        continue;
      }
      throw error;
    }
    if (!status.verified && end === bytes.byteLength && offset === bytes.byteLength) {
      throw new SyncRequestError('protocol', `blob ${sha256} complete but not verified`);
    }
  }
}
