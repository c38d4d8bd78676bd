#!/usr/bin/python3
"""A plain Python LLM client (standard library only) for capture tests.

Makes one non-streamed and one streamed call to an LLM API with http.client, which reaches
OpenSSL through the _ssl module, and prints one JSON line per call on stdout:
{"pid": ..., "streamed": ..., "text": "<assistant text received>"}.

Usage: llm_client.py --api openai-chat|openai-responses|anthropic|ollama|vllm
                     --base-url URL --api-key KEY --prompt TEXT --model NAME [--cafile PEM]
"""

import argparse
import http.client
import json
import os
import ssl
import sys
import urllib.parse

PATHS = {
    "openai-chat": "/v1/chat/completions",
    "openai-responses": "/v1/responses",
    "anthropic": "/v1/messages",
    "ollama": "/api/chat",
    "vllm": "/v1/chat/completions",
}


def request_body(api, model, prompt, stream):
    messages = [{"role": "user", "content": prompt}]
    if api == "openai-responses":
        return {"model": model, "input": prompt, "stream": stream}
    if api == "anthropic":
        return {"model": model, "max_tokens": 1024, "messages": messages, "stream": stream}
    # Ollama streams unless told otherwise, so "stream" is always explicit.
    return {"model": model, "messages": messages, "stream": stream}


def headers(api, api_key):
    result = {"Content-Type": "application/json", "Accept": "application/json", "User-Agent": "llmobserve-python-client/1"}
    if api == "anthropic":
        result["x-api-key"] = api_key
        result["anthropic-version"] = "2023-06-01"
    elif api_key:
        result["Authorization"] = "Bearer " + api_key
    return result


def whole_text(api, body):
    if api in ("openai-chat", "vllm"):
        return body["choices"][0]["message"]["content"]
    if api == "openai-responses":
        return "".join(part["text"] for item in body["output"] if item["type"] == "message"
                       for part in item["content"] if part["type"] == "output_text")
    if api == "anthropic":
        return "".join(block["text"] for block in body["content"] if block["type"] == "text")
    return body["message"]["content"]


def piece_text(api, event):
    """The text one streamed event adds, or ''."""
    if api in ("openai-chat", "vllm"):
        return "".join(choice["delta"].get("content") or "" for choice in event.get("choices", []))
    if api == "openai-responses":
        return event["delta"] if event.get("type") == "response.output_text.delta" else ""
    if api == "anthropic":
        delta = event.get("delta", {})
        return delta.get("text", "") if event.get("type") == "content_block_delta" and delta.get("type") == "text_delta" else ""
    return event.get("message", {}).get("content", "")


def streamed_text(api, response):
    # Line by line, as SDKs do: SSE "data:" lines, or Ollama's NDJSON objects.
    text = []
    while True:
        line = response.readline()
        if not line:
            break
        line = line.decode("utf-8").strip()
        if api != "ollama":
            if not line.startswith("data:"):
                continue
            line = line[len("data:"):].strip()
            if line == "[DONE]":
                break
        if line:
            text.append(piece_text(api, json.loads(line)))
    return "".join(text)


def call(args, stream):
    url = urllib.parse.urlsplit(args.base_url)
    if url.scheme == "https":
        context = ssl.create_default_context(cafile=args.cafile)
        connection = http.client.HTTPSConnection(url.hostname, url.port, context=context, timeout=60)
    else:
        connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    try:
        body = json.dumps(request_body(args.api, args.model, args.prompt, stream))
        connection.request("POST", url.path.rstrip("/") + PATHS[args.api], body=body.encode("utf-8"), headers=headers(args.api, args.api_key))
        response = connection.getresponse()
        if response.status != 200:
            raise RuntimeError(f"HTTP {response.status}: {response.read()[:2000]!r}")
        text = streamed_text(args.api, response) if stream else whole_text(args.api, json.loads(response.read()))
    finally:
        connection.close()
    print(json.dumps({"pid": os.getpid(), "streamed": stream, "text": text}), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--api", required=True, choices=sorted(PATHS))
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--api-key", default=os.environ.get("LLM_API_KEY", ""))
    parser.add_argument("--prompt", required=True)
    parser.add_argument("--model", required=True)
    parser.add_argument("--cafile", default=os.environ.get("LLM_CAFILE"))
    parser.add_argument("--mode", choices=["both", "whole", "stream"], default="both")
    args = parser.parse_args()
    if args.mode in ("both", "whole"):
        call(args, stream=False)
    if args.mode in ("both", "stream"):
        call(args, stream=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
