// "Find object by address" box in the header: opens the inspector when the address is in the dump.
import { useState, type FormEvent } from 'react';
import { toHex, parseHex } from '../../core/units.ts';
import { objectHash } from '../routes.ts';
import { useAppStore } from '../store.ts';

export function FindObject() {
  const [text, setText] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const engine = useAppStore.getState().engine;
    const id = parseHex(text);
    if (!engine || id === null) {
      setMessage('Enter an address such as 0x7ff0a1b8');
      return;
    }
    const index = await engine.findObject(toHex(id)).catch(() => null);
    if (index === null) {
      setMessage(`No object at ${toHex(id)}`);
      return;
    }
    setMessage(null);
    location.hash = objectHash(toHex(id));
  };
  return (
    <form className="find" onSubmit={submit} role="search">
      <input
        type="search"
        className="input mono"
        placeholder="Find address 0x…"
        title="Find an object by address. Ctrl-K or / also finds classes and views."
        aria-label="Find object by address"
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          setMessage(null);
        }}
        data-testid="find-address"
      />
      {message && (
        <span className="find-message" role="alert">
          {message}
        </span>
      )}
    </form>
  );
}
