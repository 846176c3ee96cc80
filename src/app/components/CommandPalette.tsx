// The command palette (Ctrl-K, Cmd-K or "/"): one box that finds a view, a class by name (opening its
// histogram pane) or an object by address (opening the inspector), all from the keyboard.
import { useEffect, useMemo, useRef, useState } from 'react';
import { isTyping } from '../keys.ts';
import type { ViewName } from '../routes.ts';
import { useAppStore } from '../store.ts';
import { paletteItems, type PaletteItem } from './palette-items.ts';
import { useHistogram } from './use-engine.ts';

export function CommandPalette({ views }: { views: readonly (readonly [ViewName, string])[] }) {
  const [open, setOpen] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const chord = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'k';
      if (chord || (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !isTyping(e.target))) {
        e.preventDefault();
        setOpen(true);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  return open ? <Palette views={views} onClose={() => setOpen(false)} /> : null;
}

function Palette({ views, onClose }: { views: readonly (readonly [ViewName, string])[]; onClose: () => void }) {
  const [text, setText] = useState('');
  const [selected, setSelected] = useState(0);
  const [message, setMessage] = useState<string | null>(null);
  const histogram = useHistogram();
  const inputRef = useRef<HTMLInputElement>(null);
  useEffect(() => inputRef.current?.focus(), []);

  const items = useMemo(() => paletteItems(text, views, histogram.data ?? []), [text, views, histogram.data]);
  useEffect(() => setSelected(0), [text]);

  const go = async (item: PaletteItem | undefined) => {
    if (!item) return;
    if (item.kind === 'object' && item.address) {
      const engine = useAppStore.getState().engine;
      const index = engine ? await engine.findObject(item.address).catch(() => null) : null;
      if (index === null) {
        setMessage(`No object at ${item.address}`);
        return;
      }
    }
    onClose();
    location.hash = item.hash;
  };

  return (
    <div className="palette-backdrop" onMouseDown={onClose} data-testid="command-palette">
      <div className="palette" role="dialog" aria-label="Go to" onMouseDown={(e) => e.stopPropagation()}>
        <input
          ref={inputRef}
          className="input palette-input"
          placeholder="View, class name or address 0x…"
          aria-label="View, class name or object address"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            setMessage(null);
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              e.preventDefault();
              onClose();
            } else if (e.key === 'ArrowDown') {
              e.preventDefault();
              setSelected((s) => Math.min(items.length - 1, s + 1));
            } else if (e.key === 'ArrowUp') {
              e.preventDefault();
              setSelected((s) => Math.max(0, s - 1));
            } else if (e.key === 'Enter') {
              e.preventDefault();
              void go(items[selected]);
            }
          }}
          data-testid="palette-input"
        />
        {message && (
          <div className="palette-message" role="alert">
            {message}
          </div>
        )}
        <ul className="palette-list" role="listbox">
          {items.map((item, i) => (
            <li
              key={item.key}
              role="option"
              aria-selected={i === selected}
              className={'palette-item' + (i === selected ? ' selected' : '')}
              onMouseEnter={() => setSelected(i)}
              onClick={() => void go(item)}
              data-testid="palette-item"
            >
              <span className="palette-kind">{item.kind}</span>
              <span className={item.kind === 'view' ? '' : 'mono'}>{item.text}</span>
              {item.detail && <span className="dim palette-detail">{item.detail}</span>}
            </li>
          ))}
          {items.length === 0 && <li className="palette-empty dim">Nothing matches “{text}”.</li>}
        </ul>
      </div>
    </div>
  );
}
