"""The README's shell examples, run in order in a fresh folder, as a new user would type them.

Every ``newsfacts`` command of the README's ```bash blocks runs, in the
order written, in one temporary folder holding copies of ``seeds/`` and
``evals/``: a command that fails there (a file left by an earlier example,
a renamed flag) fails here. Left out: the installation steps (this test runs
in the installed package), and the block that needs a real provider account
(it sets ``OPENAI_API_KEY``). The mock server's fixed port is swapped for a
free one, since another run on this machine may hold it.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import time
from pathlib import Path

from tests.cli_subprocess import newsfacts_command, run_newsfacts

ROOT = Path(__file__).resolve().parent.parent
_BLOCK = re.compile(r"^```bash\n(.*?)^```", re.MULTILINE | re.DOTALL)
_LISTENING = re.compile(r"listening on (http://127\.0\.0\.1:\d+/v1)")


def readme_commands(text: str) -> list[list[str]]:
    """The ``newsfacts`` commands of the README's bash blocks, as argument lists, in order.

    A trailing ``&`` (run in the background) is kept as the last argument so
    the runner can start that command and go on.
    """
    commands = []
    for block in _BLOCK.findall(text):
        if "OPENAI_API_KEY=" in block:
            continue
        for line in block.splitlines():
            for part in line.split("&&"):
                args = shlex.split(part, comments=True)
                if args and args[0] == "newsfacts":
                    commands.append(args)
    return commands


def test_readme_commands_run_in_order_in_a_fresh_folder(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "evals", tmp_path / "evals", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    commands = readme_commands((ROOT / "README.md").read_text(encoding="utf-8"))
    assert [c[1] for c in commands] == [
        "extract", "eval", "merge", "export", "review", "mock-llm", "extract", "extract", "eval",
    ]
    servers: list[subprocess.Popen[bytes]] = []
    swaps: dict[str, str] = {}
    try:
        for command in commands:
            args = command[1:]
            if args[-1] == "&":
                servers.append(_start_server(args[:-1], tmp_path, swaps))
                continue
            for old, new in swaps.items():  # the URL inside --base-url
                args = [a.replace(old, new) for a in args]
            done = run_newsfacts(*args, cwd=tmp_path)
            assert done.returncode == 0, f"newsfacts {shlex.join(args)}\n{done.stderr}"
            assert "Traceback" not in done.stderr
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=10)
    assert (tmp_path / "out.jsonl").read_text().count("\n") == (tmp_path / "mock.jsonl").read_text().count("\n") == 5


def _start_server(args: list[str], cwd: Path, swaps: dict[str, str]) -> subprocess.Popen[bytes]:
    """Start the README's background mock on a free port; note how its URL replaces the README's."""
    port = args[args.index("--port") + 1]
    args[args.index("--port") + 1] = "0"
    log = cwd / "mock-llm.log"
    with open(log, "wb") as sink:  # a file, not a pipe nobody drains
        server = subprocess.Popen([*newsfacts_command(), *args], cwd=cwd, stdout=subprocess.DEVNULL, stderr=sink)
    deadline = time.monotonic() + 30
    while not (found := _LISTENING.search(log.read_text(encoding="utf-8"))):
        assert server.poll() is None and time.monotonic() < deadline, f"the mock did not start:\n{log.read_text()}"
        time.sleep(0.05)
    swaps[f"http://127.0.0.1:{port}/v1"] = found.group(1)
    return server
