// A generated dump of many java.lang.String objects, for the specs that need more Strings than a small JVM
// program dumps quickly (the duplicate-strings panel's thresholds, long passes beside interactive views).
import { HprofWriter } from '../src/core/testing/hprof-writer.ts';

/**
 * `count` java.lang.String objects (JDK 17's fields: value, hash, coder), each with its own Latin-1 byte[]
 * "value-<i mod values>", all held by one Object[] that a JNI global roots. Records are written straight into
 * buffers.
 */
export function stringsDump(count: number, values: number): Uint8Array {
  const w = new HprofWriter(8);
  const OBJECT = 0x100;
  const CLASS = 0x110;
  const STRING = 0x120;
  const OBJECTS = 0x130;
  const HOLDER = 0x9_0000_0000;
  const stringId = (i: number) => 0x1_0000_0000 + i * 0x20;
  const arrayId = (i: number) => 0x3_0000_0000 + i * 0x20;
  w.loadClass(OBJECT, 'java/lang/Object');
  w.loadClass(CLASS, 'java/lang/Class');
  w.loadClass(STRING, 'java/lang/String');
  w.loadClass(OBJECTS, '[Ljava/lang/Object;');
  w.beginSegment();
  w.classDump({ id: OBJECT, superId: 0 });
  w.classDump({ id: CLASS, superId: OBJECT });
  w.classDump({
    id: STRING,
    superId: OBJECT,
    fields: [
      { name: 'value', type: 2 },
      { name: 'hash', type: 10 },
      { name: 'coder', type: 8 },
    ],
  });
  w.classDump({ id: OBJECTS, superId: OBJECT });
  const text = new TextEncoder();
  const STRING_RECORD = 1 + 8 + 4 + 8 + 4 + 13;
  const strings = new Uint8Array(count * STRING_RECORD);
  const sv = new DataView(strings.buffer);
  const arrays: Uint8Array[] = [];
  for (let i = 0, at = 0; i < count; i++, at += STRING_RECORD) {
    sv.setUint8(at, 0x21);
    sv.setBigUint64(at + 1, BigInt(stringId(i)));
    sv.setBigUint64(at + 13, BigInt(STRING));
    sv.setUint32(at + 21, 13);
    sv.setBigUint64(at + 25, BigInt(arrayId(i)));
    const value = text.encode(`value-${i % values}`);
    const a = new Uint8Array(1 + 8 + 4 + 4 + 1 + value.length);
    const av = new DataView(a.buffer);
    av.setUint8(0, 0x23);
    av.setBigUint64(1, BigInt(arrayId(i)));
    av.setUint32(13, value.length);
    av.setUint8(17, 8); // byte
    a.set(value, 18);
    arrays.push(a);
  }
  w.rawSub(strings);
  const joined = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  for (let i = 0, at = 0; i < arrays.length; at += arrays[i].length, i++) joined.set(arrays[i], at);
  w.rawSub(joined);
  w.objectArray(
    HOLDER,
    OBJECTS,
    Array.from({ length: count }, (_, i) => stringId(i)),
  );
  for (const c of [OBJECT, CLASS, STRING, OBJECTS]) w.root(0x05, c);
  w.root(0x01, HOLDER, 0);
  w.endSegment();
  w.heapDumpEnd();
  return w.bytes();
}
