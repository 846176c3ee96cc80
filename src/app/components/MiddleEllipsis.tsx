// Text that, when too long for its box, loses characters from its middle: the start and the last characters
// (a file's name ends in its date or extension) stay readable. The DOM and the tooltip hold the whole text.
export function MiddleEllipsis({ text, tail = 14, className, title }: { text: string; tail?: number; className?: string; title?: string }) {
  const cut = text.length > tail * 2 ? text.length - tail : text.length;
  return (
    <span className={'middle-ellipsis' + (className ? ' ' + className : '')} title={title ?? text}>
      <span className="middle-ellipsis-head">{text.slice(0, cut)}</span>
      {cut < text.length && <span className="middle-ellipsis-tail">{text.slice(cut)}</span>}
    </span>
  );
}
