/** A formula typeset by KaTeX (rendered once per source text; errors show the source in red, never throw). Loaded on demand by MathTex. */
import { useMemo } from 'react';
import katex from 'katex';
import 'katex/dist/katex.min.css';

export function KatexFormula({ tex, display }: { tex: string; display: boolean }) {
  const html = useMemo(() => katex.renderToString(tex, { throwOnError: false, output: 'html', displayMode: display }), [tex, display]);
  return <span className={display ? 'math display' : 'math'} dangerouslySetInnerHTML={{ __html: html }} />;
}
