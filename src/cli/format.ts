// Text formatting for the CLI: byte sizes and a one-line progress bar.

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
