"""Run instructor's "no async validators" check once per response model, not six times per request.

instructor (1.17) walks the whole response-model tree, every attribute of
every class in every MRO, to refuse models that carry its async validators,
and it does so from about six places on each request (patch, request
preparation twice, parsing, the retry loop). For the extraction schema that
walk costs about 0.2 ms a time, a quarter of the client's CPU per article at
high concurrency: the figure ``python -m evals.bench`` and py-spy showed.

The check is a pure function of the class, so its passing result can be
remembered: a class that passed once passes again. Failures are never
remembered (they raise every time, as before), and anything that is not a
weak-referenceable class goes straight to instructor's check. Classes are
held weakly, so models built at run time are not kept alive.

This reaches into instructor's internals, which is why it is small and
guarded: when the check is not where this expects it (another instructor
version), ``install`` changes nothing and returns False, and the test suite's
``test_instructor_memo`` fails so the next upgrade is looked at.
"""

from __future__ import annotations

import importlib
import weakref
from collections.abc import Callable
from typing import Any, cast

#: Modules that hold their own reference to the check (imported at module level).
_HOLDERS = ("instructor.v2.validation.async_validators", "instructor.v2.core.patch")
_NAME = "reject_async_validators"
#: Attribute of the memoized check that holds instructor's own.
_MARK = "__newsfacts_memo_of__"


def _memoized(check: Callable[[Any], None]) -> Callable[[Any], None]:
    passed: weakref.WeakSet[type] = weakref.WeakSet()

    def reject_async_validators(response_model: Any) -> None:
        if not isinstance(response_model, type):
            check(response_model)
        elif response_model not in passed:
            check(response_model)
            passed.add(response_model)

    setattr(reject_async_validators, _MARK, check)
    reject_async_validators.__doc__ = check.__doc__
    return reject_async_validators


def install() -> bool:
    """Swap instructor's check for its memoized form, once per process; True when it is in place."""
    try:
        modules = [importlib.import_module(name) for name in _HOLDERS]
    except ImportError:
        return False
    checks = [getattr(m, _NAME, None) for m in modules]
    originals = {getattr(c, _MARK, c) for c in checks}
    if None in originals or len(originals) != 1:
        return False  # a layout this module does not know: leave instructor alone
    original = cast(Callable[[Any], None], originals.pop())
    fast = next((c for c in checks if c is not original), None) or _memoized(original)
    for module in modules:
        setattr(module, _NAME, fast)
    return True
