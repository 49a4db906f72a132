// Text with $…$ formulas rendered by KaTeX. Only for our own static texts (presets, help): KaTeX escapes the
// formula's input and runs with trust off, and nothing from links or files is ever rendered here.
import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

export function MathText({ text }: { text: string }) {
  const parts = useMemo(
    () =>
      text
        .split(/(\$[^$]+\$)/g)
        .map((part) =>
          part.startsWith('$') && part.endsWith('$') && part.length > 2
            ? { math: katex.renderToString(part.slice(1, -1), { throwOnError: false, trust: false }) }
            : { text: part },
        ),
    [text],
  );
  return (
    <>
      {parts.map((p, i) =>
        'math' in p ? (
          // biome-ignore lint/security/noDangerouslySetInnerHtml: KaTeX output of our own static formulas
          // biome-ignore lint/suspicious/noArrayIndexKey: static list
          <span key={i} dangerouslySetInnerHTML={{ __html: p.math as string }} />
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: static list
          <span key={i}>{p.text}</span>
        ),
      )}
    </>
  );
}
