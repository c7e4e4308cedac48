"""Running one job over chunks of a list on every core, in forked worker processes.

Workers are forked, so they inherit everything the parent has read and compiled (the site,
templates, the phrase model) and only results travel back. Forking is safe only in a process
without other threads, so the preview server (which has threads) and platforms without fork
run the job in-process; so do small lists, where starting workers costs more than it saves.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

from sitegen.core import remembered

Item = TypeVar("Item")
Result = TypeVar("Result")

# Below this many items the work is done in-process.
MIN_ITEMS = 150
# More chunks than workers, so a worker that drew easy items takes another chunk.
CHUNKS_PER_WORKER = 4

_job: tuple[Callable[[Sequence[Any]], Any], Sequence[Any], list[range]] | None = None


def worker_count(items: int) -> int:
    """How many processes to use for items; 1 means in-process. SITEGEN_JOBS overrides."""
    wanted = os.environ.get("SITEGEN_JOBS", "")
    jobs = int(wanted) if wanted.isdigit() and int(wanted) > 0 else os.cpu_count() or 1
    if not wanted and items < MIN_ITEMS:
        return 1
    # Windows has no fork (and get_all_start_methods says so); os.fork is checked as well, so
    # a platform or a sandbox that lacks it takes the same in-process path.
    if not hasattr(os, "fork") or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if threading.active_count() > 1:
        return 1
    return max(1, min(jobs, items))


def map_chunks(job: Callable[[Sequence[Item]], Result], items: Sequence[Item]) -> list[Result]:
    """job applied to consecutive chunks of items, results in the items' order."""
    workers = worker_count(len(items))
    if workers == 1:
        # A few items leave few cycles, and collecting would walk every object made since
        # the run paused the collector (0.08 s of a rebuild at 10,000 pages).
        return [_paused(job, items) if len(items) >= MIN_ITEMS else _in_pause(job, items)]
    size = -(-len(items) // (workers * CHUNKS_PER_WORKER))
    chunks = [range(start, min(start + size, len(items))) for start in range(0, len(items), size)]
    global _job
    _job = (job, items, chunks)
    # Objects that exist at the fork are left out of the workers' garbage collection, which
    # would otherwise touch, and so copy, every page of memory they share with the parent.
    gc.freeze()
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = pool.map(_run_chunk, range(len(chunks)), chunksize=1)
        for _, kept in done:
            remembered.take_back(kept)  # what the layer's stores kept in the workers
        return [result for result, _ in done]
    finally:
        gc.unfreeze()
        _job = None


def _run_chunk(index: int) -> tuple[Any, dict[str, Any]]:
    """In a worker: the job on one chunk, read from the state inherited at the fork, and
    what the layer's stores kept meanwhile (sitegen.core.remembered)."""
    assert _job is not None
    job, items, chunks = _job
    return _paused(job, [items[i] for i in chunks[index]]), remembered.hand_back()


def _paused(job: Callable[[Sequence[Item]], Result], chunk: Sequence[Item]) -> Result:
    """job on chunk with the collector paused, then one collection of the youngest
    generation (the chunk's cycles freed).

    A chunk is a batch of short-lived objects: the collector's passes during it only cost
    time (a fifth, in one measurement at 10,000 pages). While it is paused every new object
    stays in the youngest generation, so collecting that one frees the chunk's cycles
    without walking the whole heap: a full collection in the preview, which holds the
    site, or in a test process costs tens of milliseconds a build.
    """
    try:
        with paused():
            return job(chunk)
    finally:
        gc.collect(0)


def _in_pause(job: Callable[[Sequence[Item]], Result], chunk: Sequence[Item]) -> Result:
    """job on chunk with the collector paused, and no collection after it."""
    with paused():
        return job(chunk)


_PAUSES = 0  # pauses in force, in any thread
_WAS_ENABLED = True  # the collector's state before the first of them
_GUARD = threading.Lock()


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The garbage collector paused while inside; it runs again (if it ran before the first
    pause) when the last pause in force ends, whichever thread made it.

    A run pauses it (the pipeline, once): at 10,000 pages its passes over the pages, the
    cache's index and the link memo cost a fifth of a rebuild, and those objects live until
    the run ends anyway. The cycles pages leave behind are freed after each chunk of them
    (map_chunks). The preview and the editor run builds in several threads at once: a
    count, not each pause's own memory of the state, decides when it runs again.
    """
    global _PAUSES, _WAS_ENABLED
    with _GUARD:
        if _PAUSES == 0:
            _WAS_ENABLED = gc.isenabled()
            gc.disable()
        _PAUSES += 1
    try:
        yield
    finally:
        with _GUARD:
            _PAUSES -= 1
            if _PAUSES == 0 and _WAS_ENABLED:
                gc.enable()
