import { describe, expect, it } from 'vitest';
import { splitClassName } from './class-name-parts.ts';

const parts = (name: string) => {
  const p = splitClassName(name);
  expect(p.pkg + p.outer + p.simple).toBe(name);
  return [p.pkg, p.outer, p.simple];
};

describe('splitClassName', () => {
  it('splits package, enclosing classes and simple name, and loses no character', () => {
    expect(parts('com.example.compiler.tree.JCTree$JCMethodInvocation$Builder$Inner')).toEqual([
      'com.example.compiler.tree.',
      'JCTree$JCMethodInvocation$Builder$',
      'Inner',
    ]);
    expect(parts('java.lang.String')).toEqual(['java.lang.', '', 'String']);
    expect(parts('java.util.HashMap$Node[]')).toEqual(['java.util.', 'HashMap$', 'Node[]']);
    expect(parts('byte[]')).toEqual(['', '', 'byte[]']);
    expect(parts('int[][]')).toEqual(['', '', 'int[][]']);
    expect(parts('Main')).toEqual(['', '', 'Main']);
  });

  it('keeps anonymous, Scala-object and lambda suffixes with the simple name', () => {
    expect(parts('com.a.Foo$')).toEqual(['com.a.', '', 'Foo$']);
    expect(parts('com.a.Foo$1')).toEqual(['com.a.', 'Foo$', '1']);
    expect(parts('com.a.Foo$$Lambda$14/0x0000000800c0b000')).toEqual(['com.a.', 'Foo$$Lambda$', '14/0x0000000800c0b000']);
    expect(parts('$Proxy12')).toEqual(['', '', '$Proxy12']);
  });

  it('keeps what follows a space or bracket whole', () => {
    expect(parts('class com.a.B')).toEqual(['', '', 'class com.a.B']);
    expect(parts('<static> com.a.B')).toEqual(['', '', '<static> com.a.B']);
    expect(parts('')).toEqual(['', '', '']);
  });
});
