// Fails (exit 1) when the analysis core imports anything outside plain TypeScript/ECMAScript:
// no React, no DOM-only modules, no D3 DOM parts, no Comlink, and nothing from the app, worker, server or CLI.
// The core must run unchanged in Node (tests, CLI, bench) and in the worker.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const CORE = 'src/core';
const FORBIDDEN_PACKAGES = [/^react(-dom)?(\/|$)/, /^comlink(\/|$)/, /^d3-(selection|transition|zoom|drag|brush|axis)(\/|$)/, /^d3$/, /^zustand(\/|$)/];
const FORBIDDEN_PATHS = [/\/(app|worker|server|cli)\//, /^\.\.\/(app|worker|cli)\b/];
// Node built-ins are allowed only in files named *.node.ts or tests (they never reach the worker bundle).
const NODE_ONLY = /^node:/;
const FORBIDDEN_GLOBALS = /\b(document|window|HTMLElement|localStorage|navigator\.clipboard)\b/;

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* walk(path);
    else if (/\.(ts|tsx|js|mjs)$/.test(name)) yield path;
  }
}

const problems = [];
for (const file of walk(CORE)) {
  const rel = relative('.', file);
  const isTest = /\.test\.ts$/.test(file) || rel.includes('/testing/');
  const isNodeFile = /\.node\.ts$/.test(file);
  if (file.endsWith('.tsx')) problems.push(`${rel}: JSX file inside the core`);
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)]
    .map((m) => m[1] ?? m[2] ?? m[3]);
  for (const spec of specifiers) {
    if (FORBIDDEN_PACKAGES.some((re) => re.test(spec))) problems.push(`${rel}: imports '${spec}'`);
    if (FORBIDDEN_PATHS.some((re) => re.test(spec))) problems.push(`${rel}: imports '${spec}' from outside the core`);
    if (NODE_ONLY.test(spec) && !isTest && !isNodeFile) problems.push(`${rel}: imports '${spec}' (Node built-ins only in *.node.ts files or tests)`);
  }
  if (!isTest) {
    const code = text.replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
    const m = code.match(FORBIDDEN_GLOBALS);
    if (m) problems.push(`${rel}: uses DOM global '${m[0]}'`);
  }
}

if (problems.length > 0) {
  console.error(`core boundary check failed (${problems.length}):\n  ${problems.join('\n  ')}`);
  process.exit(1);
}
console.log('core boundary check: ok');
