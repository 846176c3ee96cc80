// Class names as Eclipse MAT displays them: `byte[]`, `java.lang.Object[][]`, `a.b.Outer$Inner`, hidden classes as
// in the HPROF symbol (`Foo$$Lambda$1+0x...`). Input is the JVM's spelling from LOAD CLASS (`[B`,
// `[Ljava/lang/String;`, `java/lang/String`) or an already readable name (Android writes `java.lang.String[]`).

const DESCRIPTOR_NAMES: Record<string, string> = {
  Z: 'boolean',
  C: 'char',
  F: 'float',
  D: 'double',
  B: 'byte',
  S: 'short',
  I: 'int',
  J: 'long',
};

export function matClassName(jvmName: string): string {
  if (jvmName.length === 0 || jvmName.charCodeAt(0) !== 0x5b /* [ */) return jvmName.replace(/\//g, '.');
  let dims = 0;
  while (dims < jvmName.length && jvmName.charCodeAt(dims) === 0x5b) dims++;
  const rest = jvmName.slice(dims);
  let element: string;
  if (rest.length > 2 && rest[0] === 'L' && rest.endsWith(';')) element = rest.slice(1, -1).replace(/\//g, '.');
  else if (rest.length === 1 && DESCRIPTOR_NAMES[rest] !== undefined) element = DESCRIPTOR_NAMES[rest];
  else element = rest.replace(/\//g, '.'); // not a descriptor: keep what we can read
  return element + '[]'.repeat(dims);
}

/** The name of the array class holding primitives of a BasicType (4..11), e.g. `int[]`. */
export function primitiveArrayClassName(basicType: number): string | undefined {
  const n = PRIMITIVE_ARRAY_NAMES[basicType];
  return n;
}

const PRIMITIVE_ARRAY_NAMES: Record<number, string> = {
  4: 'boolean[]',
  5: 'char[]',
  6: 'float[]',
  7: 'double[]',
  8: 'byte[]',
  9: 'short[]',
  10: 'int[]',
  11: 'long[]',
};

/** BasicType of a primitive array class name (`int[]` -> 10), or 0. */
export function primitiveArrayTypeOfName(name: string): number {
  for (const k in PRIMITIVE_ARRAY_NAMES) if (PRIMITIVE_ARRAY_NAMES[k] === name) return Number(k);
  return 0;
}
