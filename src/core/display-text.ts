// Strings from a dump are untrusted data: class, field and thread names and String values can hold any character.
// Before they reach a terminal, a TSV file or the page, the characters that act instead of showing are written as
// visible escapes: C0 controls (ESC starts terminal escape sequences, BEL rings, CR rewrites the line, TAB and LF
// break TSV columns and lines), DEL, C1 controls (0x80-0x9f; 0x9b is a one-byte CSI on some terminals), and the
// Unicode bidi formatting characters (LRE/RLE/PDF/LRO/RLO U+202A-202E, LRI/RLI/FSI/PDI U+2066-2069, LRM/RLM
// U+200E-200F, ALM U+061C), which reorder the text around them (Unicode UAX #9; the "Trojan Source" attack).
// Escapes follow C and JSON: \t \n \r, \xHH below U+0100, \uHHHH above.

// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
const UNSAFE_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

function escapeOne(c: string): string {
  if (c === '\t') return '\\t';
  if (c === '\n') return '\\n';
  if (c === '\r') return '\\r';
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** One value from a dump (a name, a String) with its control and bidi characters made visible. */
export function visibleText(text: string): string {
  return text.replace(UNSAFE, escapeOne);
}

/** True when visibleText would change `text`. */
export function hasInvisibleControls(text: string): boolean {
  UNSAFE.lastIndex = 0;
  const found = UNSAFE.test(text);
  UNSAFE.lastIndex = 0;
  return found;
}

/** A whole report for a terminal: like visibleText, but its own line breaks stay line breaks. */
export function terminalText(text: string): string {
  return text.replace(UNSAFE_BUT_NEWLINE, escapeOne);
}

const JSON_UNSAFE = /[\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** JSON text for a terminal: JSON.stringify escapes C0 controls already; DEL, C1 and bidi characters are written
 *  as \\uHHHH escapes too, which leaves the same JSON value. */
export function terminalJson(json: string): string {
  return json.replace(JSON_UNSAFE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
