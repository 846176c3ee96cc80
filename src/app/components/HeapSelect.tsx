// Android dumps name their heaps (HEAP DUMP INFO: app, image, zygote). The histogram, the overview, the dominator
// tree and the leak suspects can be limited to one of them, the app heap first (as Android Studio, ahat and Shark
// show it); "every heap" shows the whole dump. The choice is the `heap` parameter of the view's URL (left out for
// the default), so a reload or a copied link keeps it, and it carries over to the next view opened. Dumps without
// heaps show no selector.
import { useEffect, useState } from 'react';
import type { Summary } from '../../core/api.ts';
import { formatCount } from '../format.ts';
import { formatRoute, parseRoute } from '../routes.ts';
import { useAppStore } from '../store.ts';

export const ALL_HEAPS = 'all';

export interface HeapChoice {
  /** The dump's heaps (undefined: not an Android dump, no selector). */
  heaps: NonNullable<Summary['heaps']> | undefined;
  /** The chosen heap's name, or ALL_HEAPS. */
  name: string;
  /** Its index in `Summary.heaps`, -1 for every heap. */
  index: number;
  /** The chosen heap's figures (undefined for every heap). */
  heap: NonNullable<Summary['heaps']>[number] | undefined;
  /** The app heap when the dump has one, else every heap. */
  defaultName: string;
  choose(name: string): void;
}

/** The view's heap choice: its URL's `heap`, else the one last chosen for this dump, else the default. */
export function useHeapChoice(params: Record<string, string>): HeapChoice {
  const heaps = useAppStore((s) => s.summary?.heaps);
  const stored = useAppStore((s) => s.heapChoice);
  const setStored = useAppStore((s) => s.setHeapChoice);
  const defaultName = heaps?.some((h) => h.name === 'app') ? 'app' : ALL_HEAPS;
  const valid = (name: string | null | undefined): string | undefined =>
    name !== null && name !== undefined && (name === ALL_HEAPS || heaps?.some((h) => h.name === name)) ? name : undefined;
  const [name, setName] = useState(() => (heaps ? (valid(params.heap) ?? valid(stored) ?? defaultName) : ALL_HEAPS));
  // A link with another `heap` (back, forward, a pasted link) wins over the last choice.
  useEffect(() => {
    const fromUrl = valid(params.heap);
    if (fromUrl !== undefined) setName(fromUrl);
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only the URL's parameter drives this
  }, [params.heap]);
  // The URL says what is shown (a choice carried over from another view included).
  useEffect(() => {
    if (!heaps) return;
    setStored(name);
    const route = parseRoute(location.hash);
    if (route.kind !== 'view' || (route.params.heap ?? defaultName) === name) return;
    history.replaceState(null, '', formatRoute({ ...route, params: { ...route.params, heap: name === defaultName ? '' : name } }));
  }, [heaps, name, defaultName, setStored]);
  const index = heaps && name !== ALL_HEAPS ? heaps.findIndex((h) => h.name === name) : -1;
  return { heaps, name, index, heap: index >= 0 ? heaps![index] : undefined, defaultName, choose: setName };
}

/** The heap selector; nothing for a dump without heaps. */
export function HeapSelect({ choice, testId }: { choice: HeapChoice; testId: string }) {
  const { heaps } = choice;
  if (!heaps || heaps.length === 0) return null;
  return (
    <label className="toolbar-label" title="Android heaps: app (the application's objects), zygote and image (shared with every app)">
      Heap
      <select className="input" value={choice.name} onChange={(e) => choice.choose(e.target.value)} data-testid={testId}>
        {heaps.map((h) => (
          <option key={h.name} value={h.name}>
            {h.name} ({formatCount(h.objects)} objects)
          </option>
        ))}
        <option value={ALL_HEAPS}>every heap</option>
      </select>
    </label>
  );
}
