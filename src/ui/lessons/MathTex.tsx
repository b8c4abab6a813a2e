/**
 * A formula. KaTeX (its code, CSS and fonts) is fetched the first time a formula is shown, not with the
 * page; until then the formula's source stands in its place.
 */
import { lazy, Suspense } from 'react';

const KatexFormula = lazy(() => import('./KatexFormula').then((m) => ({ default: m.KatexFormula })));

export function MathTex({ tex, display = false }: { tex: string; display?: boolean }) {
  const fallback = (
    <span className={display ? 'math display math-loading' : 'math math-loading'}>{tex}</span>
  );
  return (
    <Suspense fallback={fallback}>
      <KatexFormula tex={tex} display={display} />
    </Suspense>
  );
}
