"""Batch API routes for the mock model server: ``/v1/files`` and ``/v1/batches``.

A created batch is answered at once, request line by request line, by the
same logic that answers ``/v1/chat/completions`` (scripted steps and faults,
fixtures, else the heuristic), so a Batch API round trip and a live run
through one mock see the same answers. Successful answers go to the
batch's output file, failed ones to its error file, as the real API does.
"""

from __future__ import annotations

import json
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from pipeline.testing.mock_server import STATE, MockState, draw, reply

_STORE: web.AppKey[BatchStore] = web.AppKey("batch_store", object)  # type: ignore[arg-type]
_CHAT_URL = "/v1/chat/completions"


@dataclass
class BatchStore:
    """Uploaded files and created batches of one mock server."""

    files: dict[str, bytes] = field(default_factory=dict)
    meta: dict[str, dict[str, Any]] = field(default_factory=dict)
    batches: dict[str, dict[str, Any]] = field(default_factory=dict)

    def add_file(self, content: bytes, purpose: str, filename: str) -> dict[str, Any]:
        """Keep a file and return its OpenAI-shaped description."""
        file_id = f"file-{uuid.uuid4().hex[:24]}"
        self.files[file_id] = content
        self.meta[file_id] = {
            "id": file_id,
            "object": "file",
            "bytes": len(content),
            "created_at": int(time.time()),
            "filename": filename,
            "purpose": purpose,
            "status": "processed",
        }
        return self.meta[file_id]


def _not_found(what: str) -> web.Response:
    return web.json_response({"error": {"message": f"{what} not found", "type": "invalid_request_error"}}, status=404)


async def _upload(request: web.Request) -> web.Response:
    store = request.app[_STORE]
    form = await request.post()
    upload = form.get("file")
    if not isinstance(upload, web.FileField):
        return web.json_response({"error": {"message": "multipart field 'file' is required"}}, status=400)
    content = upload.file.read()
    return web.json_response(store.add_file(content, str(form.get("purpose", "")), upload.filename or "upload"))


async def _file_content(request: web.Request) -> web.Response:
    content = request.app[_STORE].files.get(request.match_info["file_id"])
    if content is None:
        return _not_found("file")
    return web.Response(body=content, content_type="application/octet-stream")


async def _answer_line(state: MockState, line: dict[str, Any]) -> tuple[bool, dict[str, Any]]:
    """Answer one request line as the chat endpoint would; say whether it succeeded."""
    state.requests += 1
    body = line.get("body") or {}
    if line.get("url") != _CHAT_URL:
        status, payload = 400, {"error": {"message": f"unsupported url {line.get('url')!r}"}}
    else:
        step = state.script.popleft() if state.script else draw(state)
        response = await reply(state, body, step)
        assert isinstance(response, web.Response)  # reply only builds JSON responses
        status, payload = response.status, json.loads(response.text or "{}")
    result = {
        "id": f"batch_req_{uuid.uuid4().hex[:16]}",
        "custom_id": line.get("custom_id"),
        "response": {"status_code": status, "request_id": uuid.uuid4().hex[:12], "body": payload},
        "error": None,
    }
    return status == 200, result


async def _run(state: MockState, store: BatchStore, content: bytes) -> tuple[list[str], list[str]]:
    """Output and error lines for every request line of an input file."""
    ok_lines: list[str] = []
    error_lines: list[str] = []
    for raw in content.decode("utf-8").splitlines():
        if not raw.strip():
            continue
        ok, result = await _answer_line(state, json.loads(raw))
        (ok_lines if ok else error_lines).append(json.dumps(result))
    return ok_lines, error_lines


async def _create_batch(request: web.Request) -> web.Response:
    store = request.app[_STORE]
    spec = await request.json()
    content = store.files.get(str(spec.get("input_file_id")))
    if content is None:
        return _not_found("input file")
    ok_lines, error_lines = await _run(request.app[STATE], store, content)
    now = int(time.time())
    batch_id = f"batch_{uuid.uuid4().hex[:24]}"
    output = store.add_file("".join(x + "\n" for x in ok_lines).encode(), "batch_output", f"{batch_id}_output.jsonl")
    errors = (
        store.add_file("".join(x + "\n" for x in error_lines).encode(), "batch_output", f"{batch_id}_error.jsonl")
        if error_lines
        else None
    )
    store.batches[batch_id] = {
        "id": batch_id,
        "object": "batch",
        "endpoint": spec.get("endpoint", _CHAT_URL),
        "errors": None,
        "input_file_id": spec["input_file_id"],
        "completion_window": spec.get("completion_window", "24h"),
        "status": "completed",
        "output_file_id": output["id"],
        "error_file_id": errors["id"] if errors else None,
        "created_at": now,
        "in_progress_at": now,
        "completed_at": now,
        "expires_at": now + 24 * 3600,
        "request_counts": {"total": len(ok_lines) + len(error_lines), "completed": len(ok_lines), "failed": len(error_lines)},
        "metadata": spec.get("metadata"),
    }
    return web.json_response(store.batches[batch_id])


async def _get_batch(request: web.Request) -> web.Response:
    batch = request.app[_STORE].batches.get(request.match_info["batch_id"])
    return web.json_response(batch) if batch is not None else _not_found("batch")


def add_batch_routes(app: web.Application) -> None:
    """Register the files and batches routes (with their store) on the mock's application."""
    app[_STORE] = BatchStore()
    app.router.add_post("/v1/files", _upload)
    app.router.add_get("/v1/files/{file_id}/content", _file_content)
    app.router.add_post("/v1/batches", _create_batch)
    app.router.add_get("/v1/batches/{batch_id}", _get_batch)
