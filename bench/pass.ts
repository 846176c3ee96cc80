// One measured pass, run by bench/run.ts in a fresh process so that the peak RSS belongs to it alone.
// `node --import tsx bench/pass.ts reader|analysis|strings|paths <dump>` prints one JSON line.

import { statSync } from 'node:fs';
import { Writable } from 'node:stream';
import { runPaths, runStrings } from '../src/cli/queries.ts';
import { analyzeDump, type StepTimings } from '../src/core/analysis.ts';
import type { PhaseName } from '../src/core/api.ts';
import { readHprof } from '../src/core/hprof/read-hprof.ts';
import { nodeFileSource } from '../src/core/io/file-source.node.ts';
import { nodeInflaters } from '../src/core/io/inflate.node.ts';
import { NODE_ARRAY_LIMIT, setArrayLimit } from '../src/core/limits.ts';

// As the CLI: Node's array limit, not the tab's 1 GiB.
setArrayLimit(NODE_ARRAY_LIMIT);
const [kind, path] = process.argv.slice(2);
if (!['reader', 'analysis', 'strings', 'paths'].includes(kind) || !path) {
  console.error('usage: pass.ts reader|analysis|strings|paths <dump>');
  process.exit(2);
}

// Peak RSS: the kernel's high-water mark, plus sampling as a cross-check (maxRSS is in KiB).
let sampledPeakBytes = 0;
const sampler = setInterval(() => {
  sampledPeakBytes = Math.max(sampledPeakBytes, process.memoryUsage().rss);
}, 50);
const peakRssMiB = (): number => Math.round(Math.max(process.resourceUsage().maxRSS * 1024, sampledPeakBytes) / 2 ** 20);
const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const round2 = (x: number): number => Math.round(x * 100) / 100;

const inputBytes = statSync(path).size;
const t0 = performance.now();
const cpu0 = cpuSeconds();

if (kind === 'strings' || kind === 'paths') {
  // The CLI command itself (its analysis included), its output discarded.
  const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
  const code = kind === 'strings' ? await runStrings([path, '--json'], sink) : await runPaths([path, 'RandomGraph$Node', '--json'], sink);
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  console.log(
    JSON.stringify({ kind, exitCode: code, seconds: round2(seconds), cpuSeconds: round2(cpuSeconds() - cpu0), peakRssMiB: peakRssMiB() }),
  );
} else if (kind === 'reader') {
  const { parsed } = await readHprof(nodeFileSource(path), { inflaters: nodeInflaters });
  const seconds = (performance.now() - t0) / 1000;
  clearInterval(sampler);
  console.log(
    JSON.stringify({
      kind,
      seconds: round2(seconds),
      cpuSeconds: round2(cpuSeconds() - cpu0),
      inputMB: round2(inputBytes / 1e6),
      inputMBps: round2(inputBytes / 1e6 / seconds),
      decompressedMBps: round2(parsed.bytesRead / 1e6 / seconds),
      objects: parsed.objectCount,
      objectsPerSecond: Math.round(parsed.objectCount / seconds),
      references: parsed.refStart[parsed.objectCount],
      peakRssMiB: peakRssMiB(),
    }),
  );
} else {
  // Phase boundaries from the progress callback; the analysis' own per-step timings beside them.
  const phaseStarts: Array<[PhaseName, number, number]> = [];
  // The process' RSS high-water mark when each phase ends: shows which phase sets the peak.
  const peakAtPhaseEnd: Record<string, number> = {};
  const timings: StepTimings = {};
  const analysis = await analyzeDump(
    nodeFileSource(path),
    {},
    (p) => {
      if (phaseStarts.length === 0 || phaseStarts[phaseStarts.length - 1][0] !== p.phase) {
        if (phaseStarts.length > 0) peakAtPhaseEnd[phaseStarts[phaseStarts.length - 1][0]] = peakRssMiB();
        phaseStarts.push([p.phase, performance.now(), cpuSeconds()]);
      }
    },
    { inflaters: nodeInflaters, timings },
  );
  const end = performance.now();
  const cpuEnd = cpuSeconds();
  const seconds = (end - t0) / 1000;
  clearInterval(sampler);
  const phaseSeconds: Record<string, number> = {};
  // CPU seconds of the process during each phase (main thread and any worker), beside the wall seconds.
  const phaseCpuSeconds: Record<string, number> = {};
  phaseStarts.forEach(([phase, start, cpuStart], i) => {
    const next = i + 1 < phaseStarts.length ? phaseStarts[i + 1][1] : end;
    const cpuNext = i + 1 < phaseStarts.length ? phaseStarts[i + 1][2] : cpuEnd;
    phaseSeconds[phase] = round2((phaseSeconds[phase] ?? 0) + (next - start) / 1000);
    phaseCpuSeconds[phase] = round2((phaseCpuSeconds[phase] ?? 0) + (cpuNext - cpuStart));
  });
  const summary = analysis.summary();
  const peak = peakRssMiB();
  if (phaseStarts.length > 0) peakAtPhaseEnd[phaseStarts[phaseStarts.length - 1][0]] = peak;
  console.log(
    JSON.stringify({
      kind,
      seconds: round2(seconds),
      cpuSeconds: round2(cpuSeconds() - cpu0),
      phaseSeconds,
      phaseCpuSeconds,
      stepSeconds: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, round2((v ?? 0) / 1000)])),
      objects: summary.objects,
      unreachable: summary.unreachable.objects,
      usedHeapBytes: summary.usedHeapBytes,
      peakRssMiB: peak,
      peakRssMiBAtPhaseEnd: peakAtPhaseEnd,
      bytesPerObject: Math.round((peak * 2 ** 20) / summary.objects),
    }),
  );
}
