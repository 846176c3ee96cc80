// Node convenience: read a dump file with the zlib inflaters (thread-pool gunzip, faster than DecompressionStream).

import { nodeFileSource } from '../io/file-source.node.ts';
import { nodeInflaters } from '../io/inflate.node.ts';
import { readHprof, type ReadOptions, type ReadResult } from './read-hprof.ts';

export function readHprofFile(path: string, options: ReadOptions = {}): Promise<ReadResult> {
  return readHprof(nodeFileSource(path), { inflaters: nodeInflaters, ...options });
}
