// "CSV" and "JSON" buttons for a table: the rows (those shown, or all of them fetched on click) written by the
// core's table exporter, saved as `<name>.csv` / `<name>.json`.
import { useState } from 'react';
import { toCsv, toJson, type Column } from '../../core/report/table-export.ts';
import { downloadText } from './download.ts';

export function ExportButtons<T>(props: {
  name: string;
  columns: readonly Column<T>[];
  rows: () => readonly T[] | Promise<readonly T[]>;
  disabled?: boolean;
}) {
  const { name, columns, rows, disabled } = props;
  const [error, setError] = useState<string | null>(null);
  const save = async (format: 'csv' | 'json') => {
    setError(null);
    try {
      const list = await rows();
      if (format === 'csv') downloadText(`${name}.csv`, toCsv(columns, list), 'text/csv');
      else downloadText(`${name}.json`, toJson(columns, list), 'application/json');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <span className="export-buttons" data-testid={`export-${name}`}>
      <button
        type="button"
        className="btn"
        disabled={disabled}
        onClick={() => void save('csv')}
        data-testid="export-table-csv"
        title={`Save this table as ${name}.csv`}
      >
        CSV
      </button>
      <button
        type="button"
        className="btn"
        disabled={disabled}
        onClick={() => void save('json')}
        data-testid="export-table-json"
        title={`Save this table as ${name}.json`}
      >
        JSON
      </button>
      {error && <span className="error-inline">{error}</span>}
    </span>
  );
}
