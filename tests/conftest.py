"""Shared helpers: sites of the tests' own, builds, parsed pages, and the live-site guard.

Generator tests run against sites under tests/ (tests/sites/flyer/ is a frozen copy of the
flyer site), never against the repository's live content/, templates/ or assets/: editors
change those, and an edit of theirs must never turn a generator test red. The guard below
fails any test that opens a file of the live site, except those in tests/live_site/.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

import leftovers

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent
FIXTURES = TESTS / "fixtures"
# A copy of the printed flyer's text (shared/seed/), the source the flyer site carries word for word.
FLYER = FIXTURES / "flyer.txt"
# The flyer site as it was when the generator and its site were split: the generator's tests
# read it, so it changes only with them (never copied again from the live content/).
FLYER_SITE = TESTS / "sites" / "flyer"
# The site the association publishes: only tests/live_site/ may read it.
LIVE_SITE_TESTS = TESTS / "live_site"
LIVE_FOLDERS = ("content", "models", "templates", "assets")


class LiveSiteGuard:
    """An audit hook that records the live site's files a generator test opens.

    An audit hook cannot be removed and sees every event of the process, so it does
    nothing until a generator test runs (`watching`), and then only compares strings.
    """

    EVENTS = frozenset({"open", "os.listdir", "os.scandir", "subprocess.Popen"})

    def __init__(self, root: Path):
        self.root = str(root)
        self.folders = tuple(os.path.join(self.root, name) for name in LIVE_FOLDERS)
        self.prefixes = tuple(folder + os.sep for folder in self.folders)
        self.build_script = os.path.join(self.root, "build.py")
        self.watching = False
        self.touched: list[str] = []

    def hook(self, event: str, args: tuple[object, ...]) -> None:
        if not self.watching or event not in self.EVENTS:
            return
        if event == "subprocess.Popen":
            self._check_command(args)
        elif event == "open" and _bare_name(args[0]):
            # os.open(name, dir_fd=...) (shutil.rmtree, for one) opens a bare name relative
            # to a folder the event does not show; a live file is never opened that way here.
            return
        else:
            self._check_path(args[0])

    def _check_path(self, path: object) -> str | None:
        if path is None or isinstance(path, int):
            return None  # a file descriptor or the current folder's listing
        try:
            name = os.path.abspath(os.fsdecode(path))
        except TypeError:
            return None
        if name in self.folders or name.startswith(self.prefixes):
            self.touched.append(name)
            return name
        return None

    def _check_command(self, args: tuple[object, ...]) -> None:
        """A build of the live site in another process: `python ROOT/build.py`."""
        _, argv, cwd, _ = args
        words = [argv] if isinstance(argv, str | bytes | os.PathLike) else list(argv or ())
        here = os.path.abspath(os.fsdecode(cwd)) if cwd is not None else os.getcwd()
        for word in words:
            if not isinstance(word, str | bytes | os.PathLike):
                continue
            name = os.path.abspath(os.path.join(here, os.fsdecode(word)))
            if name == self.build_script:
                self.touched.append(name)
            else:
                self._check_path(name)
        self._check_path(here)

    @contextmanager
    def watch(self, enabled: bool = True) -> Iterator[list[str]]:
        """Watch while the block runs; the block gets the list of live files touched in it."""
        touched: list[str] = []
        self.touched, self.watching = touched, enabled
        try:
            yield touched
        finally:
            self.watching = False


def _bare_name(path: object) -> bool:
    """A single relative name (no folder part), such as "assets"."""
    if not isinstance(path, str | bytes | os.PathLike):
        return False
    name = os.fsdecode(path)
    return os.sep not in name and (os.altsep is None or os.altsep not in name)


GUARD = LiveSiteGuard(ROOT)
sys.addaudithook(GUARD.hook)


def _is_live_site_test(path: Path) -> bool:
    return path.is_relative_to(LIVE_SITE_TESTS)


def _guard_message(touched: list[str]) -> str:
    shown = sorted({os.path.relpath(name, ROOT) for name in touched})
    return (
        "a generator test read the live site ("
        + ", ".join(shown[:5])
        + ("…" if len(shown) > 5 else "")
        + "): editors change content/, templates/ and assets/, so generator tests use a site "
        "of their own (the `project` and `shipped` fixtures copy tests/sites/flyer/); only "
        "tests/live_site/ may read the live site"
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "live_site: a test of the association's live site (may read content/)"
    )
    leftovers.install_exit_handlers()
    _keep_hypothesis_out_of_the_project(config)


def _keep_hypothesis_out_of_the_project(config: pytest.Config) -> None:
    """Hypothesis keeps its example database and caches in `.hypothesis/` of the working folder:
    a test run leaves nothing in the project, so they go to a claim of this process (removed
    at the end, or by the next run's sweep), and failing examples are not kept between runs."""
    from hypothesis import settings
    from hypothesis.configuration import set_hypothesis_home_dir

    home = leftovers.claim()
    config.add_cleanup(lambda: leftovers.release(home))
    set_hypothesis_home_dir(home / "hypothesis")
    settings.register_profile("sitegen", database=None)
    settings.load_profile("sitegen")


def pytest_sessionstart(session: pytest.Session) -> None:
    """Servers, PAM services and accounts that an interrupted run left: removed first."""
    removed = leftovers.sweep()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if removed and reporter is not None:
        reporter.write_line(f"removed what an interrupted run left: {', '.join(removed)}")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The browser the tests of this process shared (tests/browser.py) is closed."""
    browser = sys.modules.get("browser")
    if browser is not None:
        browser.close_chromium()


# The longest tests (each a minute or more of a worker's time on a loaded machine: making a
# virtual environment, a deploy cut after every file, a hundred builds compared) start first:
# pytest-xdist hands tests to its workers in this order, and a run must not end waiting on one.
STARTED_FIRST = (
    # A group's tests run on one worker, one after the other: the images site's take a
    # minute together (its full-size photo encoded once, then read by a browser).
    "tests/images/test_images_browser.py::",
    "tests/images/test_images_site.py::",
    "tests/setup/test_bootstrap.py::test_first_run_sets_up_venv",
    "tests/setup/test_project_files.py::test_a_non_editable_install_holds_every_module",
    "tests/incremental/test_page_cache.py::test_a_cached_build_equals_a_cold_build",
    "tests/deploy/test_cut.py::",
    "tests/setup/test_bootstrap.py::test_failed_download_says_in_japanese",
    "tests/end_to_end/test_mistakes.py::test_the_command_line_says_the_same",
    "tests/end_to_end/test_mistakes.py::test_the_preview_shows_each_mistake",
    "tests/incremental/test_page_cache.py::test_a_damaged_bodies_database",
    "tests/end_to_end/test_editing_the_site.py::",
    "tests/pipeline/test_hostile_files.py::test_large_markdown",
    "tests/output/test_kill.py::",
    "tests/editor/test_publish_browser.py::test_sftp_host_key_one_at_a_time",
    "tests/editor/test_photo_browser.py::",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _is_live_site_test(item.path):
            item.add_marker(pytest.mark.live_site)
    items.sort(key=_start_rank)


def _start_rank(item: pytest.Item) -> int:
    """Where STARTED_FIRST places the test (in its order); the others after, as collected."""
    ranks = (n for n, prefix in enumerate(STARTED_FIRST) if item.nodeid.startswith(prefix))
    return next(ranks, len(STARTED_FIRST))


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> Iterator[None]:
    """A test module that reads the live site when imported (a parametrize list) errors."""
    guarded = isinstance(collector, pytest.Module) and not _is_live_site_test(collector.path)
    with GUARD.watch(guarded) as touched:
        report = yield
    if touched and report.passed:
        report.outcome = "failed"
        report.longrepr = _guard_message(touched)
    return report


@contextmanager
def _guarding(item: pytest.Item) -> Iterator[None]:
    with GUARD.watch(item.get_closest_marker("live_site") is None) as touched:
        try:
            yield
        finally:
            if touched:  # even when the test failed too: this is the failure to fix first
                pytest.fail(_guard_message(touched), pytrace=False)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    with _guarding(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    with _guarding(item):
        return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    with _guarding(item):
        return (yield)


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_build(root: Path, *args: str) -> Run:
    """Run `python build.py ARGS` for the project at root, as an editor would."""
    shutil.copy(ROOT / "build.py", root / "build.py") if root != ROOT else None
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(root / "build.py"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    return Run(done.returncode, done.stdout, done.stderr)


def run_inline(root: Path, *args: str) -> Run:
    """`python build.py ARGS` for the project at root, run in this process: the same exit
    code and output, without a new interpreter's start and imports (about 0.4 s of CPU a
    run). For tests of what a command does where how it starts is not the question; the
    editor runs builds and publishes in its own process the same way, many times over."""
    from sitegen.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(root, list(args))
    return Run(code, out.getvalue(), err.getvalue())


def copy_project(source: Path, target: Path) -> Path:
    """A copy of a project's content, templates and assets under target."""
    for name in ("content", "models", "templates", "assets"):
        if (source / name).is_dir():
            shutil.copytree(source / name, target / name)
    return target


