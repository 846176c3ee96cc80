// One read of a collection object (collection-classes.ts names the layouts): its layout, size field, capacity,
// backing array and inner map. Nothing here trusts a size field: the walkers and callers count what they find.

import type { ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { intField } from './instance-fields.ts';
import type { ObjectReader } from './object-reader.ts';
import { CollectionClasses, type CollectionShape } from './collection-classes.ts';
import { arrayLength, hasField, instanceOf, longField, objectArray, readFields, refField, slots } from './collection-fields.ts';

/** Reads one collection object: layout, size field, capacity, backing array, inner map. */
export async function readShape(
  ctx: QueryContext,
  coll: CollectionClasses,
  reader: ObjectReader,
  index: ObjectIndex,
  /** false: a set's or a Properties' inner map is named (`inner`) but not read. */
  descend = true,
): Promise<CollectionShape | null> {
  const layout = coll.layoutOf(index);
  if (layout === null) return null;
  const inst = await readFields(ctx, reader, index);
  const shape: CollectionShape = {
    layout,
    sizeField: null,
    quickSize: 0,
    capacity: null,
    backing: -1,
    slotsPerEntry: 1,
    inner: -1,
    header: instanceOf(ctx, refField(ctx, inst, 'header')),
  };
  const table = (name: string) => {
    shape.backing = objectArray(ctx, refField(ctx, inst, name));
    shape.capacity = arrayLength(ctx, shape.backing);
  };
  const sized = (name: string) => {
    const n = intField(inst, name);
    shape.sizeField = n ?? null;
    shape.quickSize = Math.max(0, n ?? 0);
  };
  switch (layout) {
    case 'HashMap':
    case 'WeakHashMap':
      table('table');
      sized('size');
      break;
    case 'Hashtable':
      table('table');
      sized('count');
      break;
    case 'Properties': {
      // JDK 9+: the entries live in a ConcurrentHashMap (`map`); the Hashtable part stays empty.
      const inner = instanceOf(ctx, refField(ctx, inst, 'map'));
      if (inner >= 0 && coll.layoutOf(inner) === 'ConcurrentHashMap') {
        const innerShape = descend ? await readShape(ctx, coll, reader, inner) : null;
        if (innerShape) Object.assign(shape, innerShape, { layout, inner });
        else shape.inner = inner;
      } else {
        table('table');
        sized('count');
      }
      break;
    }
    case 'ConcurrentHashMap': {
      const segments = objectArray(ctx, refField(ctx, inst, 'segments'));
      if (hasField(inst, 'table')) {
        table('table');
        let n = longField(inst, 'baseCount') ?? 0;
        const cells = objectArray(ctx, refField(ctx, inst, 'counterCells'));
        for await (const id of slots(ctx, reader, cells)) {
          const cell = instanceOf(ctx, id);
          if (cell >= 0) n += longField(await readFields(ctx, reader, cell), 'value') ?? 0;
        }
        shape.sizeField = n;
        shape.quickSize = Math.max(0, n);
      } else if (segments >= 0) {
        // JDK 6/7: Segment[] segments, each a small hash table with its own count.
        let n = 0;
        let capacity = 0;
        for await (const id of slots(ctx, reader, segments)) {
          const segment = instanceOf(ctx, id);
          if (segment < 0) continue;
          const s = await readFields(ctx, reader, segment);
          n += intField(s, 'count') ?? 0;
          capacity += arrayLength(ctx, objectArray(ctx, refField(ctx, s, 'table')));
        }
        shape.backing = segments;
        shape.capacity = capacity;
        shape.sizeField = n;
        shape.quickSize = n;
      }
      break;
    }
    case 'IdentityHashMap':
      table('table');
      shape.capacity = (shape.capacity ?? 0) >>> 1;
      shape.slotsPerEntry = 2;
      sized('size');
      break;
    case 'MapN':
      table('table');
      shape.capacity = (shape.capacity ?? 0) >>> 1;
      shape.slotsPerEntry = 2;
      sized('size');
      break;
    case 'SetN':
      table('elements');
      sized('size');
      break;
    case 'HashSet':
    case 'TreeSet': {
      const inner = instanceOf(ctx, refField(ctx, inst, layout === 'HashSet' ? 'map' : 'm'));
      const innerShape = inner >= 0 && descend ? await readShape(ctx, coll, reader, inner) : null;
      if (innerShape) Object.assign(shape, innerShape, { layout, inner });
      else shape.inner = inner;
      break;
    }
    case 'TreeMap':
    case 'LinkedList':
      sized('size');
      break;
    case 'ArrayList':
      table('elementData');
      sized('size');
      break;
    case 'Vector':
      table('elementData');
      sized('elementCount');
      break;
    case 'PriorityQueue':
      table('queue');
      sized('size');
      break;
    case 'CopyOnWriteArrayList':
      table('array');
      shape.quickSize = shape.capacity ?? 0;
      break;
    case 'ArraysAsList':
      table('a');
      shape.quickSize = shape.capacity ?? 0;
      break;
    case 'ListN':
      table('elements');
      shape.quickSize = shape.capacity ?? 0;
      break;
    case 'ArrayDeque': {
      table('elements');
      const length = shape.capacity ?? 0;
      const head = intField(inst, 'head') ?? 0;
      const tail = intField(inst, 'tail') ?? 0;
      shape.quickSize = length > 0 ? (((tail - head) % length) + length) % length : 0;
      break;
    }
    case 'List12':
    case 'Set12': {
      const e0 = refField(ctx, inst, 'e0');
      const e1 = refField(ctx, inst, 'e1');
      shape.quickSize = (e0 !== 0 && !coll.isSentinel(e0) ? 1 : 0) + (e1 !== 0 && !coll.isSentinel(e1) ? 1 : 0);
      break;
    }
    case 'Map1':
      shape.quickSize = 1;
      break;
  }
  return shape;
}
