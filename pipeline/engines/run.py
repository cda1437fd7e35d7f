"""One extraction run from its options: the library call behind ``newsfacts extract``.

``plan_extract`` turns ``ExtractOptions`` and the environment into the
settings the engines take (and says what it chose: the backend, the probed
mode); ``run_extract`` drives the local or the Ray engine with them.
"""

from __future__ import annotations

import asyncio
import os
import urllib.parse
from dataclasses import dataclass, field

from pydantic import SecretStr

from pipeline.core.errors import ConfigError, OptionError
from pipeline.engines.local import errors_path_for, run_batch
from pipeline.engines.options import EndpointOptions, ExtractOptions
from pipeline.engines.summary import Summary
from pipeline.extract.settings import LOCAL_API_KEY, ExtractConfig, LLMSettings
from pipeline.io.articles import load_articles

#: Hosts whose server runs on this machine: a request may take as long as the article's deadline.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1", "0.0.0.0")


@dataclass
class ExtractPlan:
    """What a run will do once options and environment are read; ``notes`` are for the user."""

    options: ExtractOptions
    config: ExtractConfig
    notes: list[str] = field(default_factory=list)

    @property
    def errors_where(self) -> str:
        """Where the run's error lines go, named as the writer names them."""
        output = self.options.output
        if output is None:
            return "the error lines on stderr above"
        if self.options.engine == "ray":
            return str(output / "shard-*.errors.jsonl")
        return str(self.options.errors or errors_path_for(output))


def _env(name: str) -> str | None:
    value = os.environ.get(name, "").strip()
    return value or None


def llm_settings(endpoint: EndpointOptions | ExtractOptions, mode: str = "tools", **rest: object) -> tuple[bool, LLMSettings]:
    """Options first, then OPENAI_BASE_URL / OPENAI_API_KEY / NEWSFACTS_MODEL; say whether a model is configured."""
    base_url = endpoint.base_url or _env("OPENAI_BASE_URL")
    api_key = endpoint.api_key or _env("OPENAI_API_KEY")
    settings = LLMSettings(
        base_url=base_url,
        api_key=SecretStr(api_key or LOCAL_API_KEY),
        model=endpoint.model or _env("NEWSFACTS_MODEL") or LLMSettings().model,
        mode=mode,  # type: ignore[arg-type]
        **rest,  # type: ignore[arg-type]
    )
    return bool(base_url or api_key), settings


def default_timeout(base_url: str | None, article_timeout: float) -> float:
    """60 s per request for a remote endpoint; the whole article deadline for one on this machine.

    A local CPU server prefills and generates for minutes without being stuck,
    and a request cut at 60 s is sent again from scratch: the article deadline
    is what bounds it.
    """
    host = urllib.parse.urlsplit(base_url or "").hostname or ""
    return article_timeout if host in LOCAL_HOSTS else 60.0


def _check(options: ExtractOptions) -> None:
    """Refuse option combinations that cannot mean anything, before any work."""
    if options.resume and options.overwrite:
        raise ConfigError("--resume continues the output and --overwrite starts it again; give one of them")
    if options.engine == "ray" and options.output is None:
        raise OptionError("--output", "--engine ray writes shards; give a folder with -o")
    if options.engine == "ray" and options.workers > 1:
        raise OptionError("--workers", "--engine ray spreads work with --ray-workers")


def plan_extract(options: ExtractOptions) -> ExtractPlan:
    """Settings for the engines from the options and the environment; ``--mode auto`` probes here.

    Raises:
        ConfigError: the options contradict each other or ``--backend llm`` has no endpoint.
    """
    _check(options)
    o = options
    configured, settings = llm_settings(
        o, "tools" if o.mode == "auto" else o.mode,
        max_tokens=o.max_tokens, frequency_penalty=o.frequency_penalty, max_reasks=o.max_reasks,
        max_transport_retries=o.max_retries, article_budget_s=o.article_timeout, rpm=o.rpm, tpm=o.tpm,
        price_in_per_mtok=o.price_in, price_out_per_mtok=o.price_out, price_cached_per_mtok=o.price_cached,
    )
    settings = settings.model_copy(
        update={"request_timeout_s": o.timeout or default_timeout(settings.base_url, o.article_timeout)}
    )
    if o.backend == "llm" and not configured:
        raise ConfigError(
            "--backend llm needs a model endpoint: set --base-url or OPENAI_BASE_URL (a local or hosted "
            "OpenAI-compatible server), or --api-key or OPENAI_API_KEY (OpenAI)"
        )
    chosen = o.backend if o.backend != "auto" else ("llm" if configured else "heuristic")
    notes = []
    if o.backend == "auto" and chosen == "heuristic":
        notes.append(
            "no model endpoint configured; using the offline heuristic extractor "
            "(point at a model with --base-url/OPENAI_BASE_URL and --model, or set OPENAI_API_KEY)."
        )
    if o.mode == "auto" and chosen == "llm":
        from pipeline.engines.doctor import mode_for

        store = o.cache.parent / "modes.json"
        picked, probed = mode_for(settings, store)
        settings = settings.model_copy(update={"mode": picked})
        how = "probed the endpoint" if probed else f"remembered in {store}"
        notes.append(f"--mode auto uses {picked} ({how}; see 'newsfacts doctor')")
    config = ExtractConfig(
        backend=chosen,  # type: ignore[arg-type]
        llm=settings,
        max_chars=o.max_chars,
        max_records=o.max_records,
        grounding=o.grounding,
        cache_path=None if o.no_cache else o.cache,
        concurrency=o.concurrency,
        workers=o.workers,
    )
    return ExtractPlan(o, config, notes)


def run_extract(plan: ExtractPlan, summary: Summary | None = None) -> Summary:
    """Extract the plan's inputs with its engine; ``summary`` (when given) fills as articles finish.

    Failed articles are counted, not raised: the caller decides what a run
    where nothing succeeded means (the CLI exits 1 naming ``errors_where``).
    """
    o = plan.options
    summary = summary if summary is not None else Summary()
    items = load_articles(o.inputs, published_at=o.published_at, max_chars=o.max_article_chars, dedupe=o.dedupe)
    if o.engine == "ray":
        from pipeline.engines.ray_cluster import run_ray

        assert o.output is not None  # _check refused it
        summary = run_ray(
            items, o.output, plan.config, workers=o.ray_workers, address=o.ray_address,
            resume=o.resume, overwrite=o.overwrite,
        )
    else:
        from pipeline.engines.gc_tuning import tune_for_batch

        tune_for_batch()
        asyncio.run(
            run_batch(
                items, o.output, plan.config,
                resume=o.resume, overwrite=o.overwrite, errors=o.errors, progress=o.progress, summary=summary,
            )
        )
    return summary
