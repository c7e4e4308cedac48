"""A build killed at any moment (SIGKILL to its whole process group) leaves dist/ exactly the
old site or exactly the new one, and the next build makes what a cold build makes.

Deterministic kills at each step of writing and swapping (SITEGEN_CRASH_AT, read by
sitegen.output.crash: the build waits there, the test kills it), and kills at random times. The site is small (tests/sites/growing and a
few generated pages): the whole test stays within seconds of CPU.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sitegen.core.project import Project
from sitegen.output import abandoned
from sitegen.output.crash import SAID
from sitegen.pipeline import build

from conftest import ROOT, copy_project, write_pages

GROWING = ROOT / "tests" / "sites" / "growing"

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="no SIGKILL on Windows")

# Every step the build passes in writing and swapping, in order (":n": the n-th passage).
STEPS = [
    "claimed",  # the spare renamed to this build's staging name, nothing changed yet
    "folders",  # the new pages' folders made
    "settled",  # cached pages already in the spare kept, the others' names freed
    "placed",  # cached pages linked in
    "pruning",  # the first stale file removed
    "pruned",  # stale files and folders removed
    "written",  # assets, sitemap, feeds written
    "swapping",  # the staging folder complete
    "exchanged",  # dist/ is the new site; the old one still under the staging name
    "swapped",  # the old site renamed to the spare
]


def tree(folder: Path) -> dict[str, str]:
    """Every folder and file below folder, files with the SHA-256 of their bytes."""
    found = {}
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        found[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "/"
    return found


class Site:
    """A small project whose content changes a little at each step."""

    def __init__(self, tmp_path: Path):
        self.root = copy_project(GROWING, tmp_path / "site")
        self.pages = write_pages(self.root / "content", 12)
        self.cold = tmp_path / "cold"
        self.version = 0
        (self.root / "build.py").write_bytes((ROOT / "build.py").read_bytes())

    def change(self) -> dict[str, str]:
        """The next version of the content: a page edited, one added, one removed, and every
        third time the stylesheet changed; the tree a cold build makes of it."""
        self.version += 1
        version = self.version
        page = self.pages[version % len(self.pages)]
        page.write_text(page.read_text(encoding="utf-8") + f"\n版{version}の追記。\n", "utf-8")
        extra = self.root / "content" / "guide"
        (extra / f"extra-{version - 1}.md").unlink(missing_ok=True)
        (extra / f"extra-{version}.md").write_text(
            f"---\ntitle: 追加{version}\ndescription: 版{version}のページ\n---\n\n本文{version}。\n",
            encoding="utf-8",
        )
        if version % 3 == 0:  # every page changes with it: most steps keep most pages
            css = self.root / "assets" / "css" / "site.css"
            css.write_text(css.read_text(encoding="utf-8") + f"\n/* {version} */\n", "utf-8")
        build(Project(self.root), self.cold, use_cache=False)
        return tree(self.cold)

    def start(self, crash_at: str = "") -> subprocess.Popen[bytes]:
        """`python build.py` in a process group of its own."""
        env = {**os.environ, "PYTHONPATH": str(ROOT), "SITEGEN_CRASH_AT": crash_at}
        return subprocess.Popen(
            [sys.executable, str(self.root / "build.py")],
            cwd=self.root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )

    def dist(self) -> dict[str, str]:
        return tree(self.root / "dist")


def _kill_at(process: subprocess.Popen[bytes], step: str) -> None:
    """Wait for the build to reach its crash point, then kill its whole process group."""
    assert process.stderr is not None
    said = []
    for line in process.stderr:
        said.append(line.decode("utf-8", "replace"))
        if line.decode().startswith(f"{SAID}: {step}"):
            os.killpg(process.pid, signal.SIGKILL)
            break
    process.communicate(timeout=120)
    assert process.returncode == -signal.SIGKILL, (step, "".join(said))


def _next_build_is_right(site: Site, new: dict[str, str]) -> None:
    build(Project(site.root), site.root / "dist")
    assert site.dist() == new


def _ready(site: Site) -> dict[str, str]:
    """Two builds done (dist/ and a spare), the content changed: the new site's tree."""
    for _ in range(2):
        site.change()
        build(Project(site.root), site.root / "dist")
    assert (site.root / ".dist.spare").is_dir()
    return site.change()


def test_a_build_killed_at_each_step_leaves_the_old_site_or_the_new(tmp_path: Path) -> None:
    site = Site(tmp_path)
    new = _ready(site)
    for step in STEPS:
        old = site.dist()
        assert old != new
        _kill_at(site.start(step), step)
        assert site.dist() in (old, new), step
        if step in ("exchanged", "swapped"):
            assert site.dist() == new, step
        _next_build_is_right(site, new)
        new = site.change()


def test_a_first_build_with_no_spare_killed_while_swapping(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.change()
    build(Project(site.root), site.root / "dist")
    assert not (site.root / ".dist.spare").exists()
    new = site.change()
    for step in ("folders", "placed", "written", "swapping", "exchanged"):
        old = site.dist()
        _kill_at(site.start(step), step)
        assert site.dist() in (old, new), step
        _next_build_is_right(site, new)
        new = site.change()


def test_a_build_killed_at_random_times_leaves_the_old_site_or_the_new(tmp_path: Path) -> None:
    site = Site(tmp_path)
    new = _ready(site)
    started = time.perf_counter()
    first = site.start()
    first.communicate(timeout=120)
    assert first.returncode == 0
    took = time.perf_counter() - started  # a whole build, start-up included
    _next_build_is_right(site, new)
    new = site.change()
    seed = random.randrange(10**6)
    chance = random.Random(seed)
    for _ in range(6):
        old = site.dist()
        process = site.start()
        time.sleep(chance.uniform(0.3, 1.0) * took)
        with contextlib.suppress(ProcessLookupError):  # it may have finished
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate(timeout=120)
        assert site.dist() in (old, new), f"seed {seed}"
        _next_build_is_right(site, new)
        new = site.change()


def test_what_a_killed_build_left_goes_once_nobody_has_touched_it_for_an_hour(
    tmp_path: Path,
) -> None:
    site = Site(tmp_path)
    new = _ready(site)
    _kill_at(site.start("folders"), "folders")
    left = sorted(site.root.glob(".dist.new-*"))
    assert left, "the killed build's work folder"
    # Right after, it may be the folder of a build still running beside this one: kept.
    _next_build_is_right(site, new)
    assert all(folder.is_dir() for folder in left)
    hour_ago = time.time() - abandoned.ABANDONED_AFTER - 60
    for folder in left:
        os.utime(folder, (hour_ago, hour_ago))
    _next_build_is_right(site, site.change())
    assert not any(folder.exists() for folder in left)
    beside = sorted(p.name for p in site.root.iterdir() if p.name.startswith((".dist", "dist")))
    assert beside == [".dist.spare", "dist"]
