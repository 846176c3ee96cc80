// Every command's argument parsing through main(), in this process: --help prints the command's usage (exit 0);
// an unknown option, a missing value or a value given to a flag is one line naming the option, then the usage
// (exit 2); `heapdrop --help` lists the commands. The commands never start on a mistake, so no dump is read.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { usageText } from './args.ts';
import { COMMANDS, main } from './main.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function sink(): { stream: Writable; text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { stream, text: () => text };
}

async function run(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = sink();
  const err = sink();
  const code = await main(argv, { out: out.stream, err: err.stream });
  return { code, stdout: out.text(), stderr: err.text() };
}

/** A first positional that is no file: a command that got past its parser would fail on it, not print usage. */
const NO_DUMP = join(ROOT, 'no-such-dump.hprof');

/** Arguments that satisfy each command's positionals, so only the option under test is wrong. */
const POSITIONALS: Record<string, string[]> = {
  analyze: [NO_DUMP],
  objects: [NO_DUMP],
  'held-by': [NO_DUMP, 'java.lang.String'],
  paths: [NO_DUMP, 'java.lang.String'],
  strings: [NO_DUMP],
  threads: [NO_DUMP],
  collections: [NO_DUMP],
  report: [NO_DUMP],
  diff: [NO_DUMP, NO_DUMP],
  capture: ['1'],
  serve: [NO_DUMP],
};

describe('heapdrop --help', () => {
  it('lists every command with its summary, exit 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help']]) {
      const r = await run(...argv);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(/^usage: heapdrop <command> \[options\]\n/);
      for (const [name, c] of Object.entries(COMMANDS)) expect(r.stdout).toContain(`  ${name.padEnd(11)}  ${c.spec.summary}\n`);
    }
  });

  it('`heapdrop help <command>` is that command’s --help', async () => {
    expect(await run('help', 'strings')).toEqual(await run('strings', '--help'));
  });

  it('no command: the list on stdout and exit 2; an unknown command: exit 2 on stderr', async () => {
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.stdout).toContain('commands:');
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^heapdrop: unknown command "frobnicate"\n/);
  });
});

describe.each(Object.keys(COMMANDS))('heapdrop %s', (name) => {
  const spec = COMMANDS[name].spec;
  const usage = usageText(spec);
  const args = POSITIONALS[name];

  it('--help and -h print the usage and every option, exit 0', async () => {
    for (const help of ['--help', '-h']) {
      // Help wins even next to a mistake.
      const r = await run(name, ...args, help, '--no-such-option');
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout.startsWith(`${usage}\n\n${spec.summary}.\n`)).toBe(true);
      for (const [option, o] of Object.entries(spec.options)) {
        const line = r.stdout.split('\n').find((l) => l.includes(`--${option}`) && l.includes(o.help));
        expect(line, `--${option}`).toBeDefined();
        if (o.short !== undefined) expect(line).toContain(`-${o.short}, --${option}`);
      }
      expect(r.stdout).toContain('--cache DIR');
    }
  });

  it('an unknown option: one line naming it, then the usage, exit 2', async () => {
    for (const bad of ['--no-such-option', '-q', '--no-such=1']) {
      const r = await run(name, ...args, bad);
      expect(r.code, bad).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe(`heapdrop: unknown option ${bad.replace(/=.*/, '')}\n${usage}\n`);
    }
  });

  const valued = Object.entries(spec.options).filter(([, o]) => o.type === 'string');
  const flags = Object.entries(spec.options).filter(([, o]) => o.type === 'boolean');

  // Defined only for a command that has such options (threads and objects take no value).
  if (valued.length > 0)
    it('an option without its value: one line naming it, then the usage, exit 2', async () => {
      for (const [option, o] of valued) {
        // At the end of the line, and followed by another option.
        for (const tail of [[], ['--help-me-not']]) {
          const r = await run(name, ...args, `--${option}`, ...tail);
          expect(r.code, `--${option}`).toBe(2);
          expect(r.stderr).toBe(`heapdrop: --${option} needs a value (${o.value})\n${usage}\n`);
        }
      }
    });

  if (flags.length > 0)
    it('a flag given a value: one line naming it, then the usage, exit 2', async () => {
      for (const [option] of flags) {
        const r = await run(name, ...args, `--${option}=yes`);
        expect(r.code, `--${option}`).toBe(2);
        expect(r.stderr).toBe(`heapdrop: --${option} takes no value\n${usage}\n`);
      }
    });
});

describe('the process', () => {
  it('exits with main’s code and writes help to stdout, mistakes to stderr', () => {
    const env = { ...process.env, HEAPDROP_NO_HUGEPAGES: '1' };
    const help = spawnSync(process.execPath, [join(ROOT, 'bin/heapdrop.mjs'), 'paths', '--help'], { encoding: 'utf8', env });
    expect([help.status, help.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/^usage: heapdrop paths /);
    const bad = spawnSync(process.execPath, [join(ROOT, 'bin/heapdrop.mjs'), 'paths', NO_DUMP, 'x', '--depht', '3'], {
      encoding: 'utf8',
      env,
    });
    expect([bad.status, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr.split('\n')[0]).toBe('heapdrop: unknown option --depht');
  }, 60_000);
});
