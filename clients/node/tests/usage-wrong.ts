// Must NOT type-check (types.test.js): a probe without its required fields, a misspelled option.
import { ProbeWorker } from '../index.js';

const worker = new ProbeWorker({ concurency: 4 });
void worker.probe({ runId: 'run' });
