// ProbeWorker against the release `probe` binary and `probe-mock` (DECISIONS D11).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ProbeWorker } from '../index.js';
import { environment, input, probeBinary, random, startMock, until } from './support.js';

test('2,000 probes in random bursts: each promise settles once, with the output of its own input', { timeout: 180_000 }, async () => {
  const mock = await startMock(5);
  const logs = [];
  const worker = new ProbeWorker({ binary: probeBinary(), env: environment({ openai: mock.url }), concurrency: 64, logger: (entry) => logs.push(entry) });
  try {
    const next = random(16);
    const sent = [];
    const settled = new Map();
    let pid = null;
    while (sent.length < 2000) {
      const burst = Math.min(2000 - sent.length, 1 + Math.floor(next() * 120));
      for (let i = 0; i < burst; i++) {
        const n = sent.length;
        const bad = next() < 0.05;
        const turns = 1 + Math.floor(next() * 3);
        const probe = bad ? { ...input(`p${n}`), runId: '' } : input(`p${n}`, { turns });
        const promise = worker.probe(probe);
        pid ??= worker.pid;
        assert.equal(worker.pid, pid, 'one worker process for the whole run');
        promise.then((output) => settled.set(n, (settled.get(n)?.concat([output])) ?? [output]));
        sent.push({ n, bad, turns, promise });
      }
      await new Promise((resolve) => setTimeout(resolve, Math.floor(next() * 25)));
    }
    await Promise.all(sent.map((s) => s.promise));
    assert.equal(settled.size, 2000);
    for (const { n, bad, turns } of sent) {
      const outputs = settled.get(n);
      assert.equal(outputs.length, 1, `probe ${n} settled once`);
      const [output] = outputs;
      if (bad) {
        assert.deepEqual(output, { success: false, error: { message: 'runId must not be empty', code: 'VALIDATION_ERROR', retryable: false, details: null } });
        continue;
      }
      assert.equal(output.success, true, JSON.stringify(output));
      assert.equal(output.transcript.turns.length, turns);
      assert.equal(output.transcript.turns[0].probePrompt, `p${n}`);
      assert.equal(output.transcript.turns.at(-1).probePrompt, turns === 1 ? `p${n}` : `p${n} / followup ${turns - 1}`);
      for (const key of ['index', 'requestId', 'runId', 'scenarioId', 'modelId']) assert.equal(key in output, false, key);
    }
    assert.equal(worker.pending, 0);
    assert.ok(logs.some((entry) => entry.type === 'progress'), 'progress lines reach the logger as objects');
  } finally {
    await worker.close();
    await mock.stop();
  }
});

test('the worker killed mid-run: every probe it held settles as a retryable NETWORK_ERROR; the next call starts a new one', { timeout: 180_000 }, async () => {
  const slow = await startMock(60_000); // replies would take a minute: the probes are surely in flight
  const fast = await startMock(0);
  const logs = [];
  const worker = new ProbeWorker({ binary: probeBinary(), env: environment({ openai: slow.url, anthropic: fast.url }), concurrency: 8, logger: (entry) => logs.push(entry) });
  try {
    const held = Array.from({ length: 20 }, (_, i) => worker.probe(input(`held ${i}`)));
    const first = worker.pid;
    await until(async () => (await slow.stats()).openConnections > 8, 'eight requests in flight at the slow mock');
    assert.equal(worker.pending, 20);
    process.kill(first, 'SIGKILL');
    const outputs = await Promise.all(held);
    for (const output of outputs) {
      assert.equal(output.success, false);
      assert.equal(output.error.code, 'NETWORK_ERROR');
      assert.equal(output.error.retryable, true);
      assert.match(output.error.message, /SIGKILL/);
    }
    assert.equal(worker.pid, null);
    assert.ok(logs.some((entry) => entry.level === 'error' && /SIGKILL/.test(entry.msg)));
    const after = await worker.probe(input('after the restart', { modelId: 'claude-3-5-sonnet-20241022' }));
    assert.equal(after.success, true, JSON.stringify(after));
    assert.notEqual(worker.pid, first);
  } finally {
    await worker.close({ graceMs: 0 });
    await Promise.all([slow.stop(), fast.stop()]);
  }
});

test('close() while probes run: they all finish, the process ends, and later calls reject', { timeout: 180_000 }, async () => {
  const mock = await startMock(20);
  const logs = [];
  const worker = new ProbeWorker({ binary: probeBinary(), env: environment({ openai: mock.url }), concurrency: 8, logger: (entry) => logs.push(entry) });
  try {
    const running = Array.from({ length: 100 }, (_, i) => worker.probe(input(`closing ${i}`, { turns: 2 })));
    await worker.close();
    assert.equal(worker.pid, null);
    const outputs = await Promise.all(running);
    assert.ok(outputs.every((output, i) => output.success && output.transcript.turns[0].probePrompt === `closing ${i}`));
    const summary = logs.find((entry) => entry.type === 'summary');
    assert.equal(summary?.done, 100);
    assert.equal(summary?.total, 100);
    await assert.rejects(worker.probe(input('too late')), /closed/);
  } finally {
    await mock.stop();
  }
});

