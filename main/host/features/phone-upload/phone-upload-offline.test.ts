// The kiosk's phone upload when the hall service is away, and the session's end reaching every
// upload of the session: a hall service stand-in records what the feature asks of it.
import { describe, expect, it } from 'vitest';
import type { RouteCall } from '../../../../offline-store/sync/platform-api-client.js';
import { HostEventBus } from '../../event-bus.js';
import { createLogger } from '../../logging.js';
import { PhoneUploadFeature } from './phone-upload-feature.js';
import { HallServiceError, type QueueRouteName } from '../queue/queue-client.js';

const PHOTO = { photoId: 'p1', mediaType: 'image/jpeg' as const, base64: '/9j/AAAA', width: 3, height: 4, receivedAt: '2026-12-03T08:00:00.000Z' };

function feature(answer: (name: QueueRouteName, call: RouteCall) => unknown) {
  const asked: string[] = [];
  const bus = new HostEventBus();
  const captures: unknown[] = [];
  const uploads = new PhoneUploadFeature({
    hallService: {
      request: async <T>(name: QueueRouteName, call: RouteCall = {}) => {
        asked.push(`${name} ${call.params?.id ?? ''}`.trim());
        return answer(name, call) as T;
      },
    },
    bus,
    draftMaterial: (draftId, materialId) => {
      if (draftId !== 'draft-1') throw new Error('this application was ended; start again');
      return { id: materialId, name: '户口簿本人页' };
    },
    addCapture: async (input) => {
      captures.push(input);
      return { materialId: input.materialId };
    },
    log: createLogger({ level: 'silent' }),
  });
  uploads.attach();
  return { uploads, asked, bus, captures };
}

describe('phone upload at the terminal', () => {
  it('says the hall service is unreachable instead of showing a QR, and keeps a photo it holds when the link drops', async () => {
    let online = true;
    const { uploads } = feature((name) => {
      if (!online) throw new HallServiceError('unreachable', 'hall service unreachable');
      if (name === 'queuePhoneUploadOpen')
        return { available: true, uploadId: 'u1', pageUrl: 'http://hall.lan:8740/p/' + 'A'.repeat(43), expiresAt: '2026-12-03T08:15:00.000Z' };
      if (name === 'queuePhoneUploadTake') return { state: 'used', photos: [PHOTO] };
      return { closed: true };
    });
    const opened = await uploads.handlers['phoneUpload.open']({ draftId: 'draft-1', materialId: 'household' });
    expect(opened.state).toBe('ready');
    expect((await uploads.handlers['phoneUpload.poll']({ uploadId: 'u1' })).photos.map((p) => p.photoId)).toEqual(['p1']);
    online = false;
    expect(await uploads.handlers['phoneUpload.poll']({ uploadId: 'u1' })).toEqual({
      state: 'unreachable',
      photos: [expect.objectContaining({ photoId: 'p1', dataUrl: 'data:image/jpeg;base64,/9j/AAAA' })],
    });
    expect(await uploads.handlers['phoneUpload.open']({ draftId: 'draft-1', materialId: 'household' })).toEqual({ state: 'unreachable' });
    await expect(uploads.handlers['phoneUpload.open']({ draftId: 'draft-gone', materialId: 'household' })).rejects.toThrow(/ended/);
  });

  it('hands a used photo to the draft as a capture, and closes every upload of the session when it ends', async () => {
    let next = 0;
    const { uploads, asked, bus, captures } = feature((name) => {
      if (name === 'queuePhoneUploadOpen')
        return { available: true, uploadId: `u${++next}`, pageUrl: 'http://hall.lan:8740/p/' + 'B'.repeat(43), expiresAt: '2026-12-03T08:15:00.000Z' };
      if (name === 'queuePhoneUploadTake') return { state: 'used', photos: [PHOTO] };
      return { closed: true };
    });
    await uploads.handlers['phoneUpload.open']({ draftId: 'draft-1', materialId: 'household' });
    await uploads.handlers['phoneUpload.poll']({ uploadId: 'u1' });
    expect(await uploads.handlers['phoneUpload.accept']({ uploadId: 'u1', photoId: 'p1' })).toEqual({ materialId: 'household' });
    expect(captures).toEqual([{ draftId: 'draft-1', materialId: 'household', source: 'capture', mediaType: 'image/jpeg', imageBase64: '/9j/AAAA' }]);
    await uploads.handlers['phoneUpload.open']({ draftId: 'draft-1', materialId: 'photo' });
    await uploads.handlers['phoneUpload.open']({ draftId: 'draft-1', materialId: 'form' });
    asked.length = 0;
    bus.publish('session.ended', { reason: 'idle' });
    await expect.poll(() => [...asked].sort()).toEqual(['queuePhoneUploadClose u2', 'queuePhoneUploadClose u3']);
    await expect(uploads.handlers['phoneUpload.poll']({ uploadId: 'u2' })).rejects.toThrow(/ended/);
    await uploads.detach();
  });
});
