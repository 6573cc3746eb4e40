// ProbeWorker: one long-lived `probe batch` process per host, driven over its stdin and stdout
// (DECISIONS D11). Dependency-free ES module for Node 20; types in index.d.ts.
import { spawn } from 'node:child_process';

const STRIPPED = ['index', 'requestId', 'runId', 'scenarioId', 'modelId'];
const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error']);

/** A failure in the engine's contract shape (SPEC §2). */
function failure(code, message, retryable, details = null) {
  return { success: false, error: { message, code, retryable, details } };
}

/** The worker's process died or was killed while it held a probe: retryable, like a reset. */
function workerLost(reason) {
  return failure('NETWORK_ERROR', `probe worker ${reason}`, true);
}

/** Cuts a stream into lines; `onLine` gets each complete one (without `\n`). */
function lineReader(onLine) {
  let rest = '';
  return {
    push(chunk) {
      const text = rest + chunk;
      let start = 0;
      let end;
      while ((end = text.indexOf('\n', start)) !== -1) {
        onLine(text.slice(start, end));
        start = end + 1;
      }
      rest = text.slice(start);
    },
    flush() {
      if (rest) onLine(rest);
      rest = '';
    },
  };
}

/** `logger` as one function of a log object: a function, or an object with level methods (pino, console). */
function logFunction(logger) {
  if (typeof logger === 'function') return logger;
  if (logger && typeof logger === 'object') {
    return (entry) => {
      const level = LEVELS.has(entry.level) ? entry.level : 'info';
      const method = logger[level] ?? logger[level === 'trace' ? 'debug' : 'info'] ?? logger.log;
      if (typeof method === 'function') method.call(logger, entry);
    };
  }
  return () => {};
}

const PROVIDERS = new Set(['OPENAI', 'ANTHROPIC', 'GOOGLE', 'XAI', 'DEEPSEEK', 'MISTRAL']);

/**
 * The command-line flags for `concurrency` and `limits`, checked here: a flag `probe batch`
 * refuses would make every start fail (exit 64), and each probe would come back retryable.
 */
function batchArguments(concurrency, limits) {
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError('concurrency must be an integer >= 1');
  const args = ['batch', '--concurrency', String(concurrency)];
  for (const [flag, key] of [['--max-inflight', 'maxInFlight'], ['--rpm', 'rpm']]) {
    for (const [provider, value] of Object.entries(limits?.[key] ?? {})) {
      if (!PROVIDERS.has(provider.toUpperCase())) throw new RangeError(`limits.${key}: unknown provider ${provider}`);
      if (!Number.isInteger(value) || value < 1 || value > 2 ** 31 - 1) throw new RangeError(`limits.${key}.${provider} must be an integer >= 1`);
      args.push(flag, `${provider.toUpperCase()}=${value}`);
    }
  }
  return args;
}

export class ProbeWorker {
  #binary;
  #env;
  #args;
  #log;
  #timeoutMs;
  #process = null; // the current generation: {child, pending, next, exited}
  #closed = false;
  #generation = 0;

  /**
   * @param {import('./index.d.ts').ProbeWorkerOptions} [options]
   */
  constructor({ binary = 'probe', env = process.env, concurrency = 64, limits = {}, logger, probeTimeoutMs = 330_000 } = {}) {
    this.#binary = binary;
    this.#env = env;
    this.#args = batchArguments(concurrency, limits);
    this.#log = logFunction(logger);
    this.#timeoutMs = probeTimeoutMs;
  }

  /** The process id of the running worker, or null when none runs (for monitoring and tests). */
  get pid() {
    return this.#process?.child.pid ?? null;
  }

  /** Probes sent and not yet answered. */
  get pending() {
    return this.#process?.pending.size ?? 0;
  }

