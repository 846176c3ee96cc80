// A hand-built dump whose names are chosen by the test: an application class (its package, name, an instance
// field and a static field), a thread and a String value. The class object retains an array of the class's
// instances through the static field, so it is the largest top-level dominator (as a class holding a static
// registry often is). Used to check that masking hides every application name, and that names holding control
// or bidi characters reach a terminal or the page as data. Layouts: see hprof-writer.ts.
import { HprofWriter } from './hprof-writer.ts';

export interface DumpNames {
  /** JVM form, with slashes: `com/acme/payroll`. */
  packageName: string;
  className: string;
  fieldName: string;
  staticFieldName: string;
  threadName: string;
  /** The value of a String held by every instance of the class. */
  stringValue: string;
}

export const NAMED = {
  Object: 0x100,
  Class: 0x110,
  String: 0x120,
  CharArray: 0x130,
  ObjectArray: 0x140,
  Thread: 0x150,
  App: 0x160,
  registry: 0x2000,
  firstInstance: 0x3000,
  thread: 0x4000,
  threadName: 0x4100,
  threadNameChars: 0x4200,
  value: 0x5000,
  valueChars: 0x5100,
} as const;

export const NAMED_INSTANCES = 40;

const CHAR = 5;
const INT = 10;
const OBJ = 2;

const utf16 = (text: string) => Array.from({ length: text.length }, (_, i) => text.charCodeAt(i));

export function namedDump(names: DumpNames): Uint8Array {
  const w = new HprofWriter(8);
  const classes: [number, string][] = [
    [NAMED.Object, 'java/lang/Object'],
    [NAMED.Class, 'java/lang/Class'],
    [NAMED.String, 'java/lang/String'],
    [NAMED.CharArray, '[C'],
    [NAMED.ObjectArray, '[Ljava/lang/Object;'],
    [NAMED.Thread, 'java/lang/Thread'],
    [NAMED.App, `${names.packageName}/${names.className}`],
  ];
  for (const [id, name] of classes) w.loadClass(id, name);
  w.startThread(1, NAMED.thread, names.threadName);
  w.beginSegment();
  w.classDump({ id: NAMED.Object, superId: 0 });
  w.classDump({ id: NAMED.Class, superId: NAMED.Object });
  w.classDump({
    id: NAMED.String,
    superId: NAMED.Object,
    fields: [
      { name: 'value', type: OBJ },
      { name: 'hash', type: INT },
    ],
  });
  w.classDump({ id: NAMED.CharArray, superId: NAMED.Object });
  w.classDump({ id: NAMED.ObjectArray, superId: NAMED.Object });
  w.classDump({ id: NAMED.Thread, superId: NAMED.Object, fields: [{ name: 'name', type: OBJ }] });
  w.classDump({
    id: NAMED.App,
    superId: NAMED.Object,
    statics: [{ name: names.staticFieldName, type: OBJ, value: NAMED.registry }],
    fields: [
      { name: names.fieldName, type: OBJ },
      { name: 'payload', type: OBJ },
    ],
  });
  const instances = Array.from({ length: NAMED_INSTANCES }, (_, i) => NAMED.firstInstance + i * 0x40);
  w.objectArray(NAMED.registry, NAMED.ObjectArray, instances);
  instances.forEach((id, i) => {
    w.instance(id, NAMED.App, [
      [OBJ, NAMED.value],
      [OBJ, id + 0x20],
    ]);
    w.primitiveArray(
      id + 0x20,
      INT,
      Array.from({ length: 256 }, (_, k) => i * 256 + k),
    );
  });
  w.primitiveArray(NAMED.valueChars, CHAR, utf16(names.stringValue));
  w.instance(NAMED.value, NAMED.String, [
    [OBJ, NAMED.valueChars],
    [INT, 0],
  ]);
  w.primitiveArray(NAMED.threadNameChars, CHAR, utf16(names.threadName));
  w.instance(NAMED.threadName, NAMED.String, [
    [OBJ, NAMED.threadNameChars],
    [INT, 0],
  ]);
  w.instance(NAMED.thread, NAMED.Thread, [[OBJ, NAMED.threadName]]);
  for (const [id] of classes) w.root(0x05, id);
  w.root(0x08, NAMED.thread, 1, 0);
  w.endSegment();
  w.heapDumpEnd();
  return w.bytes();
}
