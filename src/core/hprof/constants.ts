// HPROF record tags and names. Reference: OpenJDK src/hotspot/share/services/heapDumper.cpp (format comment at the
// top) and Android ART runtime/hprof/hprof.cc (the 0x89..0xfe sub-records).

/** Top-level record tags. */
export const enum Tag {
  Utf8 = 0x01,
  LoadClass = 0x02,
  UnloadClass = 0x03,
  StackFrame = 0x04,
  StackTrace = 0x05,
  AllocSites = 0x06,
  HeapSummary = 0x07,
  StartThread = 0x0a,
  EndThread = 0x0b,
  HeapDump = 0x0c,
  CpuSamples = 0x0d,
  ControlSettings = 0x0e,
  HeapDumpSegment = 0x1c,
  HeapDumpEnd = 0x2c,
}

/** Heap dump sub-record tags. */
export const enum SubTag {
  RootUnknown = 0xff,
  RootJniGlobal = 0x01,
  RootJniLocal = 0x02,
  RootJavaFrame = 0x03,
  RootNativeStack = 0x04,
  RootStickyClass = 0x05,
  RootThreadBlock = 0x06,
  RootMonitorUsed = 0x07,
  RootThreadObject = 0x08,
  ClassDump = 0x20,
  InstanceDump = 0x21,
  ObjectArrayDump = 0x22,
  PrimitiveArrayDump = 0x23,
  // Android ART
  HeapDumpInfo = 0xfe,
  RootInternedString = 0x89,
  RootFinalizing = 0x8a,
  RootDebugger = 0x8b,
  RootReferenceCleanup = 0x8c,
  RootVmInternal = 0x8d,
  RootJniMonitor = 0x8e,
  Unreachable = 0x90,
  PrimitiveArrayNoData = 0xc3,
}

export const RECORD_NAMES: Record<number, string> = {
  0x01: 'UTF8',
  0x02: 'LOAD CLASS',
  0x03: 'UNLOAD CLASS',
  0x04: 'STACK FRAME',
  0x05: 'STACK TRACE',
  0x06: 'ALLOC SITES',
  0x07: 'HEAP SUMMARY',
  0x0a: 'START THREAD',
  0x0b: 'END THREAD',
  0x0c: 'HEAP DUMP',
  0x0d: 'CPU SAMPLES',
  0x0e: 'CONTROL SETTINGS',
  0x1c: 'HEAP DUMP SEGMENT',
  0x2c: 'HEAP DUMP END',
};

export const SUB_RECORD_NAMES: Record<number, string> = {
  0xff: 'ROOT UNKNOWN',
  0x01: 'ROOT JNI GLOBAL',
  0x02: 'ROOT JNI LOCAL',
  0x03: 'ROOT JAVA FRAME',
  0x04: 'ROOT NATIVE STACK',
  0x05: 'ROOT STICKY CLASS',
  0x06: 'ROOT THREAD BLOCK',
  0x07: 'ROOT MONITOR USED',
  0x08: 'ROOT THREAD OBJECT',
  0x20: 'CLASS DUMP',
  0x21: 'INSTANCE DUMP',
  0x22: 'OBJECT ARRAY DUMP',
  0x23: 'PRIMITIVE ARRAY DUMP',
  0xfe: 'HEAP DUMP INFO',
  0x89: 'ROOT INTERNED STRING',
  0x8a: 'ROOT FINALIZING',
  0x8b: 'ROOT DEBUGGER',
  0x8c: 'ROOT REFERENCE CLEANUP',
  0x8d: 'ROOT VM INTERNAL',
  0x8e: 'ROOT JNI MONITOR',
  0x90: 'UNREACHABLE',
  0xc3: 'PRIMITIVE ARRAY NODATA',
};

/** MAT's GC-root type names by sub-record tag (the graph step decides which ones are roots). */
export const ROOT_TYPE_NAMES: Record<number, string> = {
  0xff: 'Unknown',
  0x01: 'JNI Global',
  0x02: 'JNI Local',
  0x03: 'Java Local',
  0x04: 'Native Stack',
  0x05: 'System Class',
  0x06: 'Thread Block',
  0x07: 'Busy Monitor',
  0x08: 'Thread',
  0x89: 'Interned String',
  0x8a: 'Finalizable',
  0x8b: 'Debugger',
  0x8c: 'Reference Cleanup',
  0x8d: 'VM Internal',
  0x8e: 'JNI Monitor',
  0x90: 'Unreachable',
};

/** Value size of a basic type (BasicType codes), 0 if the code is not a basic type. Objects: the id size. */
export function basicTypeSize(type: number, idSize: number): number {
  switch (type) {
    case 2:
      return idSize;
    case 4:
    case 8:
      return 1;
    case 5:
    case 9:
      return 2;
    case 6:
    case 10:
      return 4;
    case 7:
    case 11:
      return 8;
    default:
      return 0;
  }
}

export const PRIMITIVE_TYPE_NAMES: Record<number, string> = {
  4: 'boolean',
  5: 'char',
  6: 'float',
  7: 'double',
  8: 'byte',
  9: 'short',
  10: 'int',
  11: 'long',
};

/** Record counts by name from per-tag counters (top-level and heap sub-records). */
export function countsByName(topCounts: Int32Array, subCounts: Int32Array): Record<string, number> {
  const counts: Record<string, number> = {};
  for (let t = 0; t < 256; t++) {
    if (topCounts[t] > 0) {
      const name = RECORD_NAMES[t] ?? `UNKNOWN 0x${t.toString(16)}`;
      counts[name] = (counts[name] ?? 0) + topCounts[t];
    }
  }
  for (let t = 0; t < 256; t++) if (subCounts[t] > 0) counts[SUB_RECORD_NAMES[t]] = subCounts[t];
  return counts;
}
