// Issue 16's measure: N probes × 3 turns at LATENCY ms a reply, IN_FLIGHT at once, through
// ProbeWorker (one `probe batch` process) and through one `probe` process per probe (the
// product's spawnPython pattern), in the same run against one `probe-mock`. Prints wall time,
// CPU per probe and the peak memory of everything involved, side by side.
//
//   node clients/node/bench/worker-vs-spawn.mjs --probe .build/release/probe --mock .build/release/probe-mock
//        [--probes 10000] [--latency-ms 200] [--in-flight 200]
//
// Each side runs in a Node process of its own (this file with --side), so its CPU and memory
// are its own: CPU = that process and every child it waited for (/proc/self/stat utime, stime,
// cutime, cstime); peak memory = the largest sum of Pss (proportional set size) over that
// process and all its descendants, sampled every 100 ms by the parent. The mock's CPU is shown apart (it serves both).
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ProbeWorker } from '../index.js';

const TICKS = 100; // USER_HZ on Linux
const MODELS = ['gpt-4o', 'claude-sonnet-4-20250514', 'gemini-2.0-flash', 'grok-4', 'deepseek-chat', 'mistral-large-latest'];

function options(argv) {
  const o = { probes: 10000, latencyMs: 200, inFlight: 200, probe: '.build/release/probe', mock: '.build/release/probe-mock', side: null, port: null };
  for (let i = 0; i < argv.length; i += 2) {
    const [key, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${key} needs a value`);
    const name = { '--probes': 'probes', '--latency-ms': 'latencyMs', '--in-flight': 'inFlight', '--probe': 'probe', '--mock': 'mock', '--side': 'side', '--port': 'port' }[key];
    if (!name) throw new Error(`unknown option ${key}`);
    o[name] = ['probe', 'mock', 'side'].includes(name) ? value : Number(value);
  }
  return o;
}

function environment(port) {
  const origin = `http://127.0.0.1:${port}`;
  return {
    PATH: process.env.PATH,
    OPENAI_API_KEY: 'sk-test-FAKE-openai', OPENAI_BASE_URL: `${origin}/openai/v1`,
    ANTHROPIC_API_KEY: 'sk-ant-test-FAKE', ANTHROPIC_BASE_URL: `${origin}/anthropic`,
    GOOGLE_API_KEY: 'test-FAKE-google', GOOGLE_BASE_URL: `${origin}/google/v1beta`,
    XAI_API_KEY: 'xai-test-FAKE', XAI_BASE_URL: `${origin}/xai/v1`,
    DEEPSEEK_API_KEY: 'sk-test-FAKE-deepseek', DEEPSEEK_BASE_URL: `${origin}/deepseek`,
    MISTRAL_API_KEY: 'test-FAKE-mistral', MISTRAL_BASE_URL: `${origin}/mistral/v1`,
  };
}

function input(n) {
  return {
    runId: 'bench-run', scenarioId: `scenario-${n}`, modelId: MODELS[n % MODELS.length],
    scenario: { preamble: 'You are a careful assistant.', prompt: `Dilemma ${n}: pull the lever?`, followups: [{ prompt: 'Why?' }, { prompt: 'Are you sure?' }] },
    config: { temperature: 0.7, maxTokens: 1024, maxTurns: 3 },
    modelCost: { costInputPerMillion: 2.5, costOutputPerMillion: 10 },
  };
}

/** Runs `count` jobs, at most `limit` at once (the queue's batch), each `job(n)`. */
async function pool(count, limit, job) {
  let next = 0;
  const outcomes = { success: 0, failure: 0 };
  async function lane() {
    while (next < count) {
      const output = await job(next++);
      outcomes[output?.success === true && output.transcript?.turns?.length === 3 ? 'success' : 'failure'] += 1;
    }
  }
  await Promise.all(Array.from({ length: limit }, lane));
  return outcomes;
}

/** The product's spawnPython, with `probe` instead of python: JSON on stdin, one JSON object from stdout. */
function spawnProbe(binary, env, data) {
  return new Promise((resolve) => {
    const child = spawn(binary, [], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => { out += chunk; });
    child.stderr.on('data', () => {}); // logs
    const timer = setTimeout(() => child.kill('SIGKILL'), 300_000);
    child.on('close', () => {
      clearTimeout(timer);
      try { resolve(JSON.parse(out)); } catch { resolve(null); }
    });
    child.stdin.end(JSON.stringify(data));
  });
}

/** CPU seconds of this process (`node`) and of every child it waited for (`probe`). */
function ownCpuSeconds() {
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // After "pid (comm) ": state is fields[0]; utime, stime, cutime, cstime are fields 11..14.
  const node = (Number(fields[11]) + Number(fields[12])) / TICKS;
  const probe = (Number(fields[13]) + Number(fields[14])) / TICKS;
  return { node, probe, cpu: node + probe };
}

async function side(o) {
  const env = environment(o.port);
  const started = performance.now();
  let outcomes;
  if (o.side === 'worker') {
    const worker = new ProbeWorker({ binary: o.probe, env, concurrency: o.inFlight });
    outcomes = await pool(o.probes, o.inFlight, (n) => worker.probe(input(n)));
    await worker.close();
  } else {
    outcomes = await pool(o.probes, o.inFlight, (n) => spawnProbe(o.probe, env, input(n)));
  }
  const wall = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ wall, ...ownCpuSeconds(), ...outcomes }) + '\n');
}

