// A finished analysis in a compact, versioned binary form, so that a dump is analysed once: the CLI keeps it in a
// cache directory, the tab in the Origin Private File System. Layout (little-endian):
//
//   head     16 bytes  "HDROPANA", u32 format version, u32 0
//   sections           each 8-byte aligned: typed-array columns as their raw bytes, or UTF-8 JSON
//   table              UTF-8 JSON: format and engine versions, the dump's key, and per section its name, type,
//                      offset, byte length and checksum
//   tail     32 bytes  f64 table offset, u32 table length, u32 table checksum, 8 bytes 0, "HDROPEND"
//
// Written front to back in one sequential pass (a sink needs no seek: a file stream, an OPFS writable); read
// section by section by range (never as one buffer: a 1 GB dump's analysis is larger than some browsers' largest
// ArrayBuffer). Readers skip sections they do not know, so a section can be added without a new format version
// (e.g. a random-access index into a single-member gzip dump, beside "access"). Every section is checked against
// its checksum as it is read: a partial or damaged file is a CacheError, never a wrong answer.
//
// The format's types and encodings are in analysis-format.ts, writing in analysis-save.ts, reading in
// analysis-load.ts and the dump's key in dump-key.ts; this file gathers what the rest of the engine imports.

export { ANALYSIS_FORMAT_VERSION, engineVersion, type AnalysisFile, type AnalysisIdentity, type AnalysisSink } from './analysis-format.ts';
export { saveAnalysis } from './analysis-save.ts';
export { loadAnalysis, readAnalysisTable, reopenAccess, type LoadTimings } from './analysis-load.ts';
export { dumpKey } from './dump-key.ts';