def write_pages(content: Path, count: int) -> list[Path]:
    """Write count pages of Japanese prose under content/cases/ (case-00000.md, ...), each
    linking to the next and to the home page; return their paths."""
    folder = content / "cases"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        following = (index + 1) % count
        path = folder / f"case-{index:05d}.md"
        path.write_text(
            f"---\ntitle: 事例{index}\ndescription: 事例{index}の概要です。\n---\n\n"
            f"# 事例{index}: 情報漏えいへの備え\n\n"
            f"医療機関{index}の業務用パソコンが**標的型メール**で\n感染しました。\n\n"
            "## 対応\n\n- 被害状況の把握\n- 原因調査\n\n"
            f"| 項目 | 金額 |\n|---|---|\n| 調査費用 | {index + 1}万円 |\n\n"
            f"詳しくは[事例{following}](../case-{following:05d}/)と"
            "[トップページ](../../)をご覧ください。\n",
            encoding="utf-8",
        )
        paths.append(path)
    return paths


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file below folder with the SHA-256 of its bytes."""
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def soup(path: Path) -> BeautifulSoup:
    """A built page parsed the way a browser would parse it."""
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html5lib")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A private copy of the flyer fixture site (tests/sites/flyer/), free to break."""
    return copy_project(FLYER_SITE, tmp_path / "site")


