import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { assessQuality, findDocumentBox, type QualityVerdict } from './image-quality.js';

/** Longest side of a stored capture: readable on A4, small enough for one host call. */
const MAX_SIDE = 1600;

export interface Capture {
  base64: string;
  verdict: QualityVerdict;
}

async function toJpegBase64(canvas: HTMLCanvasElement): Promise<string> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.82));
  if (!blob) throw new Error('the frame could not be encoded');
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** The document camera (a UVC camera through getUserMedia): live view, capture, crop, quality check. */
export function CameraCapture({ materialName, onUse, onCancel }: { materialName: string; onUse: (capture: Capture) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const preview = useRef<HTMLCanvasElement>(null);
  const [error, setError] = useState<string | null>(() => (navigator.mediaDevices ? null : 'no camera API'));
  const [shot, setShot] = useState<Capture | null>(null);

  useEffect(() => {
    let stream: MediaStream | undefined;
    let cancelled = false;
    navigator.mediaDevices
      ?.getUserMedia({ video: { width: { ideal: 1920 }, height: { ideal: 1080 } }, audio: false })
      .then((s) => {
        if (cancelled) return s.getTracks().forEach((track) => track.stop());
        stream = s;
        if (video.current) {
          video.current.srcObject = s;
          void video.current.play();
        }
      })
      .catch((e: unknown) => setError((e as Error).message || String(e)));
    return () => {
      cancelled = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  const capture = async () => {
    const v = video.current;
    const out = preview.current;
    if (!v || !out || !v.videoWidth) return;
    const full = document.createElement('canvas');
    full.width = v.videoWidth;
    full.height = v.videoHeight;
    const ctx = full.getContext('2d', { willReadFrequently: true })!;
    ctx.drawImage(v, 0, 0);
    const pixels = ctx.getImageData(0, 0, full.width, full.height);
    const box = findDocumentBox(pixels);
    const scale = Math.min(1, MAX_SIDE / Math.max(box.width, box.height));
    out.width = Math.round(box.width * scale);
    out.height = Math.round(box.height * scale);
    const octx = out.getContext('2d', { willReadFrequently: true })!;
    octx.drawImage(full, box.x, box.y, box.width, box.height, 0, 0, out.width, out.height);
    const { verdict } = assessQuality(octx.getImageData(0, 0, out.width, out.height));
    setShot({ base64: await toJpegBase64(out), verdict });
  };

  return (
    <div className="o2o-camera" role="dialog" aria-modal="true" aria-labelledby="o2o-camera-title" data-testid="camera">
      {/* The citizen sees which paper to put under the camera. */}
      <h3 id="o2o-camera-title" data-testid="camera-material">
        {t('o2o.apply.cameraTaking')} <span lang="zh-CN">{materialName}</span>
      </h3>
      {error ? (
        <p className="o2o-error" role="alert">
          {t('o2o.apply.cameraUnavailable', { reason: error })}
        </p>
      ) : (
        <div className="o2o-camera-views">
          <video ref={video} className="o2o-video" muted playsInline hidden={shot !== null} />
          <canvas ref={preview} className="o2o-preview" hidden={shot === null} />
        </div>
      )}
      {shot && (
        <p className={`o2o-quality quality-${shot.verdict}`} role="status" data-testid="camera-quality" data-verdict={shot.verdict}>
          {t(`o2o.apply.quality.${shot.verdict}`)}
        </p>
      )}
      <div className="o2o-actions">
        {shot ? (
          <>
            <button type="button" className="o2o-button" onClick={() => setShot(null)}>
              {t('o2o.apply.retake')}
            </button>
            <button type="button" className="o2o-button primary" data-testid="camera-use" onClick={() => onUse(shot)}>
              {shot.verdict === 'ok' ? t('o2o.apply.next') : t('o2o.apply.useAnyway')}
            </button>
          </>
        ) : (
          <button type="button" className="o2o-button primary" data-testid="camera-shoot" disabled={error !== null} onClick={() => void capture()}>
            {t('o2o.apply.capture')}
          </button>
        )}
        <button type="button" className="o2o-button" data-testid="camera-back" onClick={onCancel}>
          {t('o2o.apply.backToList')}
        </button>
      </div>
    </div>
  );
}
