// The TypeScript declarations type-check against a usage file (`tsc --noEmit`; Debian's
// node-typescript, installed by scripts/test).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));

test('index.d.ts type-checks a handler-style usage file with tsc --noEmit', () => {
  const run = spawnSync(process.env.TSC ?? 'tsc', ['--noEmit', '-p', here], { encoding: 'utf8' });
  assert.equal(run.error, undefined, `tsc could not run (scripts/test installs node-typescript): ${run.error?.message}`);
  assert.equal(run.status, 0, run.stdout + run.stderr);
});

test('a type error in a usage file is reported (the check can fail)', () => {
  const run = spawnSync(process.env.TSC ?? 'tsc', ['--noEmit', '-p', path.join(here, 'tsconfig.wrong.json')], { encoding: 'utf8' });
  assert.notEqual(run.status, 0);
  assert.match(run.stdout, /usage-wrong\.ts\(4,[^]*concurency/);
  assert.match(run.stdout, /usage-wrong\.ts\(5,[^]*scenarioId/);
});
