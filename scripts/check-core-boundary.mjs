// Fails (exit 1) when a layer imports what it may not: one rule table for every layer (core, worker, app, cli,
// server), the same rules src/README.md states, and a short list of known exceptions with their reason.
// - core: plain TypeScript, runs unchanged in Node (tests, CLI, bench) and in the worker: only core, no package,
//   Node built-ins only in *.node.ts files and tests, no DOM global, no JSX.
// - worker: exposes the core through Comlink: core and comlink only.
// - app: the UI reads data through the Engine only: the core's wire types (api.ts, units.ts), the histogram
//   comparison, the report and table exporters (pure string building), and the worker's types; React, Zustand,
//   d3-hierarchy, Comlink.
// - cli: the core and Node. server: its own files, its storage packages and Node.
// Tests may also import vitest (and the tools of a browser test) and Node built-ins. `npm test` runs this check.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';

/** `imports`: repository paths a layer may import (a folder ends with '/'; `typeOnly` for `import type` only). */
const LAYERS = [
  { name: 'core', root: 'src/core', imports: ['src/core/'], packages: [], node: 'node-files', dom: false, jsx: false },
  {
    name: 'worker',
    root: 'src/worker',
    imports: ['src/core/', 'src/worker/'],
    packages: ['comlink'],
    node: 'tests',
    dom: false,
    jsx: false,
  },
  {
    name: 'app',
    root: 'src/app',
    imports: [
      'src/app/',
      'src/core/api.ts',
      'src/core/units.ts',
      'src/core/histogram-diff.ts',
      'src/core/display-text.ts',
      'src/core/report/',
      { path: 'src/worker/analysis.worker.ts', typeOnly: true },
    ],
    packages: ['react', 'react-dom', 'zustand', 'd3-hierarchy', 'comlink'],
    node: 'tests',
    dom: true,
    jsx: true,
  },
  // `heapdrop serve` starts the server's token-gated app and share store around an analysis made in the CLI.
  {
    name: 'cli',
    root: 'src/cli',
    imports: ['src/core/', 'src/cli/', 'server/serve.ts', 'server/storage/'],
    packages: [],
    node: 'all',
    dom: false,
    jsx: false,
  },
  {
    name: 'server',
    root: 'server',
    // The engine route of `heapdrop serve` answers with the core's typed errors; an upload must be the app's
    // sealed envelope, whose shape the server checks with the app's own constants.
    imports: ['server/', 'src/core/errors.ts', 'src/app/features/share/envelope.ts'],
    // tsx loads the SQLite worker thread's TypeScript module.
    packages: ['better-sqlite3', '@aws-sdk/client-s3', 'tsx'],
    node: 'all',
    dom: false,
    jsx: false,
  },
];

const KNOWN_EXCEPTIONS = [
  // The storage test analyses a real dump and seals its snapshot with the app's own envelope and redaction code,
  // to prove that only ciphertext ever reaches the disk.
  { file: 'server/no-plaintext.test.ts', imports: 'src/app/features/share/' },
  { file: 'server/no-plaintext.test.ts', imports: 'src/core/' },
  // The worker stamps saved analyses with the package version (the engine version of the persisted format).
  { file: 'src/worker/analysis.worker.ts', imports: 'package.json' },
  // The diff view renders the tree diff's row types; the landing page lists the analyses saved in the browser's
  // storage, which the worker writes.
  { file: 'src/app/features/diff/DiffView.tsx', imports: 'src/core/tree-diff.ts' },
  { file: 'src/app/features/landing/SavedAnalyses.tsx', imports: 'src/worker/analysis-store.ts' },
  // The share client is tested against a real share server.
  { file: 'src/app/features/share/share-client.test.ts', imports: 'server/testing.ts' },
  // The share tests' hand-built tree answers dominatorTop with the core's own best-first walk.
  { file: 'src/app/features/share/test-fixture.ts', imports: 'src/core/queries/dominator-tree.ts' },
  // Masking is tested on a real analysis of a dump with application names in every position.
  { file: 'src/app/features/share/mask-privacy.test.ts', imports: 'src/core/' },
  // Decrypting what a hardened server stored; serving a real analysis to the app's remote engine.
  { file: 'server/hardening.test.ts', imports: 'src/app/features/share/' },
  { file: 'server/serve.test.ts', imports: 'src/core/' },
  { file: 'server/serve.test.ts', imports: 'src/cli/serve.ts' },
  { file: 'server/serve.test.ts', imports: 'src/app/remote-engine.ts' },
];

/** Tests may also use these (a core test bundles the gzip reader with esbuild and runs it in Chromium). */
const TEST_PACKAGES = ['vitest', '@playwright/test', 'esbuild'];
const DOM_GLOBALS = /\b(document|window|HTMLElement|localStorage|navigator\.clipboard)\b/;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|tsx|js|mjs)$/.test(name)) yield path;
  }
}

const packageName = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);
const allows = (rule, target, typeOnly) =>
  typeof rule === 'string'
    ? rule.endsWith('/')
      ? target.startsWith(rule)
      : target === rule
    : target === rule.path && (!rule.typeOnly || typeOnly);

const problems = [];
for (const layer of LAYERS) {
  for (const file of walk(layer.root)) {
    const rel = relative('.', file);
    const isTest = /\.test\.tsx?$/.test(file) || rel.includes('/testing/');
    if (!layer.jsx && file.endsWith('.tsx')) problems.push(`${rel}: JSX file in the ${layer.name} layer`);
    const text = readFileSync(file, 'utf8');
    const statements = text.matchAll(
      /(import|export)(\s+type)?\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g,
    );
    for (const m of statements) {
      const spec = m[3] ?? m[4] ?? m[5];
      const typeOnly = m[2] !== undefined;
      if (spec.startsWith('.')) {
        const target = normalize(join(dirname(rel), spec)).replaceAll('\\', '/');
        if (layer.imports.some((r) => allows(r, target, typeOnly))) continue;
        if (KNOWN_EXCEPTIONS.some((x) => x.file === rel && target.startsWith(x.imports))) continue;
        problems.push(`${rel}: imports '${spec}' (${target}), outside what the ${layer.name} layer may import`);
      } else if (spec.startsWith('node:')) {
        const ok = layer.node === 'all' || isTest || (layer.node === 'node-files' && /\.node\.ts$/.test(file));
        if (!ok)
          problems.push(
            `${rel}: imports '${spec}' (Node built-ins in the ${layer.name} layer: ${layer.node === 'node-files' ? '*.node.ts files and tests' : 'tests'} only)`,
          );
      } else {
        const name = packageName(spec);
        if (layer.packages.includes(name) || (isTest && TEST_PACKAGES.includes(name))) continue;
        problems.push(`${rel}: imports the package '${spec}', which the ${layer.name} layer may not use`);
      }
    }
    if (!layer.dom && !isTest) {
      const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      const m = code.match(DOM_GLOBALS);
      if (m) problems.push(`${rel}: uses the DOM global '${m[0]}' in the ${layer.name} layer`);
    }
  }
}

if (problems.length > 0) {
  console.error(`layer boundary check failed (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log(`layer boundary check: ok (${LAYERS.map((l) => l.name).join(', ')})`);
