"""Render an evaluation for people (Markdown) and machines (JSON).

The Markdown is what ``newsfacts eval`` prints and what a CI job pastes into
its summary, so it leads with the per-type table and keeps long lists short
when asked (``max_items``); the JSON is the full ``Evaluation`` model.
"""

from __future__ import annotations

from evals.score_models import TYPES, Counts, EvalReport, Evaluation, Unmatched


def _num(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _counts_row(label: str, c: Counts) -> str:
    return (
        f"| {label} | {c.tp + c.fn} | {c.tp + c.fp} | {c.tp} | {c.fp} | {c.fn} "
        f"| {_num(c.precision)} | {_num(c.recall)} | {_num(c.f1)} |"
    )


def _type_table(report: EvalReport) -> list[str]:
    lines = [
        "| type | gold | predicted | TP | FP | FN | P | R | F1 |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [_counts_row(k, report.types[k]) for k in TYPES]
    lines.append(_counts_row("**overall**", report.overall))
    return lines


def _field_table(report: EvalReport) -> list[str]:
    lines = [
        "## Field accuracy (matched pairs)",
        "",
        "| type | field | correct | matched | accuracy |",
        "|---|---|---:|---:|---:|",
    ]
    for kind, fields in report.fields.items():
        lines += [
            f"| {kind} | {name} | {fs.correct} | {fs.total} | {_num(fs.accuracy)} |"
            for name, fs in fields.items()
        ]
    return lines


def _group_tables(evaluation: Evaluation) -> list[str]:
    lines: list[str] = []
    for key, rows in evaluation.groups.items():
        lines += [
            f"## Per {key} (F1)",
            "",
            f"| {key} | articles | " + " | ".join(TYPES) + " | overall |",
            "|---|---:|" + "---:|" * (len(TYPES) + 1),
        ]
        lines += [
            f"| {g.group} | {g.articles} | " + " | ".join(_num(g.types[k].f1) for k in TYPES) + f" | {_num(g.overall.f1)} |"
            for g in rows
        ]
        lines.append("")
    return lines[:-1]


def _article_table(report: EvalReport) -> list[str]:
    lines = [
        "## Per article (F1; TP/FP/FN overall)",
        "",
        "| article | status | " + " | ".join(TYPES) + " | TP | FP | FN | F1 |",
        "|---|---|" + "---:|" * (len(TYPES) + 4),
    ]
    for a in report.articles:
        per_type = " | ".join(_num(a.types[k].f1) for k in TYPES)
        o = a.overall
        lines.append(
            f"| {a.article_id} | {a.status} | {per_type} | {o.tp} | {o.fp} | {o.fn} | {_num(o.f1)} |"
        )
    return lines


def _item(u: Unmatched) -> str:
    return (
        f"- {u.article_id} {u.record_type} {u.record_id}: {u.description} (closest {u.best_similarity:.3f})"
    )


def _listing(title: str, items: list[Unmatched], max_items: int | None) -> list[str]:
    if not items:
        return []
    shown = items if max_items is None else items[:max_items]
    lines = [f"## {title} ({len(items)})", "", *(_item(u) for u in shown)]
    if len(shown) < len(items):
        lines.append(f"- \u2026 and {len(items) - len(shown)} more (see --json or --markdown)")
    return lines


def _missed_in_scored(report: EvalReport) -> list[Unmatched]:
    """Missed records of scored articles; a missing article's records would only repeat its absence."""
    missing = set(report.missing_articles)
    return [u for u in report.unmatched if u.side == "missed" and u.article_id not in missing]


def _articles_note(title: str, ids: list[str]) -> list[str]:
    return [f"## {title} ({len(ids)})", "", *(f"- {i}" for i in ids)] if ids else []


def _compare_table(evaluation: Evaluation) -> list[str]:
    if evaluation.compare is None:
        return []
    rows = evaluation.compare.f1
    lines = [
        f"## Compared with {evaluation.compare.predictions}",
        "",
        "| type | F1 (this) | F1 (other) | \u0394 (other \u2212 this) |",
        "|---|---:|---:|---:|",
    ]
    lines += [f"| {k} | {r.primary:.3f} | {r.other:.3f} | {r.delta:+.3f} |" for k, r in rows.items()]
    return lines


def render_markdown(evaluation: Evaluation, max_items: int | None = None) -> str:
    """The human summary: tables of scores, then what was missed or invented.

    Args:
        evaluation: The scored file (and optional comparison).
        max_items: Show at most this many missed and invented records each;
            None shows all of them.
    """
    report = evaluation.report
    g = report.grounding
    scored = sum(a.status == "scored" for a in report.articles)
    sections = [
        [
            f"# Evaluation of {evaluation.predictions} against {evaluation.gold}",
            "",
            f"Match threshold {report.threshold:.2f}; {scored} of {len(report.articles)} gold articles scored.",
            "",
            *_type_table(report),
            "",
            f"Grounding: {g.grounded} of {g.spans} predicted spans match their text ({_num(g.rate)}).",
            "",
            f"Extraction's checks, {report.attribution.text()}.",
        ],
        _compare_table(evaluation),
        _field_table(report),
        _group_tables(evaluation),
        _article_table(report),
        _listing("Missed (in gold, not predicted)", _missed_in_scored(report), max_items),
        _listing(
            "Invented (predicted, not in gold)",
            [u for u in report.unmatched if u.side == "invented"],
            max_items,
        ),
        _articles_note(
            "Missing articles (gold, no prediction; all their records count as missed, listed in --json)",
            report.missing_articles,
        ),
        _articles_note("Unscored articles (prediction, no gold)", report.unscored_articles),
        _articles_note("Warnings", report.warnings),
    ]
    return "\n\n".join("\n".join(s) for s in sections if s) + "\n"


def render_json(evaluation: Evaluation) -> str:
    """The full evaluation as indented JSON (computed scores included)."""
    return evaluation.model_dump_json(indent=2) + "\n"
