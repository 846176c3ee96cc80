// Command-line parsing for the CLI: each command declares one table of its options (with the text of its --help),
// parsed by `node:util` parseArgs in strict mode. `--help`/`-h` answers with the command's usage (exit 0); an
// unknown option, a missing value or a value given to a flag is a UsageError that names the option and carries the
// command's usage (exit 2).

import { parseArgs } from 'node:util';

/** A mistake in the command line, or a question the dump cannot answer as asked: exit code 2. The message is one
 *  line; `usage`, when set, is printed below it. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly usage?: string,
  ) {
    super(message);
  }
}

/** `--help` or `-h` was given: `text` goes to stdout and the command exits 0. */
export class HelpRequested extends Error {
  constructor(readonly text: string) {
    super('help');
  }
}

export interface OptionSpec {
  type: 'string' | 'boolean';
  /** A one-letter alias: `o` for `-o`. */
  short?: string;
  /** What the value is, as the help shows it: `N`, `FILE`. */
  value?: string;
  /** One line for --help. */
  help: string;
}

/** A flag: `--json`. */
export function flag(help: string, short?: string): OptionSpec & { type: 'boolean' } {
  return short === undefined ? { type: 'boolean', help } : { type: 'boolean', help, short };
}

/** An option with a value: `--top N`. */
export function valued(value: string, help: string, short?: string): OptionSpec & { type: 'string' } {
  return short === undefined ? { type: 'string', value, help } : { type: 'string', value, help, short };
}

/** Options many commands share. */
export const JSON_OPTION = flag('the answer as JSON on stdout');
export const KEEP_UNREACHABLE = flag("keep unreachable objects (MAT's keep_unreachable_objects)");

export type OptionTable = Record<string, OptionSpec>;

export interface CommandSpec<O extends OptionTable = OptionTable> {
  name: string;
  /** The synopsis after `usage: `, one line per form: `heapdrop strings <dump> [--top N] [--json]`. */
  usage: string;
  /** One line for `heapdrop --help`. */
  summary: string;
  options: O;
}

export type OptionValues<O extends OptionTable> = {
  [K in keyof O]?: O[K]['type'] extends 'string' ? string : boolean;
};

export interface ParsedArgs<O extends OptionTable> {
  values: OptionValues<O>;
  positionals: string[];
}

/** Declares a command, keeping the types of its options for parseCommand's values. */
export function command<O extends OptionTable>(spec: CommandSpec<O>): CommandSpec<O> {
  return spec;
}

/** The usage lines, each after `usage: ` (continuation lines indented to match). */
export function usageText(spec: CommandSpec): string {
  return spec.usage
    .split('\n')
    .map((line, i) => (i === 0 ? 'usage: ' : '       ') + line)
    .join('\n');
}

/** What `heapdrop <command> --help` prints. */
export function commandHelp(spec: CommandSpec): string {
  const rows = Object.entries(spec.options).map(([name, o]) => {
    const flag = `${o.short !== undefined ? `-${o.short}, ` : '    '}--${name}${o.value !== undefined ? ` ${o.value}` : ''}`;
    return [flag, o.help] as const;
  });
  rows.push(['    --cache DIR', 'where analyses are kept (default $XDG_CACHE_HOME/heapdrop or ~/.cache/heapdrop)']);
  rows.push(['    --no-cache', 'analyse the dump again and keep nothing']);
  rows.push(['-h, --help', 'this text']);
  const width = Math.max(...rows.map(([flag]) => flag.length));
  return [
    usageText(spec),
    '',
    `${spec.summary}.`,
    '',
    'options:',
    ...rows.map(([flag, help]) => `  ${flag.padEnd(width)}  ${help}`),
    '',
  ].join('\n');
}

/** Parses a command's arguments against its option table. Throws HelpRequested for --help/-h, and a UsageError
 *  naming the option for an unknown one, a missing value or a value given to a flag. */
export function parseCommand<O extends OptionTable>(spec: CommandSpec<O>, args: string[]): ParsedArgs<O> {
  const options = Object.fromEntries(
    Object.entries(spec.options).map(([name, o]) => [name, o.short !== undefined ? { type: o.type, short: o.short } : { type: o.type }]),
  );
  const config = { args, options: { ...options, help: { type: 'boolean' as const, short: 'h' } }, allowPositionals: true };
  // Help first, so that `--help` next to a mistake still answers with the usage.
  const { tokens } = parseArgs({ ...config, strict: false, tokens: true });
  if (tokens.some((t) => t.kind === 'option' && t.name === 'help')) throw new HelpRequested(commandHelp(spec));
  try {
    const { values, positionals } = parseArgs({ ...config, strict: true });
    return { values: values as OptionValues<O>, positionals };
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS')) throw e;
    throw new UsageError(mistake(spec, tokens) ?? String((e as Error).message).split('\n')[0], usageText(spec));
  }
}

type Token = ReturnType<typeof parseArgs>['tokens'] extends (infer T)[] | undefined ? T : never;

/** The first option that strict parsing refuses, in words. */
function mistake(spec: CommandSpec, tokens: Token[]): string | undefined {
  for (const t of tokens) {
    if (t.kind !== 'option') continue;
    const o = spec.options[t.name];
    if (o === undefined) return `unknown option ${t.rawName}`;
    if (o.type === 'boolean' && t.value !== undefined) return `${t.rawName} takes no value`;
    // Strict parsing takes no value that starts with a dash after a space (it reads as a forgotten value).
    if (o.type === 'string' && (t.value === undefined || (!t.inlineValue && t.value.startsWith('-'))))
      return `${t.rawName} needs a value${o.value !== undefined ? ` (${o.value})` : ''}`;
  }
  return undefined;
}

/** A whole number option: `fallback` when absent. Not a whole number from `min` to `max`: a UsageError, with
 *  `message` and the usage when a message is given, else the usage alone. */
export function countOption(
  spec: CommandSpec,
  text: string | undefined,
  fallback: number,
  min = 0,
  message?: string,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (text === undefined) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max)
    throw message === undefined ? new UsageError(usageText(spec)) : new UsageError(message, usageText(spec));
  return Number(text);
}

/** The positionals a command takes: exactly `count`, else a UsageError with the usage. */
export function positionals(spec: CommandSpec, parsed: { positionals: string[] }, count: number): string[] {
  if (parsed.positionals.length !== count) throw new UsageError(usageText(spec));
  return parsed.positionals;
}
