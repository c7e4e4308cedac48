"""Save-to-reload of the preview server, for the shipped site and with 1,000 extra pages.

Runs the real pieces in one process: the watcher, the rebuild, the HTTP server and a client
long-polling it as the page's reload script does. For each save it prints the time from the
write to the new file on disk ("written") and to the reload notice reaching the client
("reload"). A script, not a test: figures vary with the machine.

    python bench/preview_rebuild.py [--pages 0 1000] [--saves 7]
"""

from __future__ import annotations

import argparse
import http.client
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import write_pages  # noqa: E402

from sitegen.core.project import Project  # noqa: E402
from sitegen.pipeline import build  # noqa: E402
from sitegen.preview.reload import RELOAD_PATH  # noqa: E402
from sitegen.preview.server import listen  # noqa: E402
from sitegen.preview.site_app import PreviewSite  # noqa: E402
from sitegen.preview.state import Preview  # noqa: E402
from sitegen.preview.watcher import Watcher  # noqa: E402


def make_project(work: Path, extra_pages: int) -> tuple[Project, Path]:
    """A copy of the shipped project with extra pages; the page the benchmark edits."""
    for name in ("content", "models", "templates", "assets"):
        shutil.copytree(ROOT / name, work / name)
    pages = write_pages(work / "content", extra_pages) if extra_pages else []
    edited = pages[len(pages) // 2] if pages else work / "content" / "index.md"
    return Project(work), edited


def wait_for_reload(port: int, since: int, done: dict[str, float]) -> None:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request("GET", f"{RELOAD_PATH}?since={since}")
    json.loads(connection.getresponse().read())
    done["reload"] = time.perf_counter()
    connection.close()


def measure(extra_pages: int, saves: int) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        project, edited = make_project(work / "site", extra_pages)
        started = time.perf_counter()
        result = build(project, work / "dist")
        full_ms = (time.perf_counter() - started) * 1000
        preview = Preview(project, work / "preview")
        server = listen(PreviewSite(preview), "127.0.0.1", 0)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        watcher = Watcher(project.sources, preview.rebuild)
        watcher.start()
        preview.rebuild()
        output = next(p.output for p in preview.builder.state.site.pages if p.source == edited)  # type: ignore[union-attr]
        target = preview.out / output
        written, reloaded = [], []
        original = edited.read_text(encoding="utf-8")
        for save in range(saves):
            marker = f"保存{save}回目"
            done: dict[str, float] = {}
            client = threading.Thread(
                target=wait_for_reload, args=(server.port, preview.epoch, done)
            )
            client.start()
            time.sleep(0.3)  # the client is waiting, as an open tab is
            t0 = time.perf_counter()
            edited.write_text(original + f"\n\n{marker}\n", encoding="utf-8")
            while marker not in target.read_text(encoding="utf-8"):
                time.sleep(0.002)
            written.append((time.perf_counter() - t0) * 1000)
            client.join(30)
            reloaded.append((done["reload"] - t0) * 1000)
            time.sleep(0.2)
        watcher.stop()
        preview.close()
        server.shutdown()
        server.server_close()
        return {
            "pages": result.pages,
            "full_ms": full_ms,
            "written": written,
            "reload": reloaded,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, nargs="+", default=[0, 1000], help="extra pages")
    parser.add_argument("--saves", type=int, default=7)
    args = parser.parse_args()
    print(
        "| site pages | full build (ms) | save→written median (ms) | save→reload median (ms) | max reload (ms) |"
    )
    print("|---:|---:|---:|---:|---:|")
    for extra in args.pages:
        figures = measure(extra, args.saves)
        print(
            f"| {figures['pages']} | {figures['full_ms']:.0f} "
            f"| {statistics.median(figures['written']):.0f} "
            f"| {statistics.median(figures['reload']):.0f} "
            f"| {max(figures['reload']):.0f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
