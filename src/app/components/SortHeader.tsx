// A sortable column header.
export function SortHeader(props: { title: string; numeric: boolean; active: boolean; dir: 'asc' | 'desc'; onClick: () => void }) {
  return (
    <button
      type="button"
      className={'th' + (props.numeric ? ' num' : '') + (props.active ? ' active' : '')}
      onClick={props.onClick}
      aria-sort={props.active ? (props.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      {props.title}
      <span className="sort-mark">{props.active ? (props.dir === 'asc' ? ' ▲' : ' ▼') : ''}</span>
    </button>
  );
}
