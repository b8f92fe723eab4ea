import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { PhoneUploadProgress, PhoneUploadStart } from '../../../../contract/api/phone-upload.js';
import type { HostError } from '../../../../contract/result.js';
import type { HallHostClient } from '../../host/validated-client.js';
import { useFormat } from '../../i18n/format.js';
import { hostErrorSentence } from '../host-messages/host-message.js';

/** How often the screen asks whether the photo came (the host asks the hall service each time). */
const POLL_MS = 1500;

type Arrived = PhoneUploadProgress['photos'][number];

/**
 * 用手机拍照上传: a one-time QR for one material; the phone's photo shows here as it arrives and the
 * citizen uses it (it joins the material as a camera capture does) or discards it for a new QR.
 */
export function PhoneUpload({
  client,
  draftId,
  materialId,
  materialName,
  onUsed,
  onBack,
}: {
  client: HallHostClient;
  draftId: string;
  materialId: string;
  materialName: string;
  onUsed: () => void;
  onBack: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [start, setStart] = useState<PhoneUploadStart | null>(null);
  const [photo, setPhoto] = useState<Arrived | null>(null);
  const [ended, setEnded] = useState(false);
  const [error, setError] = useState<HostError | null>(null);
  const [busy, setBusy] = useState(false);
  /** Each new QR (after a discard, or when one ran out) is a new attempt. */
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let left = false;
    let opened: string | null = null;
    void client.call('phoneUpload.open', { draftId, materialId }).then((result) => {
      const id = result.ok && result.value.state === 'ready' ? result.value.uploadId : null;
      if (left) {
        if (id) void client.call('phoneUpload.close', { uploadId: id });
        return;
      }
      if (!result.ok) return setError(result.error);
      opened = id;
      setError(null);
      setStart(result.value);
    });
    return () => {
      // Leaving the screen ends the token on the service: the QR opens nothing afterwards.
      left = true;
      if (opened) void client.call('phoneUpload.close', { uploadId: opened });
    };
  }, [client, draftId, materialId, attempt]);

  const again = () => {
    setPhoto(null);
    setEnded(false);
    setStart(null);
    setAttempt((n) => n + 1);
  };

  const readyId = start?.state === 'ready' ? start.uploadId : null;
  useEffect(() => {
    if (!readyId || photo || ended) return;
    let stopped = false;
    const timer = setInterval(() => {
      void client.call('phoneUpload.poll', { uploadId: readyId }).then((result) => {
        if (stopped) return;
        if (!result.ok) return setEnded(true);
        const first = result.value.photos[0];
        if (first) setPhoto(first);
        else if (result.value.state === 'ended') setEnded(true);
      });
    }, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [client, readyId, photo, ended]);

  const decide = async (use: boolean) => {
    if (!readyId || !photo) return;
    setBusy(true);
    const result = use
      ? await client.call('phoneUpload.accept', { uploadId: readyId, photoId: photo.photoId })
      : await client.call('phoneUpload.discard', { uploadId: readyId, photoId: photo.photoId });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    if (use) onUsed();
    else again();
  };

  return (
    <div className="o2o-camera o2o-phone-upload" role="dialog" aria-modal="true" aria-labelledby="o2o-phone-title" data-testid="phone-upload">
      <h3 id="o2o-phone-title">
        {t('phoneUpload.title')} <span lang="zh-CN">{materialName}</span>
      </h3>
      {error && (
        <p className="o2o-error" role="alert">
          {hostErrorSentence(t, error)}
        </p>
      )}
      {start?.state === 'not-set-up' && (
        <p className="o2o-error" role="alert" data-testid="phone-not-set-up">
          {t('phoneUpload.notSetUp')}
        </p>
      )}
      {start?.state === 'unreachable' && (
        <p className="o2o-error" role="alert" data-testid="phone-unreachable">
          {t('phoneUpload.unreachable')}
        </p>
      )}
      {start?.state === 'ready' && !photo && !ended && (
        <div className="o2o-phone-qr">
          <p>{t('phoneUpload.steps')}</p>
          <img
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(start.qrSvg)}`}
            alt={t('phoneUpload.qrAlt')}
            width={260}
            height={260}
            data-testid="phone-qr"
            data-url={start.pageUrl}
          />
          <p className="o2o-muted">{t('phoneUpload.oneTime', { time: format.time(start.expiresAt) })}</p>
          <p role="status" data-testid="phone-waiting">
            {t('phoneUpload.waiting')}
          </p>
        </div>
      )}
      {ended && !photo && (
        <p className="o2o-error" role="alert" data-testid="phone-ended">
          {t('phoneUpload.ended')}
        </p>
      )}
      {photo && (
        <div className="o2o-phone-photo">
          <p role="status">{t('phoneUpload.arrived')}</p>
          <img
            className="o2o-preview"
            src={photo.dataUrl}
            alt={t('phoneUpload.photoAlt', { name: materialName })}
            data-testid="phone-photo"
            data-width={photo.width}
            data-height={photo.height}
          />
        </div>
      )}
      <div className="o2o-actions">
        {photo && (
          <>
            <button type="button" className="o2o-button primary" data-testid="phone-use" disabled={busy} onClick={() => void decide(true)}>
              {t('phoneUpload.use')}
            </button>
            <button type="button" className="o2o-button" data-testid="phone-discard" disabled={busy} onClick={() => void decide(false)}>
              {t('phoneUpload.discard')}
            </button>
          </>
        )}
        {ended && !photo && (
          <button type="button" className="o2o-button primary" data-testid="phone-again" onClick={again}>
            {t('phoneUpload.again')}
          </button>
        )}
        <button type="button" className="o2o-button" data-testid="phone-back" onClick={onBack}>
          {t('phoneUpload.back')}
        </button>
      </div>
    </div>
  );
}
