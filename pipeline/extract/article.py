"""One article through clean → chunk → extract → ground → normalise, and the public API.

Backends share one interface (``extract(article_id, text, published_at,
check) -> BackendResult``), so the heuristic default, the model backend and
any fake are chosen the same way and their output is grounded by the same
resolver. Errors for one article raise ``ExtractionError``; ``run_one``
turns them into error lines so the batch goes on.
"""

from __future__ import annotations

import time

from pipeline.core.errors import EndpointUnreachable, ExtractionError, TruncationError
from pipeline.extract.backend import Backend, ExtractRequest
from pipeline.extract.prompt import load_prompt
from pipeline.extract.resolve import Resolver
from pipeline.extract.settings import ExtractConfig
from pipeline.io.articles import Article, LoadFailure
from pipeline.text.chunk import Chunk, split_text
from pipeline.text.clean import find_boilerplate, mask
from schemas import (
    ArticleResult,
    ErrorLine,
    Extraction,
    ExtractorInfo,
    LineWarning,
    Timings,
    Usage,
    WarningCode,
)


def extractor_info(config: ExtractConfig) -> ExtractorInfo:
    """Provenance recorded in every output line."""
    prompt = load_prompt()
    is_llm = config.backend == "llm"
    return ExtractorInfo(
        backend=config.backend,
        model=config.llm.model if is_llm else None,
        mode=config.llm.mode if is_llm else None,
        prompt_version=prompt.version if is_llm else "heuristic-v1",
        prompt_hash=prompt.short_hash if is_llm else "",
        grounding=config.grounding,
    )


def _model_view(text: str, masked: str) -> str:
    """The text the extractor sees: the article without its boilerplate lines.

    Offsets need not survive this view: evidence is located in the masked
    full text, so spans always point into the article as stored.
    """
    pairs = zip(text.split("\n"), masked.split("\n"), strict=True)
    return "\n".join(line for line, mline in pairs if line == mline or mline.strip())


def _merge(parts: list[Extraction]) -> Extraction:
    """Concatenate chunk drafts; the resolver folds repeats found in overlapping chunks."""
    if len(parts) == 1:
        return parts[0]
    return Extraction(
        actors=[a for p in parts for a in p.actors],
        events=[e for p in parts for e in p.events],
        quotes=[q for p in parts for q in p.quotes],
        agreements=[g for p in parts for g in p.agreements],
    )


async def _extract_chunk(
    backend: Backend,
    article: Article,
    chunk: Chunk,
    resolver: Resolver,
    usage: Usage,
    notes: list[LineWarning],
    depth: int = 0,
) -> tuple[list[Extraction], float]:
    """Extract one chunk; on truncation split it once in two rather than re-ask blindly.

    When even the halves are cut, the complete records the cut answer holds
    are kept (and grounded like any others) with a ``truncated`` warning.
    """
    try:
        request = ExtractRequest(article.id, chunk.text, article.metadata.published_at, resolver.problems)
        res = await backend.extract(request)
    except TruncationError as exc:
        if depth > 0 or len(chunk.text) < 1000:
            if exc.partial is None:
                raise
            if exc.usage is not None:
                usage.add(exc.usage)
            kept = sum(len(getattr(exc.partial, k)) for k in ("actors", "events", "quotes", "agreements"))
            notes.append(
                LineWarning(
                    code=WarningCode.truncated,
                    message=f"answer cut at the token limit for characters {chunk.start}-{chunk.end};"
                    f" kept the {kept} complete records before the cut",
                )
            )
            return [exc.partial], 0.0
        if exc.usage is not None:  # the cut answer was paid for
            usage.add(exc.usage)
        out: list[Extraction] = []
        spent = 0.0
        for half in split_text(chunk.text, max_chars=len(chunk.text) // 2 + 1, overlap_chars=200):
            sub = Chunk(chunk.start + half.start, chunk.start + half.end, half.text)
            parts, secs = await _extract_chunk(backend, article, sub, resolver, usage, notes, depth + 1)
            out += parts
            spent += secs
        return out, spent
    usage.add(res.usage)
    return [res.extraction], res.model_s


async def extract_article(
    article: Article, backend: Backend, config: ExtractConfig, info: ExtractorInfo
) -> ArticleResult:
    """Extract, ground and normalise one article.

    Raises:
        ExtractionError: the backend failed for good (transport, truncation, budget, schema).
    """
    started = time.perf_counter()
    boilerplate = find_boilerplate(article.text)
    masked = mask(article.text, boilerplate)
    resolver = Resolver(
        article.text,
        masked,
        article.metadata.published_at,
        config.fuzzy_threshold,
        config.max_records,
        config.grounding,
    )
    chunks = split_text(_model_view(article.text, masked), max_chars=config.max_chars, overlap_chars=config.chunk_overlap)
    usage = Usage()
    parts: list[Extraction] = []
    notes: list[LineWarning] = []
    model_s = 0.0
    for chunk in chunks:
        try:
            got, secs = await _extract_chunk(backend, article, chunk, resolver, usage, notes)
        except ExtractionError as exc:
            # The chunks before this one were paid for too: the errors line counts every request.
            if exc.usage is not None:
                usage.add(exc.usage)
            exc.usage = usage
            exc.attempts = usage.requests
            raise
        parts += got
        model_s += secs
    records, warnings = resolver.build(_merge(parts))
    warnings[:0] = [*article.warnings, *notes]
    if len(chunks) > 1:
        warnings.insert(0, LineWarning(code=WarningCode.chunked, message=f"article split into {len(chunks)} chunks"))
    return ArticleResult(
        article_id=article.id,
        source=article.source,
        metadata=article.metadata,
        text=article.text,
        boilerplate=boilerplate,
        records=records,
        extractor=info,
        usage=usage,
        warnings=warnings,
        grounding=resolver.counts,
        timings=Timings(total_s=round(time.perf_counter() - started, 4), model_s=round(model_s, 4)),
    )


def error_line(
    item: Article | LoadFailure, stage: str, error: str, attempts: int = 0, usage: Usage | None = None
) -> ErrorLine:
    """The errors-file line for an article or input that produced no output line."""
    if isinstance(item, LoadFailure):
        return ErrorLine(article_id=item.article_id, source=item.source, stage=stage, error=error)
    return ErrorLine(
        article_id=item.id, source=item.source, stage=stage, error=error, attempts=attempts, usage=usage
    )


async def run_one(
    article: Article, backend: Backend, config: ExtractConfig, info: ExtractorInfo
) -> ArticleResult | ErrorLine:
    """Extract one article, turning its failure into an error line.

    Raises:
        EndpointUnreachable: the model endpoint is down; the run stops rather than
            fail every remaining article for the same reason.
    """
    try:
        return await extract_article(article, backend, config, info)
    except EndpointUnreachable:
        raise
    except ExtractionError as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return error_line(article, "extract", reason, attempts=exc.attempts, usage=exc.usage)
    except ValueError as exc:  # a record that breaks an output-line invariant
        return error_line(article, "ground", str(exc).splitlines()[0][:300])
    except Exception as exc:  # noqa: BLE001 - a bug must cost one article, not the batch; it is named in the errors file
        return internal_error(article, exc)


def internal_error(article: Article, exc: BaseException) -> ErrorLine:
    """The errors-file line for an article whose extraction hit a bug, naming the exception."""
    first = str(exc).splitlines()[0][:300] if str(exc) else ""
    return error_line(article, "internal", f"{type(exc).__name__}: {first}".rstrip(": "))
