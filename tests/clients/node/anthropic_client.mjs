// The official Anthropic SDK as a real client process (messages API); trusts the mock's CA
// through NODE_EXTRA_CA_CERTS.
import Anthropic from '@anthropic-ai/sdk';
import { readArgs, run } from './args.mjs';

const args = readArgs({ model: 'claude-sonnet-4-5' });
// The SDK retries failed calls; a test wants the first failure, not a slow retry.
const client = new Anthropic({ baseURL: args['base-url'], apiKey: args['api-key'], maxRetries: 0, timeout: 60_000 });
const request = { model: args.model, max_tokens: 1024, messages: [{ role: 'user', content: args.prompt }] };

async function whole() {
  const message = await client.messages.create(request);
  return message.content.filter((block) => block.type === 'text').map((block) => block.text).join('');
}

async function streamed() {
  const stream = await client.messages.create({ ...request, stream: true });
  let text = '';
  for await (const event of stream) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
      text += event.delta.text;
    }
  }
  return text;
}

await run(args.mode, whole, streamed);
