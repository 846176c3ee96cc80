// A virtualised list with fixed row height: only the visible rows (plus a small overscan) are in the DOM, so
// 50,000 rows scroll smoothly. Keyboard: Up/Down/PageUp/PageDown/Home/End move the selection, Enter activates,
// other keys (Left/Right in trees) go to onKey.
import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';

export interface VirtualListProps {
  rowCount: number;
  rowHeight: number;
  renderRow: (index: number, selected: boolean) => ReactNode;
  selectedIndex: number;
  onSelect: (index: number) => void;
  onActivate?: (index: number) => void;
  /** Return true when the key was handled. */
  onKey?: (e: KeyboardEvent, index: number) => boolean;
  testId?: string;
  ariaLabel: string;
  role?: 'grid' | 'tree' | 'listbox';
  /** Changes when the rows are replaced (sort, filter): scrolls back to the top. */
  resetKey?: string;
  /** Index to bring into view once (e.g. "show in dominator tree"). */
  scrollToIndex?: number;
}

const OVERSCAN = 8;

export function VirtualList(props: VirtualListProps) {
  const { rowCount, rowHeight, selectedIndex } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setViewportHeight(el.clientHeight);
    const ro = new ResizeObserver(() => setViewportHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  useEffect(() => {
    if (ref.current) ref.current.scrollTop = 0;
    setScrollTop(0);
  }, [props.resetKey]);

  useEffect(() => {
    const el = ref.current;
    if (!el || props.scrollToIndex === undefined || props.scrollToIndex < 0) return;
    const top = props.scrollToIndex * rowHeight;
    if (top < el.scrollTop || top + rowHeight > el.scrollTop + el.clientHeight) {
      el.scrollTop = Math.max(0, top - el.clientHeight / 3);
    }
  }, [props.scrollToIndex, rowHeight]);

  const ensureVisible = (index: number) => {
    const el = ref.current;
    if (!el) return;
    const top = index * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
  };

  const move = (index: number) => {
    if (rowCount === 0) return;
    const clamped = Math.max(0, Math.min(rowCount - 1, index));
    props.onSelect(clamped);
    ensureVisible(clamped);
  };

  const onKeyDown = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(viewportHeight / rowHeight) - 1);
    const at = selectedIndex < 0 ? -1 : selectedIndex;
    switch (e.key) {
      case 'ArrowDown':
        move(at + 1);
        break;
      case 'ArrowUp':
        move(at < 0 ? 0 : at - 1);
        break;
      case 'PageDown':
        move(at + page);
        break;
      case 'PageUp':
        move(at - page);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(rowCount - 1);
        break;
      case 'Enter':
        if (at >= 0) props.onActivate?.(at);
        break;
      default:
        if (at >= 0 && props.onKey?.(e, at)) break;
        return;
    }
    e.preventDefault();
  };

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(rowCount, Math.ceil((scrollTop + viewportHeight) / rowHeight) + OVERSCAN);
  const rows: ReactNode[] = [];
  for (let i = first; i < last; i++) {
    rows.push(
      <div
        key={i}
        className={'vrow' + (i === selectedIndex ? ' selected' : '') + (i % 2 ? ' odd' : '')}
        style={{ top: i * rowHeight, height: rowHeight }}
        role="row"
        aria-selected={i === selectedIndex}
        data-row={i}
        onMouseDown={() => props.onSelect(i)}
        onDoubleClick={() => props.onActivate?.(i)}
      >
        {props.renderRow(i, i === selectedIndex)}
      </div>,
    );
  }

  return (
    <div
      ref={ref}
      className="vlist"
      tabIndex={0}
      role={props.role ?? 'grid'}
      aria-label={props.ariaLabel}
      aria-rowcount={rowCount}
      data-testid={props.testId}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={onKeyDown}
    >
      <div className="vlist-spacer" style={{ height: rowCount * rowHeight }}>
        {rows}
      </div>
    </div>
  );
}
