"""The floors under a build of one site: what no rebuild, and no Markdown build, can beat here.

Run by compare.py in a process of its own, on a copy of the site it benchmarks; prints one JSON
object. Each part is timed inside the process (start-up is timed by compare.py, as a whole
process that only imports what a build imports):

- read: reading and hashing (sha256) every source file (content, models, templates, assets);
- layout: laying out an output folder of the built site's files (every folder made, every
  file hard-linked from the previous output, as a cached build does) and swapping it in;
- markdown: Python-Markdown alone converting every page body in content/cases/, with the
  standard extensions we use and with all of ours (CPU seconds, one process).

    python bench/floors.py read|layout|markdown SITE
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("content", "models", "templates", "assets")
# The modules a build imports before it reads anything (compare.py times this whole process).
IMPORTS = (
    "import sitegen.cli, sitegen.commands.build, sitegen.pipeline, "
    "sitegen.incremental.page_cache, sitegen.output.staging"
)


def read(site: Path) -> dict[str, float]:
    started = time.perf_counter()
    count = 0
    for name in SOURCES:
        for folder, _, names in os.walk(site / name):
            for file in names:
                with open(os.path.join(folder, file), "rb") as stream:
                    hashlib.sha256(stream.read()).digest()
                count += 1
    return {"seconds": time.perf_counter() - started, "files": count}


def layout(site: Path) -> dict[str, float]:
    dist = site / "dist"
    new = site / ".dist.floor-new"
    old = site / ".dist.floor-old"
    shutil.rmtree(new, ignore_errors=True)
    started = time.perf_counter()
    count = 0
    top = str(dist)
    for folder, _, names in os.walk(top):
        target = os.path.join(new, os.path.relpath(folder, top))
        os.makedirs(target, exist_ok=True)
        for file in names:
            os.link(os.path.join(folder, file), os.path.join(target, file))
            count += 1
    os.replace(dist, old)
    os.replace(new, dist)
    seconds = time.perf_counter() - started
    shutil.rmtree(old)
    return {"seconds": seconds, "files": count}


def markdown(site: Path) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    import markdown as python_markdown

    from sitegen.render.page_body import BodyConverter
    from sitegen.source.frontmatter import split

    bodies = []
    for path in sorted((site / "content" / "cases").glob("*.md")):
        parts = split(path.read_text(encoding="utf-8"))
        assert parts is not None
        bodies.append(parts.body)
    plain = python_markdown.Markdown(
        extensions=["tables", "fenced_code", "sane_lists", "attr_list"], output_format="html"
    )
    started = time.process_time()
    for body in bodies:
        plain.reset()
        plain.convert(body)
    standard = time.process_time() - started
    ours = BodyConverter({}, "/")
    started = time.process_time()
    for body in bodies:
        ours.md.reset()
        ours.md.convert(body)
    extended = time.process_time() - started
    return {"pages": len(bodies), "standard_cpu": standard, "ours_cpu": extended}


if __name__ == "__main__":
    kind, where = sys.argv[1], Path(sys.argv[2])
    print(json.dumps({"read": read, "layout": layout, "markdown": markdown}[kind](where)))
