import { useImperativeHandle, useRef, useState, type Ref } from 'react';
import { useTranslation } from 'react-i18next';

export interface SignaturePadHandle {
  /** PNG base64 of the signature, or null when nothing was drawn. */
  pngBase64(): string | null;
}

/** A handwritten signature with a finger, a stylus or a mouse (pointer events cover all three). */
export function SignaturePad({ ref, onInk }: { ref: Ref<SignaturePadHandle>; onInk?: () => void }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const last = useRef<{ x: number; y: number } | null>(null);
  const [inked, setInked] = useState(false);

  useImperativeHandle(ref, () => ({
    pngBase64: () => (inked && canvas.current ? canvas.current.toDataURL('image/png').split(',')[1]! : null),
  }));

  const point = (e: React.PointerEvent<HTMLCanvasElement>) => {
    const rect = e.currentTarget.getBoundingClientRect();
    return { x: ((e.clientX - rect.left) * e.currentTarget.width) / rect.width, y: ((e.clientY - rect.top) * e.currentTarget.height) / rect.height };
  };
  const draw = (e: React.PointerEvent<HTMLCanvasElement>) => {
    if (!last.current) return;
    const ctx = e.currentTarget.getContext('2d')!;
    const next = point(e);
    ctx.lineWidth = 6;
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = '#111';
    ctx.beginPath();
    ctx.moveTo(last.current.x, last.current.y);
    ctx.lineTo(next.x, next.y);
    ctx.stroke();
    last.current = next;
    if (!inked) onInk?.();
    setInked(true);
  };
  const clear = () => {
    const c = canvas.current;
    if (!c) return;
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, c.width, c.height);
    setInked(false);
  };

  return (
    <div className="o2o-signature">
      <p>{t('o2o.apply.signHere')}</p>
      <canvas
        ref={(c) => {
          canvas.current = c;
          if (c && !c.dataset.ready) {
            c.dataset.ready = '1';
            const ctx = c.getContext('2d')!;
            ctx.fillStyle = '#fff';
            ctx.fillRect(0, 0, c.width, c.height);
          }
        }}
        className="o2o-signature-canvas"
        data-testid="signature-pad"
        data-inked={inked}
        width={900}
        height={360}
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          last.current = point(e);
        }}
        onPointerMove={draw}
        onPointerUp={() => (last.current = null)}
        onPointerCancel={() => (last.current = null)}
      />
      <button type="button" className="o2o-button" onClick={clear}>
        {t('o2o.apply.clearSignature')}
      </button>
    </div>
  );
}
