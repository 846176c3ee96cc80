// Text formatting for the CLI: byte sizes, a one-line progress bar, and every command's --json text.
import { terminalJson } from '../core/display-text.ts';

/**
 * A command's --json answer as written to stdout, with its final newline. JSON.stringify escapes C0 controls but
 * leaves DEL, C1 controls and bidi formatting characters raw, and a terminal acts on them; they are written as
 * \uHHHH escapes, which parse back to the same value. Every command's --json output goes through here.
 */
export function jsonOutput(value: unknown, indent?: number): string {
  return terminalJson(JSON.stringify(value, null, indent)) + '\n';
}

export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = bytes;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

export function progressBar(label: string, done: number, total: number, width: number): string {
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const prefix = `${label.padEnd(12)} ${(fraction * 100).toFixed(0).padStart(3)}% `;
  const barWidth = Math.max(10, width - prefix.length - 2);
  const filled = Math.round(fraction * barWidth);
  return `${prefix}[${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}]`;
}
