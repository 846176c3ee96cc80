// Keyboard shortcuts shared by the views.

/** True while the user types into a field: single-key shortcuts (Esc, /) leave such keys to the field. */
export function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
