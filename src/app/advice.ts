// What to tell the user for each failure code of the core (src/core/errors.ts) and of the worker.

export interface FailureAdvice {
  title: string;
  advice: string;
}

export function adviceFor(code: string): FailureAdvice {
  switch (code) {
    case 'TRUNCATED':
      return {
        title: 'The dump is truncated',
        advice:
          'The file ends in the middle of a record. The JVM may still have been writing it, the disk may have filled up, or the copy was interrupted. Take the dump again, or copy it again in full.',
      };
    case 'FORMAT':
      return {
        title: 'This is not a readable HPROF heap dump',
        advice:
          'heapdrop reads HPROF files (.hprof) and their gzip form (.hprof.gz). Check that the file is a Java heap dump (not a core dump, a JFR recording or a thread dump) and that it was not damaged in transfer.',
      };
    case 'UNSUPPORTED_VERSION':
      return {
        title: 'Unsupported HPROF version',
        advice: 'heapdrop reads "JAVA PROFILE 1.0.1" and "1.0.2" dumps written by HotSpot (JDK 6–25) and Android.',
      };
    case 'LIMIT_EXCEEDED':
      return {
        title: 'The dump is too large for this tab',
        advice:
          "The dump reached one of heapdrop's hard limits, named below (a 1 GiB column, memory the browser refused, a table past the JavaScript engine's largest size). If the dump is genuine, try the `heapdrop` command line, a 64-bit desktop browser with more memory, or a dump taken with `jmap -dump:live` (only live objects).",
      };
    case 'UNSUPPORTED_COMPRESSION':
      return {
        title: 'This file is compressed in a format heapdrop does not read',
        advice:
          "heapdrop reads HPROF dumps plain (.hprof) or gzip-compressed (.hprof.gz, including the JVM's -gz). Decompress the file with the command named above, then open the result.",
      };
    case 'CANCELLED':
      return { title: 'Analysis cancelled', advice: 'Open the dump again to restart the analysis.' };
    case 'IO':
      return {
        title: 'The file could not be read',
        advice: 'The browser could not read the file. It may have been moved, deleted or be still being written. Choose it again.',
      };
    case 'WORKER':
      return {
        title: 'The analysis stopped',
        advice: 'The analysis worker ended unexpectedly, most often because the tab ran out of memory. Close other tabs and try again.',
      };
    default:
      return { title: 'The analysis failed', advice: 'This looks like a bug in heapdrop. The message below says where it happened.' };
  }
}
