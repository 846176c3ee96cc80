// Text that, when too long for its box, loses characters from its middle: the start and the last characters
// (a file's name ends in its date or extension) stay readable. The DOM and the tooltip hold the whole text.
export function MiddleEllipsis({ text, tail = 10, className, title }: { text: string; tail?: number; className?: string; title?: string }) {
  // The tail is at most half the text, so a short name still loses characters from its middle, not its end.
  const cut = text.length - Math.min(tail, Math.floor(text.length / 2));
  return (
    <span className={'middle-ellipsis' + (className ? ' ' + className : '')} title={title ?? text}>
      <span className="middle-ellipsis-head">{text.slice(0, cut)}</span>
      <span className="middle-ellipsis-tail">{text.slice(cut)}</span>
    </span>
  );
}
