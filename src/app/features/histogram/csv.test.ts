import { describe, expect, it } from 'vitest';
import { csvField, histogramCsv } from './csv.ts';

describe('csvField', () => {
  it('quotes commas, quotes and line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(42)).toBe('42');
    expect(csvField(undefined)).toBe('');
  });
  it('defuses spreadsheet formulas in text', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('@SUM')).toBe("'@SUM");
    expect(csvField(-5)).toBe('-5');
  });
});

describe('histogramCsv', () => {
  it('writes a header and one line per class', () => {
    const csv = histogramCsv([
      {
        classIndex: 0,
        className: 'java.util.HashMap$Node',
        classAddress: '0x10',
        loaderAddress: '0x0',
        instances: 1200,
        shallowBytes: 38400,
        retainedBytes: 90000,
      },
      { classIndex: 1, className: 'a,b', classAddress: '0x20', loaderAddress: '0x0', instances: 1, shallowBytes: 16 },
    ]);
    expect(csv).toBe(
      'class,instances,shallow_bytes,retained_bytes,class_address,loader_address\r\n' +
        'java.util.HashMap$Node,1200,38400,90000,0x10,0x0\r\n' +
        '"a,b",1,16,,0x20,0x0\r\n',
    );
  });
});

describe('histogramCsv with a baseline', () => {
  it('adds the change of each class, negative ones as plain numbers', () => {
    const csv = histogramCsv(
      [
        {
          classIndex: 0,
          className: 'byte[]',
          classAddress: '0x10',
          loaderAddress: '0x0',
          instances: 5,
          shallowBytes: 500,
          deltaInstances: -2,
          deltaShallow: 300,
        },
      ],
      true,
    );
    expect(csv).toBe(
      'class,instances,shallow_bytes,retained_bytes,class_address,loader_address,delta_instances,delta_shallow_bytes\r\nbyte[],5,500,,0x10,0x0,-2,300\r\n',
    );
  });
});
