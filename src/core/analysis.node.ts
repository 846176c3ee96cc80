// Node convenience for the CLI, tests and bench: analyse a dump file with the zlib inflaters.

import type { AnalyzeOptions, ProgressCallback } from './api.ts';
import { analyzeDump, type HeapAnalysis, type StepTimings } from './analysis.ts';
import { nodeFileSource } from './io/file-source.node.ts';
import { nodeInflaters } from './io/inflate.node.ts';

export function analyzeFile(
  path: string,
  options: AnalyzeOptions = {},
  onProgress?: ProgressCallback,
  timings?: StepTimings,
): Promise<HeapAnalysis> {
  return analyzeDump(nodeFileSource(path), options, onProgress, { inflaters: nodeInflaters, timings });
}
