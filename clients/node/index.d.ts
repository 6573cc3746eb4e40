// Types of the probe engine's contract (SPEC §1, §2) and of ProbeWorker. No dependency on
// @types/node: the module's surface is plain data.

/** SPEC §5's error codes. */
export type ErrorCode =
  | 'RATE_LIMIT' | 'SERVER_ERROR' | 'TIMEOUT' | 'NETWORK_ERROR' | 'AUTH_ERROR' | 'NOT_FOUND'
  | 'VALIDATION_ERROR' | 'UNSUPPORTED_PROVIDER' | 'MISSING_API_KEY' | 'INVALID_RESPONSE'
  | 'CANCELLED' | 'UNKNOWN';

export interface Followup {
  label?: string;
  prompt: string;
}

export interface ModelCost {
  costInputPerMillion: number;
  costOutputPerMillion: number;
  /** The price of input read from the provider's cache; absent = priced as other input (D7). */
  costCachedInputPerMillion?: number | null;
}

/** One probe (SPEC §1). Unknown fields are ignored by the engine. */
export interface ProbeInput {
  runId: string;
  scenarioId: string;
  modelId: string;
  modelVersion?: string | null;
  scenario: { preamble?: string | null; prompt: string; followups?: Followup[] | null };
  config: { temperature?: number | null; maxTokens?: number | null; maxTurns?: number | null };
  modelCost?: ModelCost | null;
  /** Provider settings (SPEC §6): whatever the model row's api_config holds. */
  modelConfig?: Record<string, unknown> | null;
  definitionSnapshot?: unknown;
}

export interface ProviderMetadata {
  provider: 'openai' | 'anthropic' | 'google' | 'xai' | 'deepseek' | 'mistral';
  finishReason: string;
  raw: Record<string, unknown>;
  tokensEstimated?: true;
  reasoning?: string;
  truncated?: true;
  originalBytes?: number;
  /** The parts of the billed usage, when the provider reports them (DECISIONS D7). */
  cachedInputTokens?: number;
  cacheWriteInputTokens?: number;
  reasoningTokens?: number;
}

export interface Turn {
  turnNumber: number;
  promptLabel: string;
  probePrompt: string;
  targetResponse: string;
  inputTokens: number;
  outputTokens: number;
  durationMs: number;
  providerMetadata: ProviderMetadata;
}

export interface CostSnapshot extends ModelCost {
  inputTokens: number;
  outputTokens: number;
  /** With costCachedInputPerMillion: the transcript's cached input, priced at that rate. */
  cachedInputTokens?: number;
  estimatedCost: number;
}

export interface Transcript {
  turns: Turn[];
  totalInputTokens: number;
  totalOutputTokens: number;
  modelVersion: string | null;
  /** RFC 3339, UTC, milliseconds. */
  startedAt: string;
  completedAt: string;
  costSnapshot?: CostSnapshot;
}

export interface ProbeError {
  message: string;
  code: ErrorCode;
  /** True: the queue should retry the job (the product throws); false: record the failure. */
  retryable: boolean;
  details: string | null;
  statusCode?: number;
}

export interface ProbeSuccess {
  success: true;
  transcript: Transcript;
}

export interface ProbeFailure {
  success: false;
  error: ProbeError;
  /** The turns that completed (and were paid for) before the failure. */
  partialTranscript?: Transcript;
}

/** What `probe` prints for one input (SPEC §2). */
export type ProbeOutput = ProbeSuccess | ProbeFailure;

/** `probe health`: the engine's own fields and those the product's health check reads. */
export interface HealthAnswer {
  success: boolean;
  health?: {
    /** Provider name → whether its API key is set. */
    apiKeys: Record<string, boolean>;
    warnings: string[];
    /** Name → version (the engine's own version under `probe`). */
    packages: Record<string, string>;
    pythonVersion: string;
    version?: string;
    providers?: Record<string, { apiKey: boolean; baseURL: string }>;
    tokenizer?: Record<string, unknown>;
  };
  error?: { message: string; code: ErrorCode | string; retryable: boolean; details?: string | null };
}

/** One line of the worker's stderr: a log line (SPEC §8) or a progress/summary object. */
export interface LogEntry {
  level?: 'trace' | 'debug' | 'info' | 'warn' | 'error';
  time?: number;
  context?: string;
  msg?: string;
  type?: 'progress' | 'summary' | 'database';
  [key: string]: unknown;
}

/** A function of a log object, or an object with level methods (pino, console). */
export type Logger =
  | ((entry: LogEntry) => void)
  | { [level in 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'log']?: (entry: LogEntry) => void };

export type ProviderName = 'OPENAI' | 'ANTHROPIC' | 'GOOGLE' | 'XAI' | 'DEEPSEEK' | 'MISTRAL';

export interface ProbeWorkerOptions {
  /** The `probe` executable (default: `probe` on PATH). */
  binary?: string;
  /** The worker's environment: API keys, base URLs, PROBE_* settings (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Probes in flight in the worker (`--concurrency`, default 64); more wait in the pipe. */
  concurrency?: number;
  /** Per-provider limits (`--max-inflight`, `--rpm`). */
  limits?: { maxInFlight?: Partial<Record<ProviderName, number>>; rpm?: Partial<Record<ProviderName, number>> };
  /** Receives the worker's stderr lines as objects (default: dropped). */
  logger?: Logger;
  /** A probe unanswered this long means the worker is stuck: it is killed (default 330000 ms). */
  probeTimeoutMs?: number;
}

/** One long-lived `probe batch` process, started on the first call and again after it dies. */
export declare class ProbeWorker {
  constructor(options?: ProbeWorkerOptions);
  /** The running worker's process id, or null. */
  readonly pid: number | null;
  /** Probes sent and not yet answered. */
  readonly pending: number;
  /**
   * Runs one probe: the engine's output, success or failure (never rejects for a probe's own
   * reasons; a dead worker gives a retryable NETWORK_ERROR). Rejects only after close().
   */
  probe(input: ProbeInput): Promise<ProbeOutput>;
  /** `probe health` in the shape of the product's health check; never rejects. */
  health(): Promise<HealthAnswer>;
  /** Accepts no new probe, lets the sent ones finish, ends the process. */
  close(options?: { graceMs?: number }): Promise<void>;
}
