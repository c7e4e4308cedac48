"""Audit the built site as the strictest reviewers would, and fail below the bars.

Builds the site, serves it on 127.0.0.1 (compressed, with the headers the hosting files ask
for), then for every page runs the Nu Html Checker, axe-core (WCAG 2.2 AA) in headless
Chromium, Lighthouse in mobile and desktop modes, and the budgets: no JavaScript, no request
to another origin, the top page within 14 KB compressed, no layout shift. Prints a table per
page; exits 1 if any bar is missed.

    (cd audit && npm ci) && python audit/run.py [--out audit/report.md]
    python audit/run.py --project PATH [--min-performance 90] [--runs 1]   # another site's folder

PATH is the folder of the site to audit (content/, templates/, ...): the repository's own site by
default, or a test site such as tests/sites/growing. A site whose url has a path (/cyber/) is
served under it, as its host would serve it.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import http.server
import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from sitegen.core.project import Project  # noqa: E402
from sitegen.pipeline import build  # noqa: E402
from sitegen.source.site import load_site  # noqa: E402

from browser import CHROMIUM, CHROMIUM_ARGS, chromium, static_server  # noqa: E402

MODULES = HERE / "node_modules"
VNU = MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE = MODULES / ".bin" / "lighthouse"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Lighthouse's timings swing from run to run on a shared 2-core machine: a blank page's Total
# Blocking Time ranges 0-120 ms here, enough to take a score from 100 to 98. Like Lighthouse
# CI's default assertion ("optimistic" aggregation) we judge the best of several runs; the
# table shows every run's performance score too, so a real regression still shows.
RUNS = 7
ATTEMPTS = 5
# Messages of the Nu Html Checker that are wrong about current CSS: its CSS checker predates
# these properties (CSS Containment 2, in every current browser). They are printed, not counted.
VALIDATOR_GAPS = ("Property “contain-intrinsic-size” doesn't exist",)
TOP_PAGE_BUDGET = 14 * 1024


@dataclass
class PageReport:
    path: str
    validator_errors: int = 0
    axe_violations: list[str] = field(default_factory=list)
    lighthouse: dict[str, dict[str, int]] = field(default_factory=dict)
    performance_runs: dict[str, list[int]] = field(default_factory=dict)
    scripts: int = 0
    other_origins: list[str] = field(default_factory=list)
    layout_shift: float = 0.0
    compressed_bytes: int = 0
    failures: list[str] = field(default_factory=list)


# --- serving -------------------------------------------------------------------------------


def _headers_for(folder: Path) -> dict[str, str]:
    """The headers _headers asks hosts to send for every page."""
    headers: dict[str, str] = {}
    block = (folder / "_headers").read_text(encoding="utf-8").split("\n\n")[0]
    for line in block.splitlines()[1:]:
        name, _, value = line.strip().partition(": ")
        headers[name] = value
    return headers


@contextlib.contextmanager
def serve(folder: Path, root: Path | None = None) -> Iterator[str]:
    """root (the site's folder, or a folder above it when the site lives under a base path
    such as /cyber/) on a free loopback port, gzip-compressed, with the site's headers."""
    root = root or folder
    extra = _headers_for(folder)
    extra.pop("Strict-Transport-Security", None)
    # Upgrading would send the audit's plain-http loopback requests to https.
    policy = extra["Content-Security-Policy"]
    extra["Content-Security-Policy"] = policy.replace("; upgrade-insecure-requests", "")

    class Handler(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

        def send_head(self):  # type: ignore[override]
            path = Path(self.translate_path(self.path))
            if path.is_dir():
                path = path / "index.html"
            status = 200 if path.is_file() else 404
            if status == 404:
                path = folder / "404.html"
            body = path.read_bytes()
            kind = self.guess_type(str(path))
            compress = "gzip" in self.headers.get("Accept-Encoding", "") and kind.startswith(
                ("text/", "image/svg")
            )
            if compress:
                body = gzip.compress(body, 9)
            self.send_response(status)
            charset = "; charset=utf-8" if kind.startswith("text/") else ""
            self.send_header("Content-Type", kind + charset)
            self.send_header("Content-Length", str(len(body)))
            if compress:
                self.send_header("Content-Encoding", "gzip")
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            return io.BytesIO(body)

    with static_server(root, Handler) as url:
        yield url


# --- the tools -----------------------------------------------------------------------------


def validate(folder: Path, pages: list[str]) -> dict[str, list[str]]:
    """Nu Html Checker errors by page."""
    files = [str(folder / page) for page in pages]
    done = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(done.stderr or done.stdout or '{"messages": []}')["messages"]
    errors: dict[str, list[str]] = {page: [] for page in pages}
    for item in messages:
        if item.get("type") != "error":
            continue
        if any(gap in item["message"] for gap in VALIDATOR_GAPS):
            print(f"validator (known gap, not counted): {item['message']}")
            continue
        page = Path(item["url"].removeprefix("file:")).relative_to(folder).as_posix()
        errors.setdefault(page, []).append(f"{item.get('lastLine', '?')}: {item['message']}")
    return errors


def browser_checks(url: str, report: PageReport, browser) -> None:
    """axe-core violations and the budgets, in a real Chromium page."""
    context = browser.new_context(bypass_csp=True)  # so that axe can be injected
    page = context.new_page()
    requests: list[tuple[str, str]] = []
    page.on("request", lambda r: requests.append((r.url, r.resource_type)))
    page.add_init_script(
        "window.__shift = 0; new PerformanceObserver(l => { for (const e of l.getEntries())"
        " if (!e.hadRecentInput) window.__shift += e.value; })"
        ".observe({type: 'layout-shift', buffered: true});"
    )
    page.goto(url, wait_until="networkidle")
    origin = url.split("/", 3)[:3]
    report.other_origins = [
        u for u, _ in requests if u.split("/", 3)[:3] != origin and not u.startswith("data:")
    ]
    report.scripts = page.evaluate(
        "[...document.scripts].filter(s => s.type !== 'application/ld+json').length"
    ) + sum(1 for _, kind in requests if kind == "script")
    page.wait_for_timeout(500)
    report.layout_shift = page.evaluate("window.__shift")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    report.axe_violations = [
        f"{v['id']} ({len(v['nodes'])}): {v['help']}" for v in result["violations"]
    ]
    context.close()


def lighthouse(url: str, preset: str, runs: int = RUNS) -> tuple[dict[str, int], list[int]]:
    """Best Lighthouse category scores (0-100) of several runs, and each run's performance."""
    results = [lighthouse_once(url, preset) for _ in range(runs)]
    best = {name: max(r[name] for r in results) for name in CATEGORIES}
    return best, [r["performance"] for r in results]


def lighthouse_once(url: str, preset: str) -> dict[str, int]:
    """Lighthouse category scores (0-100) for url in mobile or desktop mode."""
    with tempfile.TemporaryDirectory() as work:
        output = Path(work) / "report.json"
        flags = " ".join([*CHROMIUM_ARGS, f"--user-data-dir={work}/profile"])
        command = [
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={output}",
            "--quiet",
            f"--chrome-flags={flags}",
            f"--only-categories={','.join(CATEGORIES)}",
        ]
        if preset == "desktop":
            command.append("--preset=desktop")
        # Lighthouse ends Chromium with SIGKILL, which leaves its singleton folder in the
        # temporary folder: keep that inside ours, removed with it.
        env = {**os.environ, "CHROME_PATH": CHROMIUM, "TMPDIR": work}
        # Chromium sometimes fails to record the trace (NO_NAVSTART) on a loaded machine:
        # about one run in ten here. Try again.
        for _attempt in range(ATTEMPTS):
            done = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env)
            if done.returncode == 0 and output.exists():
                break
            print(f"lighthouse failed, retrying: {done.stderr.strip()[-300:]}", file=sys.stderr)
        else:
            raise RuntimeError(
                f"lighthouse failed {ATTEMPTS} times on {url}: {done.stderr[-1000:]}"
            )
        data = json.loads(output.read_text(encoding="utf-8"))
    return {name: round((data["categories"][name]["score"] or 0) * 100) for name in CATEGORIES}


