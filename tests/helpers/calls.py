"""Calls to a method recorded on their way through (the method still runs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest


def record_calls(monkeypatch: pytest.MonkeyPatch, owner: object, name: str,
                 keep: Callable[..., Any] = lambda *args, **kwargs: args) -> list[Any]:
    """The list that `keep(*args, **kwargs)` of each call to `owner.name` is appended to
    (for a method of a class, `args[0]` is the instance); the method then runs as it was."""
    original = getattr(owner, name)
    calls: list[Any] = []

    def recording(*args: Any, **kwargs: Any) -> Any:
        calls.append(keep(*args, **kwargs))
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, recording)
    return calls
