// Shared command line of the Node clients: flags, else LLM_* environment variables.
import { parseArgs } from 'node:util';

export function readArgs(defaults = {}) {
  const { values } = parseArgs({
    options: {
      api: { type: 'string', default: defaults.api ?? '' },
      'base-url': { type: 'string', default: process.env.LLM_BASE_URL ?? '' },
      'api-key': { type: 'string', default: process.env.LLM_API_KEY ?? '' },
      prompt: { type: 'string', default: process.env.LLM_PROMPT ?? '' },
      model: { type: 'string', default: process.env.LLM_MODEL ?? defaults.model ?? '' },
      mode: { type: 'string', default: 'both' },
    },
  });
  for (const name of ['base-url', 'api-key', 'prompt', 'model']) {
    if (!values[name]) {
      throw new Error(`--${name} (or its LLM_* environment variable) is required`);
    }
  }
  return values;
}

// One machine-readable line per call, read by the C# facade.
export function report(streamed, text) {
  process.stdout.write(JSON.stringify({ pid: process.pid, streamed, text }) + '\n');
}

// Runs the non-streamed call, then the streamed one, as --mode asks; failures exit non-zero.
export async function run(mode, whole, streamed) {
  try {
    if (mode === 'both' || mode === 'whole') {
      report(false, await whole());
    }
    if (mode === 'both' || mode === 'stream') {
      report(true, await streamed());
    }
  } catch (error) {
    process.stderr.write(`${error?.stack ?? error}\n`);
    process.exitCode = 1;
  }
}
