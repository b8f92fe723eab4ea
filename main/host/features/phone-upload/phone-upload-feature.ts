// Materials from the citizen's phone, the terminal's side: opens a one-time upload on the hall queue
// service for a material of the citizen's application, takes what the phone sent (the service deletes
// it as it goes), holds it in memory until the citizen uses or discards it, and ends every upload
// on the service when the citizen's session ends — so a QR left on a phone opens nothing afterwards.
import QRCode from 'qrcode';
import type { HostHandlers, MethodInput } from '../../../../contract/host-api.js';
import type { PhoneUploadProgress, PhoneUploadStart } from '../../../../contract/api/phone-upload.js';
import { PhoneUploadOpened, PhoneUploadTaken, type PhonePhoto } from '../../../../contract/phone-upload.js';
import type { RouteCall } from '../../../../offline-store/sync/platform-api-client.js';
import { HostFault } from '../../dispatch.js';
import type { Logger } from '../../logging.js';
import type { HostEventBus } from '../../event-bus.js';
import type { HostFeature } from '../../host-feature.js';
import { HallServiceError, type QueueRouteName } from '../queue/queue-client.js';

export interface PhoneUploadDeps {
  /** The hall service client the queue feature uses (same credential, same address). */
  hallService: { request<T>(name: QueueRouteName, call?: RouteCall): Promise<T> };
  /** Carries `session.ended` (the citizen pressed 结束 or the idle wipe ran): every upload ends then, as the drafts do. */
  bus: HostEventBus;
  /** The material of an open draft; throws (a HostFault) once the draft ended. */
  draftMaterial: (draftId: string, materialId: string) => { id: string; name: string };
  /** Adds a capture to the draft: the same path as the document camera's. */
  addCapture: (input: Extract<MethodInput<'application.material'>, { source: 'capture' }>) => Promise<{ materialId: string; sha256?: string }>;
  log: Logger;
}

interface OpenUpload {
  draftId: string;
  materialId: string;
  /** Photos taken from the service, waiting for the citizen's yes or no. */
  photos: Map<string, PhonePhoto>;
}

type PhoneUploadMethod = 'phoneUpload.open' | 'phoneUpload.poll' | 'phoneUpload.accept' | 'phoneUpload.discard' | 'phoneUpload.close';

export class PhoneUploadFeature implements HostFeature {
  readonly name = 'phone-upload';
  private readonly uploads = new Map<string, OpenUpload>();
  private stopWiping: (() => void) | undefined;

  constructor(private readonly deps: PhoneUploadDeps) {}

  attach(): void {
    this.stopWiping = this.deps.bus.subscribe((event) => {
      if (event === 'session.ended') void this.closeAll();
    });
  }

  async detach(): Promise<void> {
    this.stopWiping?.();
    this.stopWiping = undefined;
    await this.closeAll();
  }

  /** Ends every upload of the session on the service and drops what is held here. */
  async closeAll(): Promise<void> {
    const ids = [...this.uploads.keys()];
    this.uploads.clear();
    await Promise.all(ids.map((id) => this.closeOnService(id)));
  }

  private async closeOnService(uploadId: string): Promise<boolean> {
    try {
      return (await this.deps.hallService.request<{ closed: boolean }>('queuePhoneUploadClose', { params: { id: uploadId } })).closed;
    } catch (error) {
      // Offline: the upload ends at its expiry on the service, and its photo with it.
      this.deps.log.warn({ err: error, event: 'phone-upload-close-failed' }, 'a phone upload could not be closed on the hall service; it ends at its expiry');
      return false;
    }
  }

  private upload(uploadId: string): OpenUpload {
    const upload = this.uploads.get(uploadId);
    if (!upload) throw new HostFault('not-found', 'this phone upload has ended', 'application.ended');
    return upload;
  }

  readonly handlers: Pick<HostHandlers, PhoneUploadMethod> = {
    'phoneUpload.open': async ({ draftId, materialId }): Promise<PhoneUploadStart> => {
      const material = this.deps.draftMaterial(draftId, materialId);
      let opened: PhoneUploadOpened;
      try {
        opened = PhoneUploadOpened.parse(await this.deps.hallService.request('queuePhoneUploadOpen', { body: { materialName: material.name } }));
      } catch (error) {
        if (error instanceof HallServiceError && error.kind === 'unreachable') return { state: 'unreachable' };
        throw error;
      }
      if (!opened.available) return { state: 'not-set-up' };
      this.uploads.set(opened.uploadId, { draftId, materialId: material.id, photos: new Map() });
      const qrSvg = await QRCode.toString(opened.pageUrl, { type: 'svg', margin: 1, errorCorrectionLevel: 'M' });
      return { state: 'ready', uploadId: opened.uploadId, pageUrl: opened.pageUrl, qrSvg, expiresAt: opened.expiresAt };
    },

    'phoneUpload.poll': async ({ uploadId }): Promise<PhoneUploadProgress> => {
      const upload = this.upload(uploadId);
      let state: PhoneUploadProgress['state'];
      try {
        const taken = PhoneUploadTaken.parse(await this.deps.hallService.request('queuePhoneUploadTake', { params: { id: uploadId } }));
        for (const photo of taken.photos) upload.photos.set(photo.photoId, photo);
        state = taken.state;
      } catch (error) {
        if (!(error instanceof HallServiceError)) throw error;
        state = error.kind === 'unreachable' ? 'unreachable' : 'ended';
      }
      const photos = [...upload.photos.values()].map((p) => ({
        photoId: p.photoId,
        dataUrl: `data:${p.mediaType};base64,${p.base64}`,
        width: p.width,
        height: p.height,
      }));
      return { state, photos };
    },

    'phoneUpload.accept': async ({ uploadId, photoId }) => {
      const upload = this.upload(uploadId);
      const photo = upload.photos.get(photoId);
      if (!photo) throw new HostFault('not-found', 'no such photo from the phone');
      const added = await this.deps.addCapture({
        draftId: upload.draftId,
        materialId: upload.materialId,
        source: 'capture',
        mediaType: photo.mediaType,
        imageBase64: photo.base64,
      });
      this.uploads.delete(uploadId);
      await this.closeOnService(uploadId);
      return added;
    },

    'phoneUpload.discard': async ({ uploadId, photoId }) => {
      const upload = this.upload(uploadId);
      const discarded = upload.photos.delete(photoId);
      // The token was spent by this photo: the upload is over; the screen opens a new one for another try.
      this.uploads.delete(uploadId);
      await this.closeOnService(uploadId);
      return { discarded };
    },

    'phoneUpload.close': async ({ uploadId }) => {
      const held = this.uploads.delete(uploadId);
      const closed = await this.closeOnService(uploadId);
      return { closed: held || closed };
    },
  };
}
