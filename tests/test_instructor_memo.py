"""instructor's async-validator check, memoized: same verdicts, one walk per class."""

from __future__ import annotations

import instructor
import pytest
from instructor.v2.validation import async_validators
from instructor.v2.validation.async_validators import async_field_validator
from pydantic import BaseModel

from pipeline.backends.llm import instructor_memo as instructor_memo
from pipeline.backends.llm.client import _response_model


class Plain(BaseModel):
    name: str


class WithAsyncValidator(BaseModel):
    name: str

    @async_field_validator("name")
    async def check_name(self, value: str) -> str:
        return value


def test_installs_over_the_check_instructor_calls_on_every_request() -> None:
    # If this fails after an instructor upgrade, the check moved: the memo no longer applies
    # and the client's CPU per article goes back up (see python -m evals.bench).
    assert instructor_memo.install() is True
    from instructor.v2.core import patch as patch_module

    check = async_validators.reject_async_validators
    assert patch_module.reject_async_validators is check
    assert instructor_memo.install() is True
    assert async_validators.reject_async_validators is check, "installing twice wraps once"


def test_a_model_with_async_validators_is_still_refused_every_time() -> None:
    instructor_memo.install()
    for _ in range(2):
        with pytest.raises(ValueError, match="async validators are not supported"):
            async_validators.reject_async_validators(WithAsyncValidator)
        with pytest.raises(ValueError, match="async validators are not supported"):
            async_validators.reject_async_validators(list[WithAsyncValidator])


async def test_a_patched_create_still_refuses_such_a_model_before_any_request() -> None:
    instructor_memo.install()
    sent: list[object] = []

    async def create(**kwargs: object) -> object:
        sent.append(kwargs)
        raise AssertionError("no request may be sent")

    ask = instructor.patch(create=create, mode=instructor.Mode.TOOLS)
    with pytest.raises(ValueError, match="async validators"):
        await ask(response_model=WithAsyncValidator, messages=[{"role": "user", "content": "x"}])
    assert sent == []


def test_each_response_model_is_walked_once() -> None:
    instructor_memo.install()
    original = getattr(async_validators.reject_async_validators, instructor_memo._MARK)
    walks: list[object] = []

    def counting(model: object) -> None:
        walks.append(model)
        original(model)

    fresh = instructor_memo._memoized(counting)
    model = _response_model()
    for _ in range(5):
        fresh(model)
        fresh(Plain)
    assert walks == [model, Plain]