# --- the audit -----------------------------------------------------------------------------


def audit(folder: Path, root: Path | None = None, runs: int = RUNS) -> list[PageReport]:
    """Audit every page of the built site in folder, served from root (folder by default)."""
    root = root or folder
    prefix = "" if root == folder else folder.relative_to(root).as_posix() + "/"
    pages = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.html"))
    reports = {page: PageReport(page) for page in pages}
    for page, errors in validate(folder, pages).items():
        reports[page].validator_errors = len(errors)
        reports[page].failures += [f"validator: {e}" for e in errors]
    with serve(folder, root) as base, chromium() as browser:
        for page in pages:
            report = reports[page]
            url = f"{base}/{prefix}{page}"
            browser_checks(url, report, browser)
            for preset in ("mobile", "desktop"):
                report.lighthouse[preset], report.performance_runs[preset] = lighthouse(
                    url, preset, runs
                )
    top = folder / "index.html"
    reports["index.html"].compressed_bytes = len(gzip.compress(top.read_bytes(), 9))
    return list(reports.values())


def judge(report: PageReport, min_performance: int = 100) -> None:
    """Add a failure for every bar the page misses.

    min_performance lowers the mobile performance bar only (a site of large photos, such as
    the images test site, is held to 90, as its issue asks); every other score must be 100.
    """
    report.failures += [f"axe: {v}" for v in report.axe_violations]
    for preset, scores in report.lighthouse.items():
        for name, score in scores.items():
            bar = min_performance if (preset, name) == ("mobile", "performance") else 100
            if score < bar:
                report.failures.append(f"lighthouse {preset} {name}: {score}")
    if report.scripts:
        report.failures.append(f"budget: {report.scripts} script(s)")
    report.failures += [f"budget: request to {u}" for u in report.other_origins]
    if report.layout_shift > 0:
        report.failures.append(f"budget: layout shift {report.layout_shift:.4f}")
    if report.compressed_bytes > TOP_PAGE_BUDGET:
        report.failures.append(
            f"budget: top page {report.compressed_bytes} B > {TOP_PAGE_BUDGET} B"
        )


