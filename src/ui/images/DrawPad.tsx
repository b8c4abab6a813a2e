/**
 * The 16 x 16 draw pad: draw a digit (or anything) with the mouse, a finger or a pen, give it a digit
 * label if you like, and add it to "My drawings". The drawings are kept across reloads; a handful is
 * enough, as training augments each one with small random shifts.
 */
import { useEffect, useRef, useState } from 'react';
import { addDrawing, removeDrawing, useUserImages } from '../../state/imagesUserData';
import { drawImages } from '../../view/imageGrid';
import { ImageStrip } from './ImageStrip';

const SIDE = 16;
/** Brush radius in pad pixels: about a pen stroke of the made-in-browser digits. */
const RADIUS = 1.1;

/** Ink a round, soft-edged dab at (x, y) (pad pixels): each pixel keeps the darker of old and new. */
export function dab(pixels: Float32Array, x: number, y: number, radius = RADIUS): void {
  for (let r = Math.floor(y - radius - 1); r <= Math.ceil(y + radius + 1); r++) {
    for (let c = Math.floor(x - radius - 1); c <= Math.ceil(x + radius + 1); c++) {
      if (r < 0 || r >= SIDE || c < 0 || c >= SIDE) continue;
      const d = Math.hypot(c + 0.5 - x, r + 0.5 - y);
      // Full ink inside the radius, fading to none over one more pixel.
      const ink = Math.max(0, Math.min(1, radius + 0.5 - d));
      const v = -1 + 2 * ink;
      if (v > pixels[r * SIDE + c]) pixels[r * SIDE + c] = v;
    }
  }
}

export function DrawPad() {
  const ref = useRef<HTMLCanvasElement>(null);
  const pixels = useRef(new Float32Array(SIDE * SIDE).fill(-1));
  const last = useRef<[number, number] | null>(null);
  const [label, setLabel] = useState<number | null>(null);
  const [inked, setInked] = useState(false);
  const drawings = useUserImages((s) => s.drawings);

  const paint = () => {
    if (ref.current) drawImages(ref.current, pixels.current, 1, 1);
  };
  useEffect(paint, []);

  const at = (e: React.PointerEvent<HTMLCanvasElement>): [number, number] => {
    const r = e.currentTarget.getBoundingClientRect();
    return [((e.clientX - r.left) / r.width) * SIDE, ((e.clientY - r.top) / r.height) * SIDE];
  };
  const stroke = (to: [number, number]) => {
    const from = last.current ?? to;
    // Dabs every half pixel along the segment, so a fast stroke has no gaps.
    const n = Math.max(1, Math.ceil(2 * Math.hypot(to[0] - from[0], to[1] - from[1])));
    for (let k = 1; k <= n; k++) dab(pixels.current, from[0] + ((to[0] - from[0]) * k) / n, from[1] + ((to[1] - from[1]) * k) / n);
    last.current = to;
    paint();
    if (!inked) setInked(true);
  };
  const clear = () => {
    pixels.current.fill(-1);
    setInked(false);
    paint();
  };

  return (
    <div className="draw-pad">
      <div className="draw-pad-row">
        <canvas
          ref={ref}
          className="pixelated draw-canvas"
          data-testid="draw-pad"
          role="img"
          aria-label="16 by 16 draw pad"
          onPointerDown={(e) => {
            e.currentTarget.setPointerCapture(e.pointerId);
            last.current = null;
            stroke(at(e));
          }}
          onPointerMove={(e) => {
            if (e.buttons & 1 || e.pointerType === 'touch') {
              if (last.current) stroke(at(e));
            }
          }}
          onPointerUp={() => {
            last.current = null;
          }}
        />
        <div className="draw-pad-side">
          <label className="images-field">
            <span>label</span>
            <select data-testid="draw-label" value={label ?? ''} onChange={(e) => setLabel(e.target.value === '' ? null : Number(e.target.value))}>
              <option value="">none</option>
              {Array.from({ length: 10 }, (_, d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            data-testid="draw-add"
            disabled={!inked}
            onClick={() => {
              addDrawing(pixels.current, label);
              clear();
            }}
          >
            + Add drawing
          </button>
          <button type="button" className="ghost" onClick={clear} disabled={!inked}>
            Clear pad
          </button>
        </div>
      </div>
      <p className="images-note" data-testid="drawing-count">
        {drawings.length === 0
          ? 'No drawings yet. Draw a few (5 or more helps), each with its digit if you want a conditional model.'
          : `${drawings.length} drawing${drawings.length === 1 ? '' : 's'}, kept in this browser; training shifts each one a little to make ${Math.max(256, 64 * drawings.length)} images.`}
      </p>
      <div className="user-thumbs" data-testid="drawings">
        {drawings.map((d, i) => (
          <button type="button" key={i} className="thumb" title={`Remove drawing ${i + 1}${d.label !== null ? ` (a ${d.label})` : ''}`} onClick={() => removeDrawing(i)}>
            <ImageStrip pixels={d.pixels} count={1} columns={1} label={`drawing ${i + 1}`} />
            {d.label !== null && <span>{d.label}</span>}
          </button>
        ))}
      </div>
    </div>
  );
}
