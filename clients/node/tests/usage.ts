// Type-checked by `tsc --noEmit -p clients/node/tests` (types.test.js): the declarations as a
// product handler would use them. Not run.
import { ProbeWorker, type HealthAnswer, type ProbeInput, type ProbeOutput } from '../index.js';

const worker = new ProbeWorker({
  binary: '/usr/local/bin/probe',
  env: { OPENAI_API_KEY: 'sk-test-FAKE', PROBE_LOG_LEVEL: 'info' },
  concurrency: 200,
  limits: { maxInFlight: { OPENAI: 50 }, rpm: { ANTHROPIC: 50 } },
  logger: (entry) => {
    if (entry.type === 'progress') return;
    const message: string | undefined = entry.msg;
    void message;
  },
});

const pino = { info: (entry: object) => void entry, warn: (entry: object) => void entry };
new ProbeWorker({ logger: pino });

async function handle(input: ProbeInput): Promise<number> {
  const health: HealthAnswer = await worker.health();
  if (!health.success || !health.health) throw new Error(health.error?.message ?? 'worker health check failed');
  const keys: number = Object.keys(health.health.packages).length;
  const ready: string[] = Object.entries(health.health.apiKeys).filter(([, present]) => present).map(([name]) => name);
  void keys;
  void ready;

  const result: ProbeOutput = await worker.probe(input);
  if (result.success) {
    const { totalInputTokens, totalOutputTokens, startedAt, completedAt } = result.transcript;
    const turns: number = result.transcript.turns.length;
    return totalInputTokens + totalOutputTokens + turns + Date.parse(completedAt) - Date.parse(startedAt);
  }
  if (result.error.retryable) throw new Error(result.error.message);
  const partial: number = result.partialTranscript?.turns.length ?? 0;
  return partial;
}

const input: ProbeInput = {
  runId: 'run', scenarioId: 'scenario', modelId: 'gpt-4o',
  scenario: { preamble: 'You are…', prompt: 'Pull the lever?', followups: [{ label: 'why', prompt: 'Why?' }] },
  config: { temperature: 0.7, maxTokens: 1024, maxTurns: 2 },
  modelCost: { costInputPerMillion: 2.5, costOutputPerMillion: 10 },
  modelConfig: { reasoningEffort: 'low' },
};
void handle(input).then(() => worker.close({ graceMs: 10_000 }));
