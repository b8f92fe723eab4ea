import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Point, Stroke } from './handwriting.js';
import { keepFocus } from './KeyGrid.js';

/** A square to write one character in with a finger; every finished stroke is handed on. */
export function HandwritingPad({ strokes, onStrokes }: { strokes: readonly Stroke[]; onStrokes: (strokes: Stroke[]) => void }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [current, setCurrent] = useState<Point[] | null>(null);

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    const { width, height } = element.getBoundingClientRect();
    element.width = width;
    element.height = height;
    context.clearRect(0, 0, width, height);
    // A faint 田字格 helps place the character, as on school paper.
    context.strokeStyle = '#c9d3df';
    context.lineWidth = 1;
    context.setLineDash([8, 8]);
    context.beginPath();
    context.moveTo(width / 2, 0);
    context.lineTo(width / 2, height);
    context.moveTo(0, height / 2);
    context.lineTo(width, height / 2);
    context.stroke();
    context.setLineDash([]);
    context.strokeStyle = '#16202c';
    context.lineWidth = Math.max(6, width / 50);
    context.lineCap = 'round';
    context.lineJoin = 'round';
    for (const stroke of current ? [...strokes, current] : strokes) {
      context.beginPath();
      stroke.forEach(([x, y], i) => (i === 0 ? context.moveTo(x, y) : context.lineTo(x, y)));
      if (stroke.length === 1) context.lineTo(stroke[0]![0] + 0.1, stroke[0]![1]);
      context.stroke();
    }
  }, [strokes, current]);

  const at = (e: React.PointerEvent<HTMLCanvasElement>): Point => {
    const box = e.currentTarget.getBoundingClientRect();
    return [e.clientX - box.left, e.clientY - box.top];
  };

  return (
    <canvas
      ref={canvas}
      className="kbd-pad"
      data-testid="kbd-handwriting-pad"
      role="img"
      aria-label={t('keyboard.pad')}
      onMouseDown={keepFocus}
      onPointerDown={(e) => {
        e.currentTarget.setPointerCapture?.(e.pointerId);
        setCurrent([at(e)]);
      }}
      onPointerMove={(e) => {
        if (!current) return;
        const point = at(e);
        setCurrent((points) => (points ? [...points, point] : points));
      }}
      onPointerUp={() => {
        if (current) onStrokes([...strokes, current]);
        setCurrent(null);
      }}
      onPointerCancel={() => setCurrent(null)}
    />
  );
}
