"""Which sections (`content/sections/`) a page of the preview shows, read from its templates.

A page shows a section where one of its templates names it (`sections.damages`,
`sections["damages"]`): its own template, those it extends, includes and imports, read in
the order the page shows them (a block a child template fills is read where its parent
places it; what `<head>` reads, such as JSON-LD, comes last). A template that uses
`sections` some other way (a loop over all of them) shows every section.

Read from the templates rather than recorded while rendering: the build records that a
page read `sections`, not which (its cache needs no more), and the templates say it with no
cost to the build.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

from jinja2 import Environment, TemplateError, nodes

from sitegen.preview.state import Preview
from sitegen.source.sections import Section

SECTIONS = "sections"
SHARED = "shared"
_HEAD_OPENS = re.compile(r"<head[\s>]", re.IGNORECASE)
_HEAD_CLOSES = re.compile(r"</head\s*>", re.IGNORECASE)


class ShownSections:
    """The sections each page of a preview shows, kept until the next build."""

    def __init__(self, preview: Preview):
        self.preview = preview
        self._kept: dict[str, list[str]] = {}
        self._epoch = -1
        self._lock = threading.Lock()

    def of_address(self, address: str) -> list[Section]:
        """The sections the page at address (`/about/`, base path included) shows, in order."""
        state = self.preview.builder.state
        if state is None:
            return []
        if address.endswith("/index.html"):
            address = address[: -len("index.html")]
        wanted = {address, address + "/"}
        page = next((p for p in state.site.all_pages if p.url in wanted), None)
        if page is None:
            return []
        sections = state.site.sections
        with self._lock:
            if self._epoch != self.preview.epoch:
                self._kept, self._epoch = {}, self.preview.epoch
            if page.template not in self._kept:
                self._kept[page.template] = sections_named(state.env, page.template, [*sections])
            names = self._kept[page.template]
        return [sections[name] for name in names if name in sections]


def sections_named(env: Environment, template: str, known: Sequence[str]) -> list[str]:
    """The names of known sections that template (with its parents and parts) shows."""
    reader = _Reader(env, set(known))
    reader.template(template, {})
    if reader.everything:
        return list(known)
    return reader.shown + [name for name in reader.in_head if name not in reader.shown]


class _Reader:
    """A walk over templates, in the order their output is made, noting section names."""

    def __init__(self, env: Environment, known: set[str]):
        self.env = env
        self.known = known
        self.shown: list[str] = []
        self.in_head: list[str] = []
        self.everything = False
        self._head = False
        self._open: set[str] = set()  # templates being read: a loop of includes ends

    def template(self, name: str, blocks: dict[str, nodes.Block]) -> None:
        """Read template name, with blocks (filled by templates extending it) in their place."""
        if name in self._open:
            return
        self._open.add(name)
        try:
            tree = _parse(self.env, name)
            parent = next(tree.find_all(nodes.Extends), None) if tree else None
            if parent is not None and isinstance(parent.template, nodes.Const):
                # The most derived template's blocks win: theirs over this one's.
                own = {block.name: block for block in tree.find_all(nodes.Block)}  # type: ignore[union-attr]
                self.template(str(parent.template.value), {**own, **blocks})
            elif tree is not None:
                self.node(tree, blocks)
        finally:
            self._open.discard(name)

    def node(self, node: nodes.Node, blocks: dict[str, nodes.Block]) -> None:
        for child in node.iter_child_nodes():
            if isinstance(child, nodes.Block) and child.name in blocks:
                self.node(blocks[child.name], blocks)
            elif isinstance(child, nodes.Include | nodes.Import | nodes.FromImport):
                if isinstance(child.template, nodes.Const):
                    self.template(str(child.template.value), {})
            elif _shared_partial(child):
                self.template(child.args[0].value, {})  # type: ignore[attr-defined]
            elif isinstance(child, nodes.TemplateData):
                self._note_head(child.data)
            elif not self._named(child):
                self.node(child, blocks)

    def _named(self, node: nodes.Node) -> bool:
        """Note a use of `sections` in node; whether node was one."""
        if isinstance(node, nodes.Getattr) and _is_sections(node.node):
            self._note(node.attr)
            return True
        if isinstance(node, nodes.Getitem) and _is_sections(node.node):
            arg = node.arg
            self._note(arg.value if isinstance(arg, nodes.Const) else None)
            return True
        if _is_sections(node):
            self.everything = True
            return True
        return False

    def _note(self, name: object) -> None:
        if not isinstance(name, str) or name not in self.known:
            self.everything = True  # `sections.values()`, `sections[name]`: any of them
            return
        found = self.in_head if self._head else self.shown
        if name not in found:
            found.append(name)

    def _note_head(self, data: str) -> None:
        if _HEAD_CLOSES.search(data):
            self._head = False
        elif _HEAD_OPENS.search(data):
            self._head = True


def _shared_partial(node: nodes.Node) -> bool:
    """Whether node is `shared("partials/footer.html")`, a partial rendered once per build
    (sitegen/render/templating.py), which shows what it reads as an include does."""
    return (
        isinstance(node, nodes.Call)
        and isinstance(node.node, nodes.Name)
        and node.node.name == SHARED
        and len(node.args) == 1
        and isinstance(node.args[0], nodes.Const)
        and isinstance(node.args[0].value, str)
    )


def _is_sections(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Name) and node.name == SECTIONS and node.ctx == "load"


def _parse(env: Environment, name: str) -> nodes.Template | None:
    """The syntax tree of template name; None if it is missing or does not parse (the build
    reports that)."""
    if env.loader is None:
        return None
    try:
        source, filename, _ = env.loader.get_source(env, name)
        return env.parse(source, name, filename)
    except (TemplateError, OSError):
        return None
