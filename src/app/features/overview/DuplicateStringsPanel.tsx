// Duplicate strings (src/core/queries/duplicate-strings.ts): the String values held by more than one String, and
// the bytes that keeping one copy of each would free. Values from the dump are rendered as React text.
import { useState } from 'react';
import { PassStatus } from '../../components/PassStatus.tsx';
import { useEngineQuery } from '../../components/use-engine.ts';
import { formatBytes, formatCount, formatPercent } from '../../format.ts';
import { objectHash } from '../../routes.ts';
import type { DuplicateStringGroup } from '../../../core/api.ts';
import type { Column } from '../../../core/report/table-export.ts';
import { ExportButtons } from '../../components/ExportButtons.tsx';

const GROUP_COLUMNS: Column<DuplicateStringGroup>[] = [
  { key: 'value', value: (g) => g.value },
  { key: 'chars', value: (g) => g.chars },
  { key: 'strings', value: (g) => g.strings },
  { key: 'wasted_bytes', value: (g) => g.wastedBytes },
  { key: 'sample_address', value: (g) => g.sample.address },
];

const FIRST = 10;
const MORE = 50;
/** Up to this many Strings the search runs unasked; above, on a click (it reads every String and its array
 *  again, and takes about 50 bytes per String in the worker while it runs: src/core/queries/duplicate-strings.ts). */
const AUTO_MAX_STRINGS = 2_000_000;
const BYTES_PER_STRING = 50;

export function DuplicateStringsPanel({ heapBytes, stringCount }: { heapBytes: number; stringCount: number }) {
  const [asked, setAsked] = useState(stringCount <= AUTO_MAX_STRINGS);
  return (
    <section className="panel duplicates" data-testid="duplicate-strings">
      <h2>
        Duplicate strings <span className="dim">(java.lang.String values held more than once)</span>
      </h2>
      {asked ? (
        <DuplicateStrings heapBytes={heapBytes} />
      ) : (
        <p className="dup-summary">
          {formatCount(stringCount)} Strings: the search reads each of them and its array again from the dump, and needs about{' '}
          {formatBytes(stringCount * BYTES_PER_STRING)} more memory while it runs.{' '}
          <button type="button" className="btn" onClick={() => setAsked(true)} data-testid="find-duplicates">
            Find duplicate strings
          </button>
        </p>
      )}
    </section>
  );
}

function DuplicateStrings({ heapBytes }: { heapBytes: number }) {
  const [attempt, setAttempt] = useState(0);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- a new attempt asks the same query again after a failure
  const result = useEngineQuery((e) => e.duplicateStrings(), [attempt]);
  const [shown, setShown] = useState(FIRST);
  const data = result.data;
  return (
    <>
      {result.error && (
        <div className="error-inline">
          {result.error}{' '}
          <button type="button" className="btn" onClick={() => setAttempt(attempt + 1)} data-testid="pass-retry">
            Search again
          </button>
        </div>
      )}
      {!data && !result.error && <PassStatus query="duplicateStrings" waiting="Reading every String…" />}
      {data && (
        <p className="dup-summary" data-testid="duplicate-summary">
          {formatCount(data.strings)} Strings hold {formatCount(data.distinct)} distinct values.{' '}
          {data.duplicatedValues === 0
            ? 'No value is held twice.'
            : `${formatCount(data.duplicatedValues)} values are held more than once: one copy of each would free ${formatBytes(data.wastedBytes)} (${formatPercent(data.wastedBytes, heapBytes)} of the heap) in ${formatCount(data.duplicates)} Strings and their arrays.`}
          {data.unreadable > 0 && <span className="dim"> {formatCount(data.unreadable)} Strings have no readable value.</span>}{' '}
          <ExportButtons name="duplicate-strings" columns={GROUP_COLUMNS} rows={() => data.groups} />
        </p>
      )}
      {data && data.groups.length > 0 && (
        <>
          <div className="thead dup-cols">
            <span>Value</span>
            <span className="num">Strings</span>
            <span className="num">Wasted</span>
          </div>
          {data.groups.slice(0, shown).map((group) => (
            <div className="cells dup-cols plain-row" key={group.sample.index} data-testid="duplicate-row">
              <span className="name">
                <a
                  className="dup-value"
                  href={objectHash(group.sample.address)}
                  title={`${group.chars} characters; the String that would stay: @ ${group.sample.address}`}
                >
                  “{group.value}
                  {group.chars > group.value.length ? '…' : ''}”
                </a>
              </span>
              <span className="num">×{formatCount(group.strings)}</span>
              <span className="num">{formatBytes(group.wastedBytes)}</span>
            </div>
          ))}
          {shown < data.groups.length && (
            <button type="button" className="btn more" onClick={() => setShown(shown + MORE)}>
              Show {Math.min(MORE, data.groups.length - shown)} more ({formatCount(data.groups.length - shown)} left
              {data.duplicatedValues > data.groups.length ? ` of the ${formatCount(data.groups.length)} largest` : ''})
            </button>
          )}
        </>
      )}
    </>
  );
}
