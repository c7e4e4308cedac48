"""Results a layer may keep between runs, without the stage that makes them knowing it.

A stage marks a function whose result depends on its arguments alone (`pure`); while the
incremental layer (sitegen/incremental/) lends a store for its kind (`keeping`), the store
answers the calls, from what an earlier run kept or by calling the function. Outside that,
the function simply runs. A stage may also tell the layer of an output it made (`tell`: a
page written), which the layer's store of that kind may keep; outside a layer, nothing.

Forked workers inherit the stores of the process that forked them (a fork copies it);
what a store kept in a worker comes back to the parent's store with the worker's results
(`hand_back` in the worker, `take_back` in the parent: sitegen.core.workers).
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


class Listener(Protocol):
    def __call__(self, *args: Any) -> None: ...


_STORES: contextvars.ContextVar[dict[str, Any] | None] = contextvars.ContextVar(
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
def keeping(kind: str, store: Store | Listener | None) -> Iterator[None]:
    """While inside, store answers the calls of the functions marked kind (None: none)."""
    if store is None:
        yield
        return
    token = _STORES.set({**(_STORES.get() or {}), kind: store})
    try:
        yield
    finally:
        _STORES.reset(token)


def tell(kind: str, *args: Any) -> None:
    """Tell the store lent for kind (keeping) of an output just made; outside a layer,
    nothing happens."""
    store = (_STORES.get() or {}).get(kind)
    if store is not None:
        store(*args)


def hand_back() -> dict[str, Any]:
    """In a forked worker, after a chunk of work: what each lent store kept there, by kind,
    for the parent's store (a store without `hand_back` keeps nothing to send)."""
    stores = _STORES.get() or {}
    return {k: s.hand_back() for k, s in stores.items() if hasattr(s, "hand_back")}


def take_back(kept: dict[str, Any]) -> None:
    """In the parent: what its workers' stores handed back, given to its own stores."""
    stores = _STORES.get() or {}
    for kind, value in kept.items():
        if kind in stores:
            stores[kind].take_back(value)
