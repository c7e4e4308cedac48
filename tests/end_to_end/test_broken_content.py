"""A corpus of editors' mistakes: each one its own clear message, at its file and line.

Every case breaks a copy of the shipped content in one way, then asserts what an editor sees:
exit code 1, the file and line in the message, the message code, no traceback, and the last
good dist/ left byte for byte as it was.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.build.pipeline import build
from sitegen.core.project import Project

from conftest import run_build, tree_digest


@dataclass(frozen=True)
class Mistake:
    file: str
    old: str
    new: str
    code: str
    # The line the message must name: a number, a text standing at the start of that line,
    # or None for the line where `new` begins.
    line: int | str | None = None
    encoding: str = "utf-8"
    setup: tuple[tuple[str, str], ...] = ()

    def apply(self, root: Path) -> int:
        for relative, text in self.setup:
            (root / relative).parent.mkdir(parents=True, exist_ok=True)
            (root / relative).write_text(text, encoding="utf-8")
        path = root / self.file
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        assert self.old in text, (self.file, self.old)
        changed = text.replace(self.old, self.new, 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(changed.encode(self.encoding))
        if isinstance(self.line, int):
            return self.line
        old_lines = set(self.old.split("\n"))
        anchor = self.line or next(
            line for line in self.new.split("\n") if line.strip() and line not in old_lines
        )
        return changed[: changed.index(anchor)].count("\n") + 1


SITE, INDEX = "content/site.yml", "content/index.md"
CONTACTS = "content/sections/contacts/1-association.md"
INSURER = "content/sections/contacts/2-insurer.md"
INCIDENT, CHART = "content/sections/incident.md", "content/data/chart.yml"
DAMAGES = "content/sections/damages/index.md"
CARD = "content/sections/damages/4-disruption.md"
ABOUT = "content/about.md"
H1 = "」**のご案内\n"  # the end of the home page's body, where a mistake is appended

MISTAKES = {
    # YAML syntax and the traps of editors' tools
    "colon inside an unquoted value": Mistake(
        CONTACTS,
        "heading: 【協会事務局】",
        "heading: 協会事務局: 受付",
        "E101",
    ),
    "unclosed quote": Mistake(
        CONTACTS, 'postal_code: "102-0083"', 'postal_code: "102-0083', "E107"
    ),
    "list item indented wrongly": Mistake(
        INCIDENT, "  - item: 争訟費用", "   - item: 争訟費用", "E101"
    ),
    "duplicate key": Mistake(SITE, "labels:", "name: 別名\nlabels:", "E102"),
    "duplicate key in front matter": Mistake(
        INDEX, "template: home.html", "title: 重複\ntemplate: home.html", "E102"
    ),
    "tab indentation": Mistake(
        INCIDENT, "  - item: 謝罪広告費用", "\t- item: 謝罪広告費用", "E103"
    ),
    "ideographic space indentation": Mistake(
        INCIDENT, "      per: 1名", "\u3000\u3000\u3000per: 1名", "E104"
    ),
    "full-width colon after a key": Mistake(
        INCIDENT, "costs_heading: 支出", "costs_heading：支出", "E105"
    ),
    "smart quotes around a value": Mistake(
        INCIDENT, "total_label: 合計", "total_label: “合計”", "E106"
    ),
    "front matter not closed": Mistake(INDEX, "\n---\n\n#", "\n\n#", "E110", 1),
    "front matter is a list": Mistake(ABOUT, "", "---\n- 概要\n---\n\n# 概要\n", "E111", 2),
    "Shift_JIS file": Mistake(INDEX, "---", "---", "E001", 2, encoding="cp932"),
    "EUC-JP file": Mistake(CONTACTS, "#", "#", "E001", 2, encoding="euc_jp"),
    # Schemas: required fields, types, allowed values, unknown keys
    "page without a title": Mistake(
        ABOUT, "", "---\ndescription: 概要\n---\n\n# 概要\n", "E201", 2
    ),
    "site without the approval number": Mistake(
        SITE, "approval_number: 1760-ER04-14027-202310\n", "", "E201", 4
    ),
    "missing label": Mistake(SITE, "  fax: FAX\n", "", "E201", "  title_separator"),
    "empty disclaimer": Mistake(
        SITE, "disclaimer: >-", 'disclaimer: ""\nold_disclaimer: >-', "E204"
    ),
    "money written with units": Mistake(INCIDENT, "yen: 3000000", 'yen: "300万円"', "E202"),
    "money with decimals": Mistake(INCIDENT, "yen: 5000000", "yen: 5000000.5", "E202"),
    "negative money": Mistake(INCIDENT, "yen: 2000000", "yen: -2000000", "E202"),
    "phone number too short": Mistake(CONTACTS, '"03-6380-4771"', '"03-6380-477"', "E202"),
    "phone number without hyphens": Mistake(INSURER, '"03-3515-4143"', '"0335154143"', "E202"),
    "fax number with full-width digits": Mistake(
        CONTACTS, '"03-6893-6500"', '"０３-6893-6500"', "E206"
    ),
    "time written as a number": Mistake(CONTACTS, 'opens: "10:00"', "opens: 10", "E202"),
    "impossible time": Mistake(INSURER, 'closes: "17:00"', 'closes: "25:00"', "E202"),
    "yes instead of true": Mistake(CHART, "confirmed: true", "confirmed: yes", "E202"),
    "year in era instead of western": Mistake(CHART, "year: 2021", "year: 令和3", "E202"),
    "address without https": Mistake(
        CONTACTS, "url: https://biyouiryou.jp", "url: biyouiryou.jp", "E202"
    ),
    "site address without https": Mistake(
        SITE, "url: https://biyouiryou.jp/", "url: biyouiryou.jp", "E202"
    ),
    "a list where one value belongs": Mistake(
        DAMAGES,
        "subheading: サイバー攻撃による主な被害",
        "subheading:\n  - サイバー攻撃による主な被害",
        "E202",
        None,
    ),
    "postal code as a number": Mistake(
        CONTACTS, 'postal_code: "102-0083"', "postal_code: 1020083", "E202"
    ),
    "on instead of true": Mistake(CHART, "confirmed: true", "confirmed: on", "E202"),
    "typo in a key": Mistake(INDEX, "title:", "titel:", "E203"),
    "typo in a card's key": Mistake(CARD, "attack: DoS攻撃", "atack: DoS攻撃", "E203"),
    "required_texts names no setting": Mistake(
        SITE, "  - disclaimer\n", "  - disclaimers\n", "E605"
    ),
    # Content rules
    "stated total disagrees with the items": Mistake(
        INCIDENT, "total: 172000000", "total: 172000001", "E301"
    ),
    "template that does not exist": Mistake(
        INDEX, "template: home.html", "template: hom.html", "E401"
    ),
    "two files for one page": Mistake(
        ABOUT,
        "",
        "---\ntitle: 概要\n---\n",
        "E305",
        1,
        setup=(("content/about/index.md", "---\ntitle: 概要2\n---\n"),),
    ),
    # Raw HTML and addresses in Markdown
    "script tag": Mistake(INDEX, H1, H1 + "\n<script>alert(1)</script>\n", "E502"),
    "iframe": Mistake(INDEX, H1, H1 + '\n<iframe src="https://example.com"></iframe>\n', "E502"),
    "event handler attribute": Mistake(
        INDEX, H1, H1 + '\n<span onclick="x()">押す</span>\n', "E503"
    ),
    "javascript link": Mistake(INDEX, H1, H1 + "\n[ここ](javascript:alert(1))\n", "E504"),
    "unknown tag": Mistake(INDEX, H1, H1 + "\n<marquee>流れる</marquee>\n", "E501"),
    "raw HTML breaking the structure": Mistake(INDEX, H1, H1 + "\n<div>閉じない\n", "E505"),
    # Links and assets
    "link to a page that does not exist": Mistake(INDEX, H1, H1 + "\n[概要](/about/)\n", "E601"),
    "link to a missing anchor": Mistake(INDEX, H1, H1 + "\n[支出](#costs)\n", "E602"),
    "image that is not in assets": Mistake(
        INDEX, H1, H1 + "\n![写真](/assets/photo.jpg)\n", "E403"
    ),
    "image outside the project": Mistake(
        INDEX, H1, H1 + "\n![秘密](assets/../../secret.png)\n", "E403"
    ),
    "malformed outside link": Mistake(INDEX, H1, H1 + "\n[外部](https://)\n", "E603"),
}


@pytest.fixture(scope="module")
def good_dist(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """The last good dist/: built once, copied for each case."""
    from conftest import FLYER_SITE, copy_project

    root = copy_project(FLYER_SITE, tmp_path_factory.mktemp("good") / "site")
    build(Project(root), root / "dist")
    return root / "dist", tree_digest(root / "dist")


def test_the_corpus_is_large_enough() -> None:
    assert len(MISTAKES) >= 30
    assert len({m.code for m in MISTAKES.values()}) >= 25


@pytest.mark.parametrize("name", MISTAKES)
def test_mistake(name: str, project: Path, good_dist: tuple[Path, dict[str, str]]) -> None:
    import shutil

    shutil.copytree(good_dist[0], project / "dist")
    mistake = MISTAKES[name]
    line = mistake.apply(project)

    result = run_build(project)

    shown = result.err + result.out
    assert result.code == 1, shown
    assert f"{mistake.file}:{line}:" in result.err or f"{mistake.file}:{line}\n" in result.err, (
        shown
    )
    assert f" {mistake.code} エラー: " in result.err, shown
    assert "Traceback" not in shown
    assert tree_digest(project / "dist") == good_dist[1]
    # The check command finds the same, and writes nothing.
    checked = run_build(project, "check")
    assert checked.code == 1
    assert f"{mistake.file}:{line}" in checked.out and mistake.code in checked.out
    assert tree_digest(project / "dist") == good_dist[1]
