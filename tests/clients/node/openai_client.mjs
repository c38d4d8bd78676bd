// The official OpenAI SDK as a real client process: --api chat (chat completions) or
// responses (responses API); trusts the mock's CA through NODE_EXTRA_CA_CERTS.
import OpenAI from 'openai';
import { readArgs, run } from './args.mjs';

const args = readArgs({ api: 'chat', model: 'gpt-4o-mini' });
// The SDK retries failed calls; a test wants the first failure, not a slow retry.
const client = new OpenAI({ baseURL: `${args['base-url'].replace(/\/$/, '')}/v1`, apiKey: args['api-key'], maxRetries: 0, timeout: 60_000 });
const input = [{ role: 'user', content: args.prompt }];

async function chatWhole() {
  const completion = await client.chat.completions.create({ model: args.model, messages: input });
  return completion.choices[0].message.content;
}

async function chatStreamed() {
  const stream = await client.chat.completions.create({ model: args.model, messages: input, stream: true });
  let text = '';
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
  }
  return text;
}

async function responsesWhole() {
  const response = await client.responses.create({ model: args.model, input: args.prompt });
  return response.output_text;
}

async function responsesStreamed() {
  const stream = await client.responses.create({ model: args.model, input: args.prompt, stream: true });
  let text = '';
  for await (const event of stream) {
    if (event.type === 'response.output_text.delta') {
      text += event.delta;
    }
  }
  return text;
}

if (args.api === 'responses') {
  await run(args.mode, responsesWhole, responsesStreamed);
} else if (args.api === 'chat') {
  await run(args.mode, chatWhole, chatStreamed);
} else {
  process.stderr.write(`unknown --api ${args.api}; use chat or responses\n`);
  process.exitCode = 2;
}
