/**
 * A moved, rotated or scaled Gaussian preset is still a Gaussian preset: its spec follows the edit,
 * so the closed-form field and the exact source density stay available. Other presets become drawn.
 */
import { GAUSSIAN_LIMITS, formatPreset, parsePreset } from './presets';

export type CloudTransform =
  | { kind: 'translate'; dx: number; dy: number }
  | { kind: 'rotate'; angle: number; cx: number; cy: number }
  | { kind: 'scale'; factor: number; cx: number; cy: number };

const round = (v: number) => Math.round(v * 1000) / 1000;

/** The spec of `spec`'s cloud after `op`, or null when it is no longer a preset. */
export function transformSpec(spec: string | null, op: CloudTransform): string | null {
  if (!spec) return null;
  const p = parsePreset(spec);
  if (p.name !== 'gaussian') return null;
  let [mx, my] = p.mean;
  let std = p.std;
  if (op.kind === 'translate') {
    mx += op.dx;
    my += op.dy;
  } else if (op.kind === 'rotate') {
    // An isotropic Gaussian only moves its mean under a rotation.
    const c = Math.cos(op.angle);
    const s = Math.sin(op.angle);
    const x = mx - op.cx;
    const y = my - op.cy;
    mx = op.cx + c * x - s * y;
    my = op.cy + s * x + c * y;
  } else {
    mx = op.cx + op.factor * (mx - op.cx);
    my = op.cy + op.factor * (my - op.cy);
    std *= op.factor;
  }
  if (Math.abs(mx) > GAUSSIAN_LIMITS.mean || Math.abs(my) > GAUSSIAN_LIMITS.mean || std > GAUSSIAN_LIMITS.std) return null;
  return formatPreset({ name: 'gaussian', mean: [round(mx), round(my)], std: round(std) });
}
