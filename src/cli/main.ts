// The `heapdrop` CLI: a small table of subcommands, each parsing its own options (src/cli/args.ts); run.ts runs it
// as a process. Errors from the core become one line on stderr and exit code 2 (no stack trace), or 3 when a hard
// limit was reached; bugs exit 1 with their message.

import type { Writable } from 'node:stream';
import { terminalText } from '../core/display-text.ts';
import { isHeapdropError, limitErrorFrom } from '../core/errors.ts';
import { NODE_ARRAY_LIMIT, setArrayLimit } from '../core/limits.ts';
import { ANALYZE, runAnalyze, setAnalyzeGatherer } from './analyze.ts';
import { HelpRequested, UsageError, type CommandSpec } from './args.ts';
import { settleCache, takeCacheOptions } from './cache.ts';
import { fullAnalysisGatherer, OBJECTS, runObjects } from './objects.ts';
import { DIFF, HELD_BY, PATHS, runDiff, runHeldBy, runPaths, runStrings, STRINGS } from './queries.ts';
import { CAPTURE, runCapture } from './capture/capture.ts';
import { COLLECTIONS, runCollections } from './collections.ts';
import { CaptureError } from './capture/errors.ts';
import { runServe, SERVE } from './serve.ts';
import { runThreads, THREADS } from './threads.ts';
import { REPORT, runReport } from './report.ts';

interface Command {
  /** The command's option table, usage and summary (src/cli/args.ts). */
  spec: CommandSpec;
  run(args: string[]): Promise<number>;
}

// `analyze` reports the full analysis (graph, dominators, retained sizes), not the reader's histogram alone.
setAnalyzeGatherer(fullAnalysisGatherer);

export const COMMANDS: Record<string, Command> = {
  analyze: { spec: ANALYZE, run: (args) => runAnalyze(args) },
  objects: { spec: OBJECTS, run: (args) => runObjects(args) },
  'held-by': { spec: HELD_BY, run: (args) => runHeldBy(args) },
  paths: { spec: PATHS, run: (args) => runPaths(args) },
  strings: { spec: STRINGS, run: (args) => runStrings(args) },
  threads: { spec: THREADS, run: (args) => runThreads(args) },
  collections: { spec: COLLECTIONS, run: (args) => runCollections(args) },
  report: { spec: REPORT, run: (args) => runReport(args) },
  diff: { spec: DIFF, run: (args) => runDiff(args) },
  capture: { spec: CAPTURE, run: (args) => runCapture(args, (path) => COMMANDS.analyze.run([path])) },
  serve: { spec: SERVE, run: (args) => runServe(args) },
};

function usage(): string {
  const lines = ['usage: heapdrop <command> [options]', '', 'commands:'];
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  for (const [name, c] of Object.entries(COMMANDS)) lines.push(`  ${name.padEnd(width)}  ${c.spec.summary}`);
  lines.push('', "heapdrop <command> --help prints the command's usage and options.");
  lines.push('Every command takes --cache DIR (where analyses are kept; default $XDG_CACHE_HOME/heapdrop or ~/.cache/heapdrop)');
  lines.push('and --no-cache (analyse the dump again and keep nothing).');
  return lines.join('\n') + '\n';
}

/** Where the CLI's own messages go: help on `out`, mistakes and errors on `err` (commands write their answers to
 *  the process's stdout). */
export interface MainIo {
  out: Writable;
  err: Writable;
}

/** Runs one command line; resolves with the process's exit code. */
export async function main(argv: string[], io: MainIo = { out: process.stdout, err: process.stderr }): Promise<number> {
  // Node's typed arrays reach 2^32 elements: columns are not held to the tab's 1 GiB (dumps past 134 M objects).
  setArrayLimit(NODE_ARRAY_LIMIT);
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    // `heapdrop help <command>`: that command's help.
    const asked = name === 'help' && args.length > 0 ? COMMANDS[args[0]] : undefined;
    if (asked !== undefined) return main([args[0], '--help'], io);
    io.out.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.err.write(`heapdrop: unknown command "${name}"\n${usage()}`);
    return 2;
  }
  try {
    const rest = takeCacheOptions(args);
    if (rest === null) throw new UsageError('--cache needs a directory');
    const code = await command.run(rest);
    await settleCache();
    return code;
  } catch (caught) {
    // A runtime limit (allocation refused, a Map past 2^24 entries) in a query after the analysis: named too.
    const e = limitErrorFrom(caught) ?? caught;
    if (isHeapdropError(e) && e.code === 'LIMIT_EXCEEDED') {
      io.err.write(`heapdrop: limit reached: ${terminalText(e.message)}\n`);
      return 3;
    }
    if (e instanceof HelpRequested) {
      io.out.write(e.text);
      return 0;
    }
    if (e instanceof UsageError) {
      // The mistake in one line, then the command's usage.
      io.err.write(`heapdrop: ${terminalText(e.message)}\n${e.usage !== undefined ? `${e.usage}\n` : ''}`);
      return 2;
    }
    if (isHeapdropError(e) || e instanceof CaptureError) {
      // Messages may quote the dump (a class name): its control characters are escaped like the reports'.
      io.err.write(`heapdrop: ${terminalText(e.message)}\n`);
      return 2;
    }
    io.err.write(`heapdrop: internal error: ${terminalText((e as Error)?.message ?? String(e))}\n`);
    if (process.env.HEAPDROP_DEBUG) io.err.write(`${(e as Error)?.stack}\n`);
    return 1;
  }
}
