// Immutable updates of the Set-valued state the tree views keep (expanded rows, expanded groups).

/** A copy of `set` with `key` in it (`present`) or not. */
export function withMember<T>(set: ReadonlySet<T>, key: T, present: boolean): Set<T> {
  const next = new Set(set);
  if (present) next.add(key);
  else next.delete(key);
  return next;
}
