// Splits a Java class name for display: `com.example.tree.JCTree$JCMethodInvocation$Inner[]` is the package
// `com.example.tree.`, the enclosing classes `JCTree$JCMethodInvocation$` and the simple name `Inner[]`.

export interface ClassNameParts {
  pkg: string;
  outer: string;
  simple: string;
}

export function splitClassName(name: string): ClassNameParts {
  // Array brackets and anything after a space (`class Foo`, a label) stay with the simple name.
  const end = name.search(/[[ <]/);
  const head = end < 0 ? name : name.slice(0, end);
  const tail = end < 0 ? '' : name.slice(end);
  const dot = head.lastIndexOf('.');
  const pkg = head.slice(0, dot + 1);
  const rest = head.slice(dot + 1);
  // A trailing `$` (a Scala object, `Foo$`) or `$1` belongs to the simple name: cut at the last `$` with a name
  // before it and something after it.
  const dollar = rest.lastIndexOf('$', rest.length - 2);
  const outer = dollar > 0 ? rest.slice(0, dollar + 1) : '';
  const simple = (dollar > 0 ? rest.slice(dollar + 1) : rest) + tail;
  if (simple === '') return { pkg: '', outer: '', simple: name };
  return { pkg, outer, simple };
}
