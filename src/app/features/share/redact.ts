// Redaction of a share snapshot before it is encrypted: one function, two documented flags.
// - values: drop field values and string contents (ObjectRow/TreemapNode labels hold String values and thread
//   names). On by default. A class object's label is its class's name, not a value: it is kept (and masked
//   with the other class names).
// - classNames: replace application class and package names with consistent pseudonyms (`app1.Class7`), keeping
//   JDK and platform names, so a teammate still sees "java.util.HashMap$Node[]" but not "com.acme.billing.Invoice".
//   The field names of an application class go too, also on its class object (a java.lang.Class is masked by
//   the class it describes: its static fields are the application's), and the title, which defaults to the
//   dump's file name and so usually names the service, becomes MASKED_TITLE.
//   A stack frame of an application class has its class, method and source file masked alike (`app1.Class2.m3
//   (File4.java:12)`; line numbers stay); its signature, which names classes, is dropped. Thread names are values.
import type { AccumulationPoint, HistogramRow, ObjectRow, Summary, TreemapNode } from '../../../core/api.ts';
import type { SharedField, SharedFrame, SharedObject, ShareSnapshot } from './snapshot.ts';

export interface RedactionOptions {
  values: boolean;
  classNames: boolean;
}

export const DEFAULT_REDACTION: RedactionOptions = { values: true, classNames: false };

/** The title of a share made with class names masked. */
export const MASKED_TITLE = 'Heap analysis (names masked)';

const PLATFORM_PREFIXES = ['java.', 'javax.', 'jdk.', 'sun.', 'com.sun.', 'kotlin.', 'scala.', 'android.', 'dalvik.'];
const PRIMITIVES = new Set(['boolean', 'char', 'float', 'double', 'byte', 'short', 'int', 'long', 'void']);

/** Splits `com.a.B[][]` into the element name and the array suffix. */
function splitArray(name: string): [string, string] {
  const m = /^(.*?)((?:\[\])*)$/.exec(name);
  return m ? [m[1], m[2]] : [name, ''];
}

/** True for names kept as-is: JDK/platform classes, primitives and pseudo names such as `<system class loader>`. */
export function isPlatformClassName(name: string): boolean {
  const [element] = splitArray(name.startsWith('class ') ? name.slice(6) : name);
  if (PRIMITIVES.has(element) || element.startsWith('<') || element === '') return true;
  return PLATFORM_PREFIXES.some((p) => element.startsWith(p));
}

/** Maps application class names to pseudonyms; the same name always gets the same pseudonym. */
export class ClassNameMasker {
  private readonly packageToAlias = new Map<string, string>();
  private readonly classToAlias = new Map<string, string>();

  mask(name: string): string {
    if (isPlatformClassName(name)) return name;
    const prefix = name.startsWith('class ') ? 'class ' : '';
    const [element, arraySuffix] = splitArray(name.slice(prefix.length));
    let alias = this.classToAlias.get(element);
    if (alias === undefined) {
      const dot = element.lastIndexOf('.');
      const pkg = dot < 0 ? '' : element.slice(0, dot);
      let pkgAlias = this.packageToAlias.get(pkg);
      if (pkgAlias === undefined) {
        pkgAlias = pkg === '' ? '' : `app${this.packageToAlias.size + 1}`;
        this.packageToAlias.set(pkg, pkgAlias);
      }
      const cls = `Class${this.classToAlias.size + 1}`;
      alias = pkgAlias === '' ? cls : `${pkgAlias}.${cls}`;
      this.classToAlias.set(element, alias);
    }
    return prefix + alias + arraySuffix;
  }
}

/** Masks stack frames of application classes consistently: class as ClassNameMasker, method `mN`, source file
 *  `FileN.ext`. A frame of a JDK or platform class is kept. */
class FrameMasker {
  private readonly methods = new Map<string, string>();
  private readonly files = new Map<string, string>();
  constructor(private readonly classes: ClassNameMasker) {}

