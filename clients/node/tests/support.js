// Shared by the client's tests: the release `probe` and `probe-mock` binaries, mocks, inputs.
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

/** PROBE_BINARY / PROBE_MOCK_BINARY, else the release build (scripts/test builds both). */
function binary(variable, name) {
  const candidate = process.env[variable] || path.join(root, '.build/release', name);
  try {
    accessSync(candidate, constants.X_OK);
  } catch {
    throw new Error(`${candidate} is missing: run \`swift build -c release --product ${name}\` or set ${variable}`);
  }
  return candidate;
}

export const probeBinary = () => binary('PROBE_BINARY', 'probe');
export const mockBinary = () => binary('PROBE_MOCK_BINARY', 'probe-mock');

/** A `probe-mock` process answering after `latencyMs`; `stop()` ends it. */
export async function startMock(latencyMs) {
  const child = spawn(mockBinary(), ['--latency-ms', String(latencyMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (data) => resolve(JSON.parse(String(data).split('\n')[0]).port));
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async stats() {
      const reply = await fetch(`${url}/__stats`);
      return reply.json();
    },
    stop() {
      child.stdin.end();
      return new Promise((resolve) => child.once('close', resolve));
    },
  };
}

/** The worker environment: OpenAI-compatible providers at `openai`, anthropic at `anthropic` (mock URLs). */
export function environment({ openai, anthropic = openai }) {
  return {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    OPENAI_API_KEY: 'sk-test-FAKE-openai',
    OPENAI_BASE_URL: `${openai}/openai/v1`,
    ANTHROPIC_API_KEY: 'sk-ant-test-FAKE',
    ANTHROPIC_BASE_URL: `${anthropic}/anthropic`,
    PROBE_BACKOFF_SCALE: '0',
  };
}

/** A valid input whose first prompt is `prompt`, with `turns` turns. */
export function input(prompt, { turns = 1, modelId = 'gpt-4o' } = {}) {
  const followups = Array.from({ length: turns - 1 }, (_, i) => ({ label: `f${i + 1}`, prompt: `${prompt} / followup ${i + 1}` }));
  return { runId: 'run-node', scenarioId: prompt, modelId, scenario: { prompt, followups }, config: { maxTurns: turns, maxTokens: 64 } };
}

/** A seeded pseudo-random generator (mulberry32): the same bursts on every run. */
export function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Resolves once `check()` is true, looking again every 20 ms (an event to wait for, not a duration). */
export async function until(check, what) {
  for (let i = 0; i < 3000; i++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}

export const repositoryRoot = root;
