// The `heapdrop` CLI: a small table of subcommands. Errors from the core become one line on stderr and exit
// code 2 (no stack trace), or 3 when a hard limit was reached; bugs exit 1 with their message.

import { terminalText } from '../core/display-text.ts';
import { isHeapdropError, limitErrorFrom } from '../core/errors.ts';
import { NODE_ARRAY_LIMIT, setArrayLimit } from '../core/limits.ts';
import { runAnalyze, setAnalyzeGatherer } from './analyze.ts';
import { settleCache, takeCacheOptions } from './cache.ts';
import { fullAnalysisGatherer, runObjects } from './objects.ts';
import { runDiff, runHeldBy, runPaths, runStrings, UsageError } from './queries.ts';
import { runCapture } from './capture/capture.ts';
import { runCollections } from './collections.ts';
import { CaptureError } from './capture/errors.ts';
import { runServe } from './serve.ts';
import { runThreads } from './threads.ts';
import { runReport } from './report.ts';

interface Command {
  usage: string;
  summary: string;
  run(args: string[]): Promise<number>;
}

export const COMMANDS: Record<string, Command> = {
  analyze: {
    usage: 'heapdrop analyze <dump> [--json] [--top N] [--keep-unreachable] [--dump N] [--layout mat|jvm]',
    summary: 'summary, leak suspects, dominator-tree roots and class histogram of a .hprof or .hprof.gz',
    run: (args) => {
      // The full analysis (graph, dominators, retained sizes) feeds the report; --top also sizes the JSON's
      // dominatorRoots list (default 100).
      const at = args.indexOf('--top');
      const top = at >= 0 && /^\d+$/.test(args[at + 1] ?? '') ? Number(args[at + 1]) : 100;
      // --dump N: which heap dump of a file that holds several (default: the last).
      const d = args.indexOf('--dump');
      if (d >= 0 && !/^[1-9]\d*$/.test(args[d + 1] ?? ''))
        throw new UsageError('--dump takes the number of a heap dump in the file (1, 2, ...)');
      const dump = d >= 0 ? Number(args[d + 1]) : undefined;
      // --layout jvm: sizes by the JVM's object layout where MAT's model is known to differ (default: mat).
      const l = args.indexOf('--layout');
      const layout = l >= 0 ? args[l + 1] : 'mat';
      if (layout !== 'mat' && layout !== 'jvm') throw new UsageError("--layout takes mat (MAT's size model, the default) or jvm");
      const own = new Set([...(d >= 0 ? [d, d + 1] : []), ...(l >= 0 ? [l, l + 1] : [])]);
      setAnalyzeGatherer(fullAnalysisGatherer({ keepUnreachable: args.includes('--keep-unreachable'), top, dump, layout }));
      return runAnalyze(args.filter((a, i) => a !== '--keep-unreachable' && !own.has(i)));
    },
  },
  objects: {
    usage: 'heapdrop objects <dump> [--keep-unreachable]',
    summary: "every kept object as TSV, in the columns of MAT's objects files",
    run: (args) => runObjects(args),
  },
  'held-by': {
    usage: 'heapdrop held-by <dump> <class> [--skip REGEX] [--json]',
    summary: "what keeps a class's objects alive: MAT's immediate dominators by class (JDK classes skipped)",
    run: (args) => runHeldBy(args),
  },
  paths: {
    usage: 'heapdrop paths <dump> <class> [--depth N] [--width N] [--include-weak] [--json]',
    summary: "MAT's merged shortest paths from the GC roots to a class's objects, as a tree",
    run: (args) => runPaths(args),
  },
  strings: {
    usage: 'heapdrop strings <dump> [--top N] [--json]',
    summary: 'duplicate strings: String values held more than once, and the bytes one copy each would free',
    run: (args) => runStrings(args),
  },
  threads: {
    usage: 'heapdrop threads <dump> [--json] [--keep-unreachable]',
    summary: "every thread with its state and stack, and the retained size of what each frame's locals hold",
    run: (args) => runThreads(args),
  },
  collections: {
    usage: 'heapdrop collections <dump> [--top N] [--json]',
    summary: 'JDK collections by class: how many, their sizes, fill ratio and the bytes their backing arrays waste',
    run: (args) => runCollections(args),
  },
  report: {
    usage: 'heapdrop report <dump> [--out FILE] [--top N]',
    summary: 'one self-contained HTML file: summary, leak suspects, top components, duplicate strings, top classes',
    run: (args) => runReport(args),
  },
  diff: {
    usage: 'heapdrop diff <baseline dump> <dump> [--top N] [--json]',
    summary: 'what grew between two dumps of one program: each class (objects, shallow, retained) and where in the dominator tree',
    run: (args) => runDiff(args),
  },
  capture: {
    usage: 'heapdrop capture <pid> [-o file.hprof.gz] [--all] [--analyze]',
    summary: 'a heap dump of a running HotSpot JVM (Linux, no JDK tool needed; --container NAME, --list)',
    run: (args) => runCapture(args, (path) => COMMANDS.analyze.run([path])),
  },
  serve: {
    usage: 'heapdrop serve <dump> [--port N] [--host ADDRESS]',
    summary: 'analyse here and serve the app on 127.0.0.1 with a token in the URL (for ssh -L): a dump too big to move',
    run: (args) => runServe(args),
  },
};

function usage(): string {
  const lines = ['usage: heapdrop <command> [options]', ''];
  for (const c of Object.values(COMMANDS)) lines.push(`  ${c.usage.padEnd(48)} ${c.summary}`);
  lines.push('', 'Every command takes --cache DIR (where analyses are kept; default $XDG_CACHE_HOME/heapdrop or ~/.cache/heapdrop)');
  lines.push('and --no-cache (analyse the dump again and keep nothing).');
  return lines.join('\n') + '\n';
}

export async function main(argv: string[]): Promise<number> {
  // Node's typed arrays reach 2^32 elements: columns are not held to the tab's 1 GiB (dumps past 134 M objects).
  setArrayLimit(NODE_ARRAY_LIMIT);
  const [name, ...args] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(usage());
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    process.stderr.write(`heapdrop: unknown command "${name}"\n${usage()}`);
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
      process.stderr.write(`heapdrop: limit reached: ${terminalText(e.message)}\n`);
      return 3;
    }
    if (isHeapdropError(e) || e instanceof UsageError || e instanceof CaptureError) {
      // Messages may quote the dump (a class name): its control characters are escaped like the reports'.
      process.stderr.write(`heapdrop: ${terminalText(e.message)}\n`);
      return 2;
    }
    process.stderr.write(`heapdrop: internal error: ${terminalText((e as Error)?.message ?? String(e))}\n`);
    if (process.env.HEAPDROP_DEBUG) process.stderr.write(`${(e as Error)?.stack}\n`);
    return 1;
  }
}

// A reader that goes away (`heapdrop analyze x --json | head`) is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});
process.exitCode = await main(process.argv.slice(2));