  mask<F extends Pick<SharedFrame, 'className' | 'method' | 'sourceFile' | 'text'>>(f: F): F {
    if (isPlatformClassName(f.className)) return f;
    const className = this.classes.mask(f.className);
    const methodKey = `${f.className}.${f.method}`;
    let method = this.methods.get(methodKey);
    if (method === undefined) this.methods.set(methodKey, (method = f.method.startsWith('<') ? f.method : `m${this.methods.size + 1}`));
    let sourceFile = this.files.get(f.sourceFile);
    if (sourceFile === undefined) {
      const ext = /\.[A-Za-z]{1,8}$/.exec(f.sourceFile)?.[0] ?? '';
      sourceFile = f.sourceFile === '' ? '' : `File${this.files.size + 1}${ext}`;
      this.files.set(f.sourceFile, sourceFile);
    }
    // The text is `class.method(source)`; the source part (`File.java:12`, `Native Method`) keeps its form.
    const head = `${f.className}.${f.method}(`;
    const source = f.text.startsWith(head) ? f.text.slice(head.length, -1) : '';
    const maskedSource =
      f.sourceFile !== '' && source.startsWith(f.sourceFile)
        ? sourceFile + source.slice(f.sourceFile.length)
        : source === ''
          ? 'Unknown Source'
          : source;
    return { ...f, className, method, sourceFile, text: `${className}.${method}(${maskedSource})` };
  }
}

/** Returns a redacted copy; the input is not modified. */
export function redactSnapshot(snapshot: ShareSnapshot, options: RedactionOptions): ShareSnapshot {
  const masker = new ClassNameMasker();
  const className = (n: string) => (options.classNames ? masker.mask(n) : n);
  const frames = new FrameMasker(masker);
  const frame = <F extends Pick<SharedFrame, 'className' | 'method' | 'sourceFile' | 'text'>>(f: F): F =>
    options.classNames ? frames.mask(f) : f;
  /** The label to keep for a row or treemap cell, if any. */
  const label = (cls: string, text: string | undefined): string | undefined => {
    if (text === undefined) return undefined;
    if (cls === 'java.lang.Class') return className(text.startsWith('class ') ? text : 'class ' + text);
    return options.values ? undefined : text;
  };
  const row = <T extends ObjectRow>(r: T): T => {
    const out = { ...r, className: className(r.className) };
    const kept = label(r.className, r.label);
    if (kept === undefined) delete out.label;
    else out.label = kept;
    return out;
  };
  const out: ShareSnapshot = {
    v: 1,
    createdAt: snapshot.createdAt,
    title: options.classNames ? MASKED_TITLE : snapshot.title,
    redaction: { values: options.values, classNames: options.classNames },
  };
  if (snapshot.summary) out.summary = redactSummary(snapshot.summary, options);
  if (snapshot.histogram) {
    out.histogram = snapshot.histogram.map((h): HistogramRow => ({ ...h, className: className(h.className) }));
  }
  if (snapshot.dominators) {
    out.dominators = { ...snapshot.dominators, nodes: snapshot.dominators.nodes.map(row) };
  }
  if (snapshot.treemap) {
    const visit = (n: TreemapNode): TreemapNode => {
      const copy: TreemapNode = { ...n, className: className(n.className) };
      const kept = label(n.className, n.label);
      if (kept === undefined) delete copy.label;
      else copy.label = kept;
      if (n.children) copy.children = n.children.map(visit);
      return copy;
    };
    out.treemap = visit(snapshot.treemap);
  }
  if (snapshot.object) out.object = redactObject(snapshot.object, options, className, row);
  if (snapshot.suspects) {
    out.suspects = {
      ...snapshot.suspects,
      suspects: snapshot.suspects.suspects.map((s) => ({
        ...s,
        ...(s.object ? { object: row(s.object) } : {}),
        ...(s.group ? { group: { ...s.group, className: className(s.group.className) } } : {}),
        topConsumers: s.topConsumers.map((c) => ({ ...c, className: className(c.className) })),
        ...(s.accumulation ? { accumulation: s.accumulation.map(row) } : {}),
        ...(s.thread
          ? {
              thread: {
                name: options.values ? null : s.thread.name,
                frames:
                  s.thread.frames?.map((f) => {
                    const masked = frame(f.frame);
                    const changed = masked !== f.frame;
                    return {
                      frame: changed ? { ...masked, signature: '' } : masked,
                      matText: changed ? masked.text : f.matText,
                      locals: f.locals.map(row),
                    };
                  }) ?? null,
              },
            }
          : {}),
        ...(s.loader ? { loader: row(s.loader) } : {}),
        ...(s.point ? { point: redactPoint(s.point, options, className, row) } : {}),
      })),
    };
  }
  if (snapshot.threads) {
    out.threads = snapshot.threads.map((t) => {
      const copy = { ...t, object: row(t.object), frames: t.frames?.map((f) => ({ ...frame(f), locals: f.locals.map(row) })) ?? null };
      if (options.values) delete copy.name;
      return copy;
    });
  }
  if (snapshot.collections) {
    out.collections = {
      ...snapshot.collections,
      classes: snapshot.collections.classes.map((c) => ({
        ...c,
        className: className(c.className),
        largestWaste: c.largestWaste.map((w) => ({ ...w, object: row(w.object) })),
      })),
    };
  }
  // The view names no class and no value: kept as it is.
  if (snapshot.view) out.view = snapshot.view;
  return out;
}

