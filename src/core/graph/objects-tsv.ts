// Every kept object as one TSV line in address order, in the columns of Eclipse MAT's objects files
// (docs/mat-semantics.md, `CASE.mat-objects.tsv.gz`): address, class, shallow, retained, idom (0x0 = the virtual root),
// gc_root_types. Produced in chunks of lines so millions of objects never make one giant string.

import { visibleText } from '../display-text.ts';
import { NO_NODE } from '../dominators/index.ts';
import { KIND_CLASS } from './heap-graph.ts';
import type { HeapGraph } from './heap-graph.ts';

export const OBJECTS_TSV_HEADER = 'address\tclass\tshallow\tretained\tidom\tgc_root_types';

/** Yields the lines (each ending in "\n", header first) in chunks of about `linesPerChunk` lines. */
export function* objectsTsvChunks(graph: HeapGraph, linesPerChunk = 20000): Generator<string> {
  const classes = graph.parsed.classes;
  // A class name from the dump may hold a tab or a newline: escaped, so every line keeps its six columns.
  const names = classes.map((c) => visibleText(c.name));
  const classObjectName = 'java.lang.Class';
  // Decoded once: the idom column reads ids at random.
  const ids = graph.allIds();
  let chunk = OBJECTS_TSV_HEADER + '\n';
  let lines = 0;
  for (let v = 0; v < graph.nodeCount; v++) {
    const idom = graph.idomByIndex[v];
    const roots = graph.rootTypesByIndex.get(v);
    const className = graph.kindByIndex[v] === KIND_CLASS ? classObjectName : names[graph.classByIndex[v]];
    chunk +=
      '0x' +
      ids[v].toString(16) +
      '\t' +
      className +
      '\t' +
      graph.shallowByIndex[v] +
      '\t' +
      graph.retainedByIndex[v] +
      '\t0x' +
      (idom === NO_NODE ? '0' : ids[idom].toString(16)) +
      '\t' +
      (roots ? roots.join(',') : '') +
      '\n';
    if (++lines === linesPerChunk) {
      yield chunk;
      chunk = '';
      lines = 0;
    }
  }
  if (chunk.length > 0) yield chunk;
}