  /**
   * Runs one probe. Resolves with the engine's output (SPEC §2), success or failure; never
   * rejects for a probe's own reasons. If the worker dies, it resolves with a retryable
   * NETWORK_ERROR and the next call starts a new worker. Rejects only after close().
   */
  probe(input) {
    if (this.#closed) return Promise.reject(new Error('ProbeWorker is closed'));
    const worker = this.#process ?? this.#start();
    const index = worker.next;
    const line = ProbeWorker.#line(input, `${worker.generation}-${index}`);
    if (typeof line !== 'string') return Promise.resolve(line);
    worker.next += 1; // the engine numbers the lines it reads from 0: this line's output carries `index`
    return new Promise((resolve) => {
      const timer = setTimeout(() => this.#hung(worker, index), this.#timeoutMs);
      timer.unref();
      worker.pending.set(index, { resolve, timer });
      worker.child.stdin.write(line + '\n');
    });
  }

  /**
   * `probe health` in the shape the product's health check reads: `{success, health: {apiKeys,
   * packages, pythonVersion, warnings, ...}, error?}`. Never rejects: a worker that cannot run
   * gives `success: false` with the reason.
   */
  health() {
    return new Promise((resolve) => {
      let child;
      try {
        child = spawn(this.#binary, ['health'], { env: this.#env, stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        resolve(failure('UNKNOWN', `cannot start ${this.#binary}: ${error.message}`, true));
        return;
      }
      let out = '';
      let err = '';
      child.stdout.setEncoding('utf8').on('data', (chunk) => { out += chunk; });
      child.stderr.setEncoding('utf8').on('data', (chunk) => { err += chunk; });
      child.on('error', (error) => resolve(failure('UNKNOWN', `cannot start ${this.#binary}: ${error.message}`, true)));
      child.on('close', (code, signal) => {
        try {
          resolve(JSON.parse(out));
        } catch {
          resolve(failure('UNKNOWN', `${this.#binary} health exited ${signal ?? code} without JSON: ${err.trim().slice(0, 500)}`, true));
        }
      });
    });
  }

  /**
   * Drains and ends the worker: no new probe is accepted, the probes sent still get their
   * outputs, then the process exits. `graceMs` bounds the wait: after it the worker is sent
   * SIGTERM (its in-flight probes end as CANCELLED, retryable).
   */
  async close({ graceMs } = {}) {
    this.#closed = true;
    const worker = this.#process;
    if (!worker) return;
    worker.child.stdin.end();
    let timer;
    if (graceMs !== undefined) {
      timer = setTimeout(() => worker.child.kill('SIGTERM'), graceMs);
      timer.unref();
    }
    await worker.exited;
    clearTimeout(timer);
  }

  /**
   * The input as one JSON line carrying `requestId` (the client's own: an input's requestId is
   * replaced), or a contract failure when it cannot be serialized. A value that is not an object
   * is sent as it is, and the engine answers with its VALIDATION_ERROR.
   */
  static #line(input, requestId) {
    try {
      const isObject = input !== null && typeof input === 'object' && !Array.isArray(input);
      return JSON.stringify(isObject ? { ...input, requestId } : input === undefined ? null : input);
    } catch (error) {
      return failure('VALIDATION_ERROR', 'input is not valid JSON', false, String(error?.message ?? error));
    }
  }

  #start() {
    const generation = ++this.#generation;
    const child = spawn(this.#binary, this.#args, { env: this.#env, stdio: ['pipe', 'pipe', 'pipe'] });
    let markExited;
    const worker = { child, generation, pending: new Map(), next: 0, exited: new Promise((r) => { markExited = r; }) };
    this.#process = worker;

    const stdout = lineReader((text) => this.#answer(worker, text));
    const stderr = lineReader((text) => this.#logLine(text));
    child.stdout.setEncoding('utf8').on('data', (chunk) => stdout.push(chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => stderr.push(chunk));
    child.stdin.on('error', () => {}); // EPIPE when it died: 'close' below settles everything
    let failedToStart = null;
    child.on('error', (error) => { failedToStart = error; });
    child.on('close', (code, signal) => {
      stdout.flush();
      stderr.flush();
      if (this.#process === worker) this.#process = null;
      const reason = failedToStart ? `could not start: ${failedToStart.message}` : signal ? `was killed by ${signal}` : `exited with status ${code}`;
      if (worker.pending.size > 0 || failedToStart || (code !== 0 && !signal)) {
        this.#log({ level: 'error', time: Date.now(), context: 'probe-worker', msg: `probe worker ${reason}`, pending: worker.pending.size });
      }
      for (const { resolve, timer } of worker.pending.values()) {
        clearTimeout(timer);
        resolve(workerLost(reason));
      }
      worker.pending.clear();
      markExited();
    });
    return worker;
  }

  /** One stdout line: the output for the probe with that index. */
  #answer(worker, text) {
    let output;
    try {
      output = JSON.parse(text);
    } catch {
      this.#log({ level: 'error', time: Date.now(), context: 'probe-worker', msg: 'worker printed a line that is not JSON', line: text.slice(0, 500) });
      return;
    }
    const entry = worker.pending.get(output?.index);
    if (!entry) {
      this.#log({ level: 'error', time: Date.now(), context: 'probe-worker', msg: 'worker answered a probe it was not sent', index: output?.index, requestId: output?.requestId });
      return;
    }
    const expected = `${worker.generation}-${output.index}`;
    if (output.requestId !== undefined && output.requestId !== expected) {
      this.#log({ level: 'warn', time: Date.now(), context: 'probe-worker', msg: 'requestId does not match the line number', index: output.index, requestId: output.requestId });
    }
    worker.pending.delete(output.index);
    clearTimeout(entry.timer);
    for (const key of STRIPPED) delete output[key];
    entry.resolve(output);
  }

  /** One stderr line: a JSON log, progress or summary object to the logger. */
  #logLine(text) {
    if (!text.trim()) return;
    let entry;
    try {
      entry = JSON.parse(text);
    } catch {
      entry = null;
    }
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry)) {
      entry = { level: 'warn', time: Date.now(), context: 'probe-worker', msg: text };
    }
    this.#log(entry);
  }

  /** A probe outlived every deadline the engine has: the worker is stuck; kill it (all its probes fail, retryable). */
  #hung(worker, index) {
    if (!worker.pending.has(index)) return;
    this.#log({ level: 'error', time: Date.now(), context: 'probe-worker', msg: `no answer after ${this.#timeoutMs} ms: killing the worker`, index });
    worker.child.kill('SIGKILL');
  }
}