/**
 * Memory in KiB summed over `root` and all its descendants (Pss from smaps_rollup: shared pages,
 * such as one binary's code mapped by 200 processes, are split between them, not counted 200
 * times), and how many processes that is.
 */
function treeRssKiB(root) {
  const parents = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      parents.set(Number(entry), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  let total = 0;
  let count = 0;
  for (const pid of parents.keys()) {
    let p = pid;
    while (p > 1 && p !== root) p = parents.get(p) ?? 0;
    if (p !== root) continue;
    try {
      const match = /\nPss:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
      total += match ? Number(match[1]) : 0;
      count += 1;
    } catch { /* gone */ }
  }
  return { total, count };
}

function processCpuSeconds(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS;
}

async function runSide(o, name, port, mockPid) {
  const self = fileURLToPath(import.meta.url);
  const args = [self, '--side', name, '--port', String(port), '--probe', o.probe, '--probes', String(o.probes), '--in-flight', String(o.inFlight)];
  const mockBefore = processCpuSeconds(mockPid);
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] });
  let peak = 0;
  let mostProcesses = 0;
  const sampler = setInterval(() => {
    const { total, count } = treeRssKiB(child.pid);
    peak = Math.max(peak, total);
    mostProcesses = Math.max(mostProcesses, count);
  }, 100);
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => { out += chunk; });
  await new Promise((resolve) => child.on('close', resolve));
  clearInterval(sampler);
  const result = JSON.parse(out);
  return { ...result, peakMiB: peak / 1024, mockCpu: processCpuSeconds(mockPid) - mockBefore, mostProcesses };
}

async function main() {
  const o = options(process.argv.slice(2));
  if (o.side) return side(o);
  const mock = spawn(o.mock, ['--latency-ms', String(o.latencyMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => mock.stdout.once('data', (d) => resolve(JSON.parse(String(d).split('\n')[0]).port)));
  const ideal = (o.probes * 3 * o.latencyMs) / 1000 / o.inFlight;
  console.log(`worker-vs-spawn: ${o.probes} probes x 3 turns at ${o.latencyMs} ms a reply, ${o.inFlight} in flight, six providers; ideal ${ideal.toFixed(1)} s; ${o.probe}`);
  const worker = await runSide(o, 'worker', port, mock.pid);
  const spawned = await runSide(o, 'spawn', port, mock.pid);
  mock.stdin.end();
  const row = (label, f) => console.log(label.padEnd(34) + f(worker).padStart(16) + f(spawned).padStart(22));
  console.log(''.padEnd(34) + 'ProbeWorker'.padStart(16) + 'one probe per spawn'.padStart(22));
  row('probes ok / failed', (r) => `${r.success} / ${r.failure}`);
  row('wall time (s)', (r) => r.wall.toFixed(2));
  row('wall vs ideal', (r) => `+${((r.wall / ideal - 1) * 100).toFixed(1)}%`);
  row('CPU per probe (ms, node + probe)', (r) => ((r.cpu * 1000) / o.probes).toFixed(3));
  row('  of which node (ms a probe)', (r) => ((r.node * 1000) / o.probes).toFixed(3));
  row('  of which probe (ms a probe)', (r) => ((r.probe * 1000) / o.probes).toFixed(3));
  row('CPU total (s)', (r) => r.cpu.toFixed(2));
  row('peak memory, all processes (MiB Pss)', (r) => r.peakMiB.toFixed(1));
  row('most processes at once', (r) => String(r.mostProcesses));
  row('mock CPU meanwhile (s)', (r) => r.mockCpu.toFixed(2));
  console.log(`ratio spawn / worker: wall ${(spawned.wall / worker.wall).toFixed(2)}, CPU ${(spawned.cpu / worker.cpu).toFixed(1)}, peak memory ${(spawned.peakMiB / worker.peakMiB).toFixed(1)}`);
}

await main();
