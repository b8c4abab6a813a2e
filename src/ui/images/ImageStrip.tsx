/** A static row (or grid) of 16 x 16 images, redrawn when its pixels change. */
import { useEffect, useRef } from 'react';
import { drawImages } from '../../view/imageGrid';

export function ImageStrip(props: { pixels: Float32Array | null; count: number; columns: number; testId?: string; label: string; className?: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { pixels, count, columns } = props;
  useEffect(() => {
    if (ref.current && pixels && count > 0) drawImages(ref.current, pixels, count, columns);
  }, [pixels, count, columns]);
  return <canvas ref={ref} className={`pixelated ${props.className ?? ''}`} data-testid={props.testId} role="img" aria-label={props.label} />;
}
