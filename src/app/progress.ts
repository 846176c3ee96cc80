// Turns the core's per-phase progress into what the progress bar shows: overall fraction (phases weighted by
// their typical share of the run), read speed in MB/s, and an estimate of the time left.
import type { PhaseName, Progress } from '../core/api.ts';

/** Typical share of the total run time of each phase (reading and decoding dominate). */
const PHASE_WEIGHTS: [PhaseName, number][] = [
  ['read', 0.6],
  ['index', 0.08],
  ['roots', 0.02],
  ['reachability', 0.07],
  ['dominators', 0.15],
  ['retained', 0.05],
  ['histogram', 0.03],
];

export const PHASE_LABELS: Record<PhaseName, string> = {
  read: 'Reading dump',
  index: 'Indexing objects',
  roots: 'Resolving GC roots',
  reachability: 'Marking reachable objects',
  dominators: 'Computing dominators',
  retained: 'Computing retained sizes',
  histogram: 'Building class histogram',
};

export function overallFraction(p: Progress): number {
  let before = 0;
  for (const [phase, weight] of PHASE_WEIGHTS) {
    if (phase === p.phase) {
      const inPhase = p.total > 0 ? Math.min(1, Math.max(0, p.done / p.total)) : 0;
      return Math.min(1, before + weight * inPhase);
    }
    before += weight;
  }
  return before;
}

export interface ProgressView {
  label: string;
  phasePercent: number;
  overallPercent: number;
  /** Input bytes per second while reading; undefined before the first measurable interval. */
  readBytesPerSecond?: number;
  secondsLeft?: number;
}

/** `startedMs`: when the analysis began; `nowMs`: this report; `readBytes`: the finished read phase, if any. */
export function describeProgress(
  p: Progress,
  startedMs: number,
  nowMs: number,
  readBytes?: { bytes: number; seconds: number },
): ProgressView {
  const fraction = overallFraction(p);
  const elapsedSeconds = Math.max(0, (nowMs - startedMs) / 1000);
  const view: ProgressView = {
    label: PHASE_LABELS[p.phase] ?? p.phase,
    phasePercent: p.total > 0 ? Math.min(100, (100 * p.done) / p.total) : 0,
    overallPercent: 100 * fraction,
  };
  if (p.phase === 'read' && elapsedSeconds > 0.2 && p.done > 0) view.readBytesPerSecond = p.done / elapsedSeconds;
  else if (readBytes && readBytes.seconds > 0) view.readBytesPerSecond = readBytes.bytes / readBytes.seconds;
  // Extrapolate only once there is enough signal; earlier estimates jump around and mislead.
  if (fraction > 0.03 && elapsedSeconds > 0.5) view.secondsLeft = (elapsedSeconds / fraction) * (1 - fraction);
  return view;
}
