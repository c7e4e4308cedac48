"""Results a layer may keep between runs, without the stage that makes them knowing it.

A stage marks a function whose result depends on its arguments alone (`pure`); while the
incremental layer (sitegen/incremental/) lends a store for its kind (`keeping`), the store
answers the calls, from what an earlier run kept or by calling the function. Outside that,
the function simply runs. Forked workers inherit the store of the process that forked them.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

Result = TypeVar("Result")


class Store(Protocol):
    def __call__(self, compute: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...


_STORES: contextvars.ContextVar[dict[str, Store] | None] = contextvars.ContextVar(
    "stores", default=None
)


def pure(kind: str) -> Callable[[Callable[..., Result]], Callable[..., Result]]:
    """Mark a function whose results a layer may keep, under kind."""

    def mark(function: Callable[..., Result]) -> Callable[..., Result]:
        @functools.wraps(function)
        def answered(*args: Any, **kwargs: Any) -> Result:
            store = (_STORES.get() or {}).get(kind)
            if store is None:
                return function(*args, **kwargs)
            result: Result = store(function, *args, **kwargs)
            return result

        return answered

    return mark


@contextlib.contextmanager
def keeping(kind: str, store: Store | None) -> Iterator[None]:
    """While inside, store answers the calls of the functions marked kind (None: none)."""
    if store is None:
        yield
        return
    token = _STORES.set({**(_STORES.get() or {}), kind: store})
    try:
        yield
    finally:
        _STORES.reset(token)
