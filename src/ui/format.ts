/** Number formats shared by the panels. */
export function formatLoss(v: number): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '–' : String(v);
  if (v === 0) return '0';
  if (v >= 100) return v.toFixed(0);
  if (v >= 0.01) return v.toPrecision(3);
  return v.toExponential(2);
}

export function formatScore(v: number): string {
  return Number.isFinite(v) ? v.toFixed(3) : '–';
}

/** A standard deviation shown after a score ("± 0.012"); empty when there is none to show. */
export function formatSpread(sd: number): string {
  return Number.isFinite(sd) && sd > 0 ? `± ${sd.toFixed(3)}` : '';
}
