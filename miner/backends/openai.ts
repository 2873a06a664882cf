import { SubnetError } from '../../core/errors.ts';
import { ProtocolError } from '../../protocol/errors.ts';
import type { SynapseHandler } from '../../protocol/synapse-handler.ts';
import type { MinerBackend } from './backend.ts';

/**
 * An OpenAI-compatible upstream (vLLM, llama.cpp server, Ollama) serving
 * generation synapses: the request's `prompt` (or `messages`) goes to
 * `POST {baseUrl}/chat/completions`; the answer comes back as `{ text }`.
 * Bounded by the request's deadline and by `timeoutMs`, whichever is first.
 */
export interface OpenAiUpstream {
  /** e.g. http://127.0.0.1:8000/v1 */
  baseUrl: string;
  model: string;
  apiKey?: string;
  timeoutMs: number;
  /** used when the request gives no max_tokens / max_words */
  maxTokens: number;
  temperature?: number;
}

interface ChatCompletion {
  choices?: { message?: { content?: string }; finish_reason?: string }[];
  usage?: Record<string, number>;
}

function messagesOf(body: Record<string, unknown>): { role: string; content: string }[] {
  if (Array.isArray(body.messages)) {
    return body.messages.map((m, i) => {
      const msg = m as { role?: unknown; content?: unknown };
      if (typeof msg?.role !== 'string' || typeof msg?.content !== 'string')
        throw new ProtocolError('BAD_REQUEST', `messages[${i}] must be { role: string, content: string }`);
      return { role: msg.role, content: msg.content };
    });
  }
  if (typeof body.prompt === 'string') return [{ role: 'user', content: body.prompt }];
  throw new ProtocolError('BAD_REQUEST', 'request needs `prompt` (string) or `messages` ([{ role, content }]) for the OpenAI-compatible backend');
}

export function openAiHandler(upstream: OpenAiUpstream): SynapseHandler {
  const url = `${upstream.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  return async (synapse, ctx) => {
    const body = (synapse.body ?? {}) as Record<string, unknown>;
    const maxTokens =
      typeof body.max_tokens === 'number' ? body.max_tokens : typeof body.max_words === 'number' ? Math.ceil(body.max_words * 1.5) : upstream.maxTokens;
    const budget = Math.max(1, Math.min(upstream.timeoutMs, ctx.deadline - Date.now()));
    const signal = AbortSignal.any([ctx.signal, AbortSignal.timeout(budget)]);
    const messages = messagesOf(body);
    let res: Response;
    try {
      res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(upstream.apiKey ? { authorization: `Bearer ${upstream.apiKey}` } : {}) },
        body: JSON.stringify({
          model: upstream.model,
          messages,
          max_tokens: maxTokens,
          stream: false,
          ...(upstream.temperature !== undefined ? { temperature: upstream.temperature } : {}),
        }),
        signal,
      });
    } catch (err) {
      if (ctx.signal.aborted) throw ctx.signal.reason;
      if ((err as Error).name === 'TimeoutError') throw new ProtocolError('TIMEOUT', `upstream ${url} did not answer within ${budget} ms`);
      throw new ProtocolError('INTERNAL', `upstream ${url} unreachable: ${(err as Error).message}`);
    }
    const text = await res.text();
    if (!res.ok)
      throw new ProtocolError(
        res.status === 429 || res.status === 503 ? 'OVERLOADED' : 'INTERNAL',
        `upstream ${url} answered HTTP ${res.status}: ${text.slice(0, 200)}`,
      );
    let parsed: ChatCompletion;
    try {
      parsed = JSON.parse(text) as ChatCompletion;
    } catch {
      throw new ProtocolError('INTERNAL', `upstream ${url} answered non-JSON: ${text.slice(0, 120)}`);
    }
    const content = parsed.choices?.[0]?.message?.content;
    if (typeof content !== 'string') throw new ProtocolError('INTERNAL', `upstream ${url} answered without choices[0].message.content`);
    return { text: content };
  };
}

export function openAiBackend(upstream: OpenAiUpstream, synapses: string[]): MinerBackend {
  if (!/^https?:\/\//.test(upstream.baseUrl)) throw new SubnetError('MINER_BACKEND', `--openai-url must be an http(s) URL, got ${upstream.baseUrl}`);
  const handler = openAiHandler(upstream);
  return { name: `openai:${upstream.baseUrl}`, handlers: Object.fromEntries(synapses.map((s) => [s, handler])) };
}
