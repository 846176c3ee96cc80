import { describe, expect, it } from 'vitest';
import { matClassName, primitiveArrayClassName, primitiveArrayTypeOfName } from './class-names.ts';

describe('MAT class names', () => {
  it('converts JVM spellings', () => {
    expect(matClassName('[B')).toBe('byte[]');
    expect(matClassName('[[I')).toBe('int[][]');
    expect(matClassName('[[[Z')).toBe('boolean[][][]');
    expect(matClassName('[Ljava/lang/String;')).toBe('java.lang.String[]');
    expect(matClassName('[[Ljava/lang/Object;')).toBe('java.lang.Object[][]');
    expect(matClassName('java/lang/String')).toBe('java.lang.String');
    expect(matClassName('a/b/Outer$Inner')).toBe('a.b.Outer$Inner');
    expect(matClassName('Basics$$Lambda$14+0x0000000801001234')).toBe('Basics$$Lambda$14+0x0000000801001234');
    expect(matClassName('java.lang.String[]')).toBe('java.lang.String[]'); // Android writes readable names
  });
  it('names primitive array classes both ways', () => {
    expect(primitiveArrayClassName(10)).toBe('int[]');
    expect(primitiveArrayClassName(5)).toBe('char[]');
    expect(primitiveArrayTypeOfName('long[]')).toBe(11);
    expect(primitiveArrayTypeOfName('java.lang.Object[]')).toBe(0);
  });
});
