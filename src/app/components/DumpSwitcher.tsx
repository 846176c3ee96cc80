// The dumps open in this tab: the current one's title, a menu to switch to another (each keeps its worker and its
// analysis), and a button to close the current one (nothing to confirm: the analysis is saved). Titles are file
// names, so they are shown as dump strings (dumpText): control and bidi characters as escapes.
import { dumpText } from '../object-text.ts';
import { useAppStore } from '../store.ts';

export function DumpSwitcher() {
  const engine = useAppStore((s) => s.engine);
  const others = useAppStore((s) => s.others);
  if (engine === null || engine.readOnly || others.length === 0) return null;
  const all = [...others, engine];
  return (
    <span className="dump-switcher">
      <select
        aria-label="Open dumps"
        data-testid="dump-switcher"
        value={all.indexOf(engine)}
        onChange={(e) => {
          const chosen = all[Number(e.currentTarget.value)];
          if (chosen !== engine) useAppStore.getState().switchEngine(chosen);
        }}
      >
        {all.map((e, i) => (
          <option key={i} value={i}>
            {dumpText(e.title)}
          </option>
        ))}
      </select>
      <button
        type="button"
        className="btn"
        title="Close this dump (its analysis stays saved)"
        onClick={() => useAppStore.getState().closeCurrent()}
        data-testid="close-dump"
      >
        Close
      </button>
    </span>
  );
}
