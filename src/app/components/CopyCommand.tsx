// A shell command shown whole on one line (it scrolls sideways rather than wrapping at a hyphen, so what is read
// is what is typed) with a Copy button. Without clipboard access (plain http on another host, a denied
// permission) the command's text is selected instead, so Ctrl+C copies it.
import { useRef, useState } from 'react';

export function CopyCommand({ command }: { command: string }) {
  const ref = useRef<HTMLElement>(null);
  const [state, setState] = useState<'idle' | 'copied' | 'selected'>('idle');
  const selectText = () => {
    const el = ref.current;
    const selection = window.getSelection();
    if (!el || !selection) return;
    const range = document.createRange();
    range.selectNodeContents(el);
    selection.removeAllRanges();
    selection.addRange(range);
    setState('selected');
  };
  const copy = () => {
    if (!navigator.clipboard) return selectText();
    navigator.clipboard.writeText(command).then(() => setState('copied'), selectText);
  };
  return (
    <div className="copy-command" onMouseLeave={() => setState('idle')}>
      <code ref={ref}>{command}</code>
      <button type="button" className="btn copy-btn" onClick={copy} aria-label={`Copy: ${command}`} data-testid="copy-command">
        {state === 'copied' ? 'Copied' : state === 'selected' ? 'Press Ctrl+C' : 'Copy'}
      </button>
    </div>
  );
}
