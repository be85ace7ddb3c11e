#!/usr/bin/env node
// The README's test command: lint (which enforces the folder layering), type-check, build the web
// assets the relay serves, then every test file under test/ with Node's own runner.
// Usage: npm test [-- <filter substring>...]   (filters skip lint/typecheck/build)
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const filters = process.argv.slice(2);

function run(cmd, args) {
  console.log(`\n$ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env });
  if (r.status !== 0) {
    console.error(`\n"${cmd} ${args.join(' ')}" failed with exit code ${r.status}`);
    process.exit(r.status ?? 1);
  }
}

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return findTests(p);
    return /\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

if (filters.length === 0) {
  run('npx', ['eslint', '.']);
  run('npx', ['tsc', '-p', 'tsconfig.json']);
  run('npx', ['tsc', '-p', 'renderer/tsconfig.json']);
  run('node', ['scripts/build.mjs']);
}
const order = ['unit', 'integration', 'e2e'];
const files = findTests(path.join(root, 'test'))
  .map((f) => path.relative(root, f))
  .filter((f) => filters.length === 0 || filters.some((s) => f.includes(s)))
  .sort((a, b) => order.indexOf(a.split(path.sep)[1]) - order.indexOf(b.split(path.sep)[1]) || a.localeCompare(b));
if (files.length === 0) {
  console.error('no test files matched');
  process.exit(1);
}
// A test file that hangs (a promise nobody settles while a server keeps the process alive) fails after
// 7 minutes instead of eating CI's whole 25-minute budget: with each file in its own process, Node 20
// applies --test-timeout to the file as a whole (files take 15-90 s, about twice that at load 20 on 2
// cores). A file that leaves a handle open (a socket, a timer) after its tests and hooks have finished
// no longer keeps the run waiting forever (--test-force-exit; its after hooks still run first).
run('node', ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=420000', '--test-force-exit', '--test-reporter=spec', ...files]);