@pytest.fixture(scope="session")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The flyer fixture site, built once for the whole session; returns its output folder."""
    work = tmp_path_factory.mktemp("shipped")
    root = copy_project(FLYER_SITE, work / "site")
    result = run_build(root, "--out", str(work / "dist"))
    assert result.code == 0, result.err
    return work / "dist"


@pytest.fixture(scope="session")
def home(shipped: Path) -> BeautifulSoup:
    """The flyer fixture site's home page, parsed once (tests read it, never change it)."""
    return soup(shipped / "index.html")


@pytest.fixture(scope="session")
def images_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The full-size images test site (a 6000×4000 photo among others), built once for the
    session: (root, the build's stderr). Tests read it; one removes and remakes its cache."""
    from images_site import images_site

    root = images_site(tmp_path_factory.mktemp("images") / "site")
    result = run_build(root)
    assert result.code == 0, result.err
    return root, result.err


@pytest.fixture(scope="session")
def images_avif_built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small images test site with AVIF asked for (`images: avif: true`), built once."""
    from images_site import images_site

    root = images_site(tmp_path_factory.mktemp("avif") / "site", small=True)
    settings = root / "content" / "site.yml"
    settings.write_text(settings.read_text("utf-8") + "images:\n  avif: true\n", "utf-8")
    result = run_build(root)
    assert result.code == 0, result.err
    assert "W813" not in result.err
    return root
