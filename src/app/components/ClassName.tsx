// A Java class name that stays readable in a narrow column: the innermost simple name is always shown whole; when
// space runs out the package is cut first, then the enclosing classes (`Outer$`), each with an ellipsis at its end,
// so the ellipsis falls in the middle of the name. The DOM holds the full text (a copy gets all of it) and the
// tooltip shows it. Dump text is rendered as React text, never as HTML.
import { dumpText } from '../object-text.ts';
import { splitClassName } from './class-name-parts.ts';

/** `name` may start with `class ` (a class object's title): that word stays whole before the name. */
export function ClassName({ name, title, className }: { name: string; title?: string; className?: string }) {
  const full = dumpText(name);
  const prefix = full.startsWith('class ') ? 'class ' : '';
  const { pkg, outer, simple } = splitClassName(full.slice(prefix.length));
  return (
    <span className={'clsname' + (className ? ' ' + className : '')} title={title ?? full} data-testid="class-name">
      {prefix && <span className="clsname-prefix">{prefix}</span>}
      {pkg && <span className="clsname-pkg">{pkg}</span>}
      {outer && <span className="clsname-outer">{outer}</span>}
      <span className="clsname-simple">{simple}</span>
    </span>
  );
}