def table(reports: list[PageReport]) -> str:
    head = (
        "| page | validator errors | axe violations | LH mobile (perf/a11y/bp/seo) "
        "| LH desktop (perf/a11y/bp/seo) | perf per run (mobile; desktop) | scripts "
        "| other origins | CLS | HTML+CSS gzip |"
    )
    lines = [head, "|---|---:|---:|---|---|---|---:|---:|---:|---:|"]
    for r in reports:
        scores = {
            p: "/".join(str(s) for s in r.lighthouse.get(p, {}).values())
            for p in ("mobile", "desktop")
        }
        size = f"{r.compressed_bytes:,} B" if r.compressed_bytes else "-"
        runs = "; ".join(
            ",".join(map(str, r.performance_runs.get(p, []))) for p in ("mobile", "desktop")
        )
        lines.append(
            f"| {r.path} | {r.validator_errors} | {len(r.axe_violations)} | {scores['mobile']} "
            f"| {scores['desktop']} | {runs} | {r.scripts} | {len(r.other_origins)} "
            f"| {r.layout_shift:g} | {size} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="also write the table to this file")
    parser.add_argument(
        "--project",
        type=Path,
        default=ROOT,
        help="the site folder to build and audit (content/, templates/, ...); default: this one",
    )
    parser.add_argument(
        "--min-performance",
        type=int,
        default=100,
        help="the lowest mobile Lighthouse performance score accepted (default 100)",
    )
    parser.add_argument(
        "--runs", type=int, default=RUNS, help=f"Lighthouse runs per page (default {RUNS})"
    )
    args = parser.parse_args()
    if not (args.project / "content").is_dir():
        print(f"no content/ folder in {args.project}: give the folder of a site")
        return 2
    missing = [p for p in (VNU, AXE, LIGHTHOUSE) if not p.exists()]
    if missing:
        print(f"missing audit tools ({', '.join(map(str, missing))}): run (cd audit && npm ci)")
        return 2
    project = Project(args.project.resolve())
    base_path = load_site(project).base_path
    with tempfile.TemporaryDirectory() as work:
        # Served where the host would serve it: under its base path (/cyber/), if it has one.
        root = Path(work) / "host"
        folder = root / base_path.strip("/") if base_path != "/" else root
        build(project, folder)
        reports = audit(folder, root, args.runs)
        for report in reports:
            judge(report, args.min_performance)
    text = table(reports)
    print(text)
    failures = [f"{r.path}: {f}" for r in reports for f in r.failures]
    for failure in failures:
        print("FAIL", failure)
    if args.out:
        args.out.write_text(text + "\n", encoding="utf-8")
    print("audit: all bars met" if not failures else f"audit: {len(failures)} bar(s) missed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
