import { describe, expect, it } from 'vitest';
import type { ObjectRow } from '../api.ts';
import { csvField, OBJECT_COLUMNS, toCsv, toJson } from './table-export.ts';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(42)).toBe('42');
    expect(csvField(undefined)).toBe('');
    expect(csvField(null)).toBe('');
  });
  it('defuses spreadsheet formulas in text, not in numbers', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@SUM')).toBe("'@SUM");
    expect(csvField('+1')).toBe("'+1");
    expect(csvField('-cmd')).toBe("'-cmd");
    expect(csvField(-5)).toBe('-5');
  });
});

describe('a table of objects', () => {
  const rows: ObjectRow[] = [
    {
      index: 1,
      address: '0x10',
      className: 'java.lang.String',
      label: '=cmd|" /C calc"!A0',
      shallowBytes: 24,
      retainedBytes: 72,
      dominatedCount: 1,
      rootTypes: ['JNI Global', 'Thread'],
    },
    { index: 2, address: '0x20', className: 'a,b', shallowBytes: 16, retainedBytes: 16, dominatedCount: 0 },
  ];
  it('as CSV: a header, one line per object, the label defused', () => {
    expect(toCsv(OBJECT_COLUMNS, rows)).toBe(
      'address,class,label,shallow_bytes,retained_bytes,dominated,gc_root_types\r\n' +
        '0x10,java.lang.String,"\'=cmd|"" /C calc""!A0",24,72,1,JNI Global Thread\r\n' +
        '0x20,"a,b",,16,16,0,\r\n',
    );
  });
  it('as JSON: the same keys, values as they are', () => {
    expect(JSON.parse(toJson(OBJECT_COLUMNS, rows))).toEqual([
      {
        address: '0x10',
        class: 'java.lang.String',
        label: '=cmd|" /C calc"!A0',
        shallow_bytes: 24,
        retained_bytes: 72,
        dominated: 1,
        gc_root_types: 'JNI Global Thread',
      },
      { address: '0x20', class: 'a,b', label: null, shallow_bytes: 16, retained_bytes: 16, dominated: 0, gc_root_types: null },
    ]);
  });
});
