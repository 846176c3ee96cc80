// A small HPROF writer for tests: builds dumps the JVM does not produce (4-byte ids, Android records, class dumps
// after their instances, truncation, corrupt lengths). Layouts follow heapDumper.cpp and Android's hprof.cc.

export interface FieldSpec {
  name: string;
  type: number; // BasicType code
}

export interface StaticSpec extends FieldSpec {
  value: number | bigint;
}

export interface ClassSpec {
  id: number;
  superId: number;
  loaderId?: number;
  instanceSize?: number;
  statics?: StaticSpec[];
  fields?: FieldSpec[];
  /** Constant pool entries as [index, type, value]. */
  constantPool?: [number, number, number | bigint][];
}

const SIZES: Record<number, number> = { 4: 1, 5: 2, 6: 4, 7: 8, 8: 1, 9: 2, 10: 4, 11: 8 };

/** Growable big-endian byte buffer. */
export class ByteBuilder {
  private buf = new Uint8Array(1024);
  length = 0;
  constructor(readonly idSize: 4 | 8) {}

  private ensure(n: number): void {
    if (this.length + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + n));
    next.set(this.buf.subarray(0, this.length));
    this.buf = next;
  }
  u1(v: number): this {
    this.ensure(1);
    this.buf[this.length++] = v & 0xff;
    return this;
  }
  u2(v: number): this {
    return this.u1(v >>> 8).u1(v);
  }
  u4(v: number): this {
    return this.u1(v >>> 24)
      .u1(v >>> 16)
      .u1(v >>> 8)
      .u1(v);
  }
  u8(v: number | bigint): this {
    const b = BigInt.asUintN(64, BigInt(v));
    return this.u4(Number(b >> 32n)).u4(Number(b & 0xffffffffn));
  }
  id(v: number): this {
    return this.idSize === 4 ? this.u4(v) : this.u8(v);
  }
  bytes(b: Uint8Array): this {
    this.ensure(b.length);
    this.buf.set(b, this.length);
    this.length += b.length;
    return this;
  }
  value(type: number, v: number | bigint): this {
    switch (type) {
      case 2:
        return this.id(Number(v));
      case 4:
      case 8:
        return this.u1(Number(v));
      case 5:
      case 9:
        return this.u2(Number(v));
      case 6: {
        const dv = new DataView(new ArrayBuffer(4));
        dv.setFloat32(0, Number(v));
        return this.u4(dv.getUint32(0));
      }
      case 7: {
        const dv = new DataView(new ArrayBuffer(8));
        dv.setFloat64(0, Number(v));
        return this.u4(dv.getUint32(0)).u4(dv.getUint32(4));
      }
      case 10:
        return this.u4(Number(v));
      case 11:
        return this.u8(v);
      default:
        throw new Error(`bad type ${type}`);
    }
  }
  result(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

export class HprofWriter {
  readonly out: ByteBuilder;
  private seg: ByteBuilder | null = null;
  private segTag = 0x1c;
  private nextStringId = 0x10000;
  private readonly stringIds = new Map<string, number>();
  private classSerial = 1;
  /** Offsets where each top-level record and each heap sub-record starts (sub-records: in the final file). */
  readonly boundaries: number[] = [];
  private pendingSubBoundaries: number[] = [];

  constructor(
    readonly idSize: 4 | 8 = 8,
    version = '1.0.2',
    timestampMs = 1_700_000_000_000,
  ) {
    this.out = new ByteBuilder(idSize);
    for (const c of `JAVA PROFILE ${version}`) this.out.u1(c.charCodeAt(0));
    this.out.u1(0).u4(idSize).u8(timestampMs);
  }

  /** A top-level record with a raw body. */
  record(tag: number, body: Uint8Array, declaredLength = body.length): this {
    this.boundaries.push(this.out.length);
    this.out.u1(tag).u4(0).u4(declaredLength).bytes(body);
    return this;
  }

  private body(): ByteBuilder {
    return new ByteBuilder(this.idSize);
  }

  /** UTF8 record for a string; returns its id (one per distinct text). */
  string(text: string): number {
    const known = this.stringIds.get(text);
    if (known !== undefined) return known;
    const id = this.nextStringId;
    this.nextStringId += 8;
    this.stringIds.set(text, id);
    this.record(0x01, this.body().id(id).bytes(new TextEncoder().encode(text)).result());
    return id;
  }

  /** LOAD CLASS with a JVM name (`java/lang/String`, `[I`). */
  loadClass(classId: number, jvmName: string): this {
    const nameId = this.string(jvmName);
    return this.record(0x02, this.body().u4(this.classSerial++).id(classId).u4(0).id(nameId).result());
  }

  startThread(serial: number, threadId: number, name: string): this {
    const nameId = this.string(name);
    return this.record(0x0a, this.body().u4(serial).id(threadId).u4(0).id(nameId).id(0).id(0).result());
  }

  stackTrace(serial: number, threadSerial: number, frameIds: number[]): this {
    const b = this.body().u4(serial).u4(threadSerial).u4(frameIds.length);
    for (const f of frameIds) b.id(f);
    return this.record(0x05, b.result());
  }

  stackFrame(frameId: number, method: string, classSerial: number, line: number): this {
    const m = this.string(method);
    const sig = this.string('()V');
    const src = this.string('X.java');
    return this.record(0x04, this.body().id(frameId).id(m).id(sig).id(src).u4(classSerial).u4(line).result());
  }

  /** Starts a HEAP DUMP SEGMENT (0x1c) or a HEAP DUMP (0x0c); sub-records go into it until endSegment(). */
  beginSegment(tag = 0x1c): this {
    this.seg = this.body();
    this.segTag = tag;
    this.pendingSubBoundaries = [];
    return this;
  }

  endSegment(declaredLength?: number): this {
    const seg = this.seg!;
    this.seg = null;
    const start = this.out.length + 9;
    this.record(this.segTag, seg.result(), declaredLength);
    for (const b of this.pendingSubBoundaries) this.boundaries.push(start + b);
    return this;
  }

  heapDumpEnd(): this {
    return this.record(0x2c, new Uint8Array(0));
  }

  private sub(): ByteBuilder {
    if (!this.seg) throw new Error('no open segment');
    this.pendingSubBoundaries.push(this.seg.length);
    return this.seg;
  }

  /** Root sub-record: tag, id, then the u4 extras its layout has (thread serial, frame...). */
  root(tag: number, id: number, ...extra: number[]): this {
    const s = this.sub().u1(tag).id(id);
    if (tag === 0x01) s.id(extra[0] ?? 0);
    else for (const e of extra) s.u4(e);
    return this;
  }

  heapDumpInfo(heapType: number, name: string): this {
    const nameId = this.string(name);
    this.sub().u1(0xfe).u4(heapType).id(nameId);
    return this;
  }

  classDump(c: ClassSpec): this {
    // Names first (UTF8 records are top-level; they must not land inside the segment).
    const statics = (c.statics ?? []).map((f) => ({ ...f, nameId: this.string(f.name) }));
    const fields = (c.fields ?? []).map((f) => ({ ...f, nameId: this.string(f.name) }));
    const s = this.sub()
      .u1(0x20)
      .id(c.id)
      .u4(0)
      .id(c.superId)
      .id(c.loaderId ?? 0)
      .id(0)
      .id(0)
      .id(0)
      .id(0);
    let instanceSize = 0;
    for (const f of fields) instanceSize += f.type === 2 ? this.idSize : SIZES[f.type];
    s.u4(c.instanceSize ?? instanceSize);
    const cp = c.constantPool ?? [];
    s.u2(cp.length);
    for (const [index, type, value] of cp) s.u2(index).u1(type).value(type, value);
    s.u2(statics.length);
    for (const f of statics) s.id(f.nameId).u1(f.type).value(f.type, f.value);
    s.u2(fields.length);
    for (const f of fields) s.id(f.nameId).u1(f.type);
    return this;
  }

  /** Instance with field values in dump order (most-derived class first). */
  instance(id: number, classId: number, values: [number, number | bigint][], declaredLength?: number): this {
    const fb = this.body();
    for (const [type, v] of values) fb.value(type, v);
    const data = fb.result();
    this.sub()
      .u1(0x21)
      .id(id)
      .u4(0)
      .id(classId)
      .u4(declaredLength ?? data.length)
      .bytes(data);
    return this;
  }

  objectArray(id: number, classId: number, elements: number[], declaredLength?: number): this {
    const s = this.sub()
      .u1(0x22)
      .id(id)
      .u4(0)
      .u4(declaredLength ?? elements.length)
      .id(classId);
    for (const e of elements) s.id(e);
    return this;
  }

  primitiveArray(id: number, type: number, values: (number | bigint)[], declaredLength?: number): this {
    const s = this.sub()
      .u1(0x23)
      .id(id)
      .u4(0)
      .u4(declaredLength ?? values.length)
      .u1(type);
    for (const v of values) s.value(type, v);
    return this;
  }

  /** Android's PRIMITIVE ARRAY NODATA (0xc3): no element bytes. */
  primitiveArrayNoData(id: number, type: number, length: number): this {
    this.sub().u1(0xc3).id(id).u4(0).u4(length).u1(type);
    return this;
  }

  /** Raw bytes inside the open segment (for corrupt sub-records). */
  rawSub(bytes: Uint8Array): this {
    this.sub().bytes(bytes);
    return this;
  }

  bytes(): Uint8Array {
    return this.out.result();
  }
}