/** The point's rows and class names as every row; with class names masked, its one-line path (which spells
 *  them) is dropped and an application class's field names on the path are masked too. */
function redactPoint(
  p: AccumulationPoint,
  options: RedactionOptions,
  className: (n: string) => string,
  row: (r: ObjectRow) => ObjectRow,
): AccumulationPoint {
  const maskField = (holder: string, field: string | null): string | null => {
    if (field === null || !options.classNames) return field;
    // A thread's local names its frame (`<Java Local> in app.Foo.bar(Foo.java:12)`), whatever the holder's class:
    // the frame goes, the kind of reference stays.
    if (field.startsWith('<Java') || field.startsWith('<JNI')) return field.replace(/^(<[^>]+>) in .*$/, '$1');
    return isPlatformClassName(holder) || field.startsWith('[') ? field : 'field';
  };
  return {
    object: row(p.object),
    loader: row(p.loader),
    // A class object holds its statics: judged by the class it describes, as the rest of the snapshot is.
    pathFromRoot:
      p.pathFromRoot &&
      p.pathFromRoot.map((step) => ({
        object: row(step.object),
        field: maskField(step.object.label?.startsWith('class ') ? step.object.label.slice(6) : step.object.className, step.field),
      })),
    chain: options.classNames ? '' : p.chain,
    childrenByClass: p.childrenByClass.map((c) => ({ ...c, className: className(c.className) })),
    retainedByClass: p.retainedByClass.map((c) => ({ ...c, className: className(c.className) })),
  };
}

function redactSummary(s: Summary, options: RedactionOptions): Summary {
  // Warnings are free text that may quote class names; they cannot be masked reliably, so they are dropped.
  return { ...s, warnings: options.classNames ? [] : [...s.warnings] };
}

function redactObject(
  o: SharedObject,
  options: RedactionOptions,
  className: (n: string) => string,
  row: (r: ObjectRow) => ObjectRow,
): SharedObject {
  // Field names of an application class reveal its structure as much as its name does. A class object's fields
  // are the static fields of the class it describes: it is judged by that class, not by java.lang.Class.
  const described = o.kind === 'class' || o.row.className === 'java.lang.Class' ? o.row.label : o.row.className;
  const maskFieldNames = options.classNames && (described === undefined || !isPlatformClassName(described));
  const fields = o.fields.map((f, i): SharedField => {
    const copy: SharedField = { ...f, name: maskFieldNames && !f.name.startsWith('[') ? `field${i + 1}` : f.name };
    if (options.values) delete copy.value;
    if (f.refClassName !== undefined) copy.refClassName = className(f.refClassName);
    return copy;
  });
  const out: SharedObject = { ...o, row: row(o.row), fields };
  if (o.dominatorPath) out.dominatorPath = o.dominatorPath.map(row);
  return out;
}
