/** Float32 values as text: files, CSV exports and the command line all write them this way. */

/** Shortest decimal text that reads back (through Math.fround) to the same 32-bit float. */
export function formatFloat32(v: number): string {
  if (!Number.isFinite(v)) return 'null';
  const f = Math.fround(v);
  if (f === 0) return Object.is(f, -0) ? '-0' : '0';
  // More digits never hurt, so binary-search the fewest that round-trip (9 always do).
  let lo = 1;
  let hi = 9;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (Math.fround(Number(f.toPrecision(mid))) === f) hi = mid;
    else lo = mid + 1;
  }
  return String(Number(f.toPrecision(lo)));
}