test('close({graceMs}) with slow probes: the worker stops them as CANCELLED, retryable, and nothing hangs', { timeout: 180_000 }, async () => {
  const slow = await startMock(60_000);
  const worker = new ProbeWorker({ binary: probeBinary(), env: { ...environment({ openai: slow.url }), PROBE_BATCH_GRACE_MS: '0' }, concurrency: 4 });
  try {
    const running = Array.from({ length: 10 }, (_, i) => worker.probe(input(`cut ${i}`)));
    await until(async () => (await slow.stats()).openConnections > 4, 'four requests in flight');
    await worker.close({ graceMs: 0 });
    for (const output of await Promise.all(running)) {
      assert.equal(output.error?.code, 'CANCELLED', JSON.stringify(output));
      assert.equal(output.error.retryable, true);
    }
  } finally {
    await slow.stop();
  }
});

test('bad input comes back as the contract failure, not an exception', { timeout: 180_000 }, async () => {
  const mock = await startMock(0);
  const worker = new ProbeWorker({ binary: probeBinary(), env: environment({ openai: mock.url }) });
  try {
    const failure = (message, details = null) => ({ success: false, error: { message, code: 'VALIDATION_ERROR', retryable: false, details } });
    assert.deepEqual(await worker.probe({}), failure('runId is required'));
    assert.deepEqual(await worker.probe('a string'), failure('input must be a JSON object'));
    assert.deepEqual(await worker.probe([1, 2]), failure('input must be a JSON object'));
    assert.deepEqual(await worker.probe(undefined), failure('input must be a JSON object'));
    assert.deepEqual(await worker.probe({ ...input('x'), config: { temperature: 3 } }), failure('config.temperature must be a number between 0 and 2'));
    assert.deepEqual(await worker.probe({ ...input('x'), count: 10n }), failure('input is not valid JSON', 'Do not know how to serialize a BigInt'));
    const unsupported = await worker.probe(input('x', { modelId: 'llama-3' }));
    assert.equal(unsupported.error.code, 'UNSUPPORTED_PROVIDER');
    assert.equal(unsupported.error.retryable, false);
    const own = await worker.probe({ ...input('own requestId'), requestId: 'the caller\'s' });
    assert.equal(own.success, true, 'a requestId in the input is replaced by the client\'s');
  } finally {
    await worker.close();
    await mock.stop();
  }
});

test('a binary that cannot start: probes fail retryable and health() says why, nothing throws or hangs', { timeout: 180_000 }, async () => {
  const worker = new ProbeWorker({ binary: '/nonexistent/probe', env: {} });
  const output = await worker.probe(input('x'));
  assert.equal(output.error?.code, 'NETWORK_ERROR');
  assert.equal(output.error.retryable, true);
  const health = await worker.health();
  assert.equal(health.success, false);
  assert.match(health.error.message, /nonexistent/);
  await worker.close();
});

test('health() answers in the shape the product reads, beside the engine\'s own fields', { timeout: 180_000 }, async () => {
  const worker = new ProbeWorker({ binary: probeBinary(), env: { PATH: process.env.PATH, OPENAI_API_KEY: 'sk-test-FAKE' } });
  const answer = await worker.health();
  assert.equal(answer.success, true, JSON.stringify(answer));
  assert.equal(answer.health.apiKeys.openai, true);
  assert.equal(answer.health.apiKeys.anthropic, false);
  assert.ok(Object.keys(answer.health.packages).length >= 1);
  assert.equal(typeof answer.health.pythonVersion, 'string');
  assert.ok(answer.health.warnings.includes('ANTHROPIC_API_KEY is not set'));
  assert.equal(answer.health.providers.openai.apiKey, true);
  assert.equal(answer.error, undefined);
  await worker.close();
});

test('options that probe batch would refuse are refused when the worker is made, not on every start', () => {
  assert.throws(() => new ProbeWorker({ concurrency: 0 }), RangeError);
  assert.throws(() => new ProbeWorker({ limits: { maxInFlight: { ACME: 4 } } }), /unknown provider ACME/);
  assert.throws(() => new ProbeWorker({ limits: { rpm: { OPENAI: 0 } } }), /integer >= 1/);
  assert.throws(() => new ProbeWorker({ limits: { rpm: { OPENAI: 1.5 } } }), /integer >= 1/);
});

test('limits reach probe batch as flags it accepts (a refused flag would fail every probe)', { timeout: 180_000 }, async () => {
  const mock = await startMock(20);
  const worker = new ProbeWorker({ binary: probeBinary(), env: environment({ openai: mock.url }), concurrency: 16, limits: { maxInFlight: { openai: 1 }, rpm: { Anthropic: 600 } } });
  try {
    const outputs = await Promise.all(Array.from({ length: 12 }, (_, i) => worker.probe(input(`limited ${i}`))));
    assert.ok(outputs.every((output) => output.success), JSON.stringify(outputs.find((output) => !output.success)));
  } finally {
    await worker.close();
    await mock.stop();
  }
});
