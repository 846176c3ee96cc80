// Names a crafted dump can carry to attack a terminal or a page: ESC sequences (colour, window title, clear
// screen), BEL, CR (rewrites the line), TAB and LF (break TSV columns and lines), C1 CSI, and U+202E RIGHT-TO-LEFT
// OVERRIDE (reverses the text after it), the other bidi embeddings and isolates (U+202A, U+2066-2069) and the C1
// control NEL (U+0085). Shared by the CLI test and the app's e2e.
import type { DumpNames } from './named-dumps.ts';

export const HOSTILE_NAMES: DumpNames = {
  packageName: 'evil',
  className: 'Red\u001b[31mX\u0007Bell\rCR\tTab\u202Eevil',
  fieldName: 'title\u001b]0;pwned\u0007\u202Aemb\u2068fsi',
  staticFieldName: 'REG\tIS\nTRY\u009b2J',
  threadName: 'worker\u202Edaerht\u001b[2J\u2066iso\u2069\u0085nel',
  stringValue: 'line\r\nbreak\u001b[1mbold\u202Etxt\u2067rli\u0080pad',
};

/** Characters that must never reach a terminal or TSV raw (what display-text.ts escapes). */
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
export const RAW_CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
