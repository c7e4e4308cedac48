"""The corpus of editors' mistakes (issue 15): each at its real place, in an editor's words.

Every case breaks a copy of a good site in one way and asserts what an editor sees: the exit
code (1, or 0 with a note), the file, line (and column where it matters) and code in the
message, no traceback and no Python or library words, `dist/` left byte for byte as it was,
and the same problem from `check` and on the preview's error page. The commands run
in-process (one build of the good site is copied for every case, so the corpus stays fast);
a few cases go through `python build.py` and the real preview server as well.
"""

from __future__ import annotations

import re
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from sitegen.commands import build as build_command
from sitegen.commands import check as check_command
from sitegen.core.project import Project
from sitegen.preview import error_page

from conftest import FLYER_SITE, copy_project, run_build, soup, tree_digest
from preview_server import ServeProcess

# Words of Python, Jinja and PyYAML that an editor must never be shown.
FORBIDDEN = re.compile(
    r"dict object|NoneType|has no attribute|Traceback|\bobject\b|\b[A-Z][A-Za-z]*(?:Error|Exception)\b"
    r"|\bexpected\b|while scanning|while parsing|found character|could not find|mapping values"
    r"|\bundefined\b|\bjinja|\byaml\.|\bline \d|\bcolumn \d"
)


def forbidden_words(text: str) -> list[str]:
    """The Python or library words in text (keys, paths, true/false, https:// are fine)."""
    return FORBIDDEN.findall(text)


@dataclass(frozen=True)
class Mistake:
    """One slip: `old` replaced by `new` in `file` (created if missing), and what must be said.

    line is the line the message must name: a number, a text standing at the start of that
    line, None for the line where `new` begins, or 0 for a message about a whole file.
    """

    file: str
    old: str
    new: str
    code: str
    line: int | str | None = None
    column: int | None = None
    says: str = ""  # words the message must hold
    encoding: str = "utf-8"
    also: tuple[tuple[str, str, str], ...] = ()  # more (file, old, new) edits: models, templates
    remove: tuple[str, ...] = ()
    note: bool = False  # a note (W code): the site is still built, exit 0

    def apply(self, root: Path) -> int | None:
        for relative in self.remove:
            (root / relative).unlink()
        for relative, old, new in self.also:
            path = root / relative
            text = path.read_text(encoding="utf-8")
            assert old in text, (relative, old)
            path.write_text(text.replace(old, new, 1), encoding="utf-8")
        path = root / self.file
        if self.file in self.remove:
            return None
        text = path.read_text(encoding="utf-8") if path.exists() else ""
        assert self.old in text, (self.file, self.old)
        changed = text.replace(self.old, self.new, 1)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(changed.encode(self.encoding))
        if isinstance(self.line, int):
            return self.line or None
        old_lines = set(self.old.split("\n"))
        anchor = self.line or next(
            line for line in self.new.split("\n") if line.strip() and line not in old_lines
        )
        return changed[: changed.index(anchor)].count("\n") + 1

    def location(self, line: int | None) -> str:
        """`file:line` (or `file` for a message about a whole file)."""
        return f"{self.file}:{line}" if line else self.file

    def find(self, output: str, line: int | None) -> str:
        """The message in output (`file:line[:column]: CODE 種別: ...` and its hint), or ""."""
        column = rf":{self.column}" if self.column is not None else r"(?::\d+)?"
        if not line:
            column = ""
        kind = "注意" if self.note else "エラー"
        # The message's line and the hint below it.
        pattern = rf"^{re.escape(self.location(line))}{column}: {self.code} {kind}: .*$(?:\n  .*)?"
        found = re.search(pattern, output, re.MULTILINE)
        return found[0] if found else ""


SITE, INDEX, ABOUT, NOT_FOUND = (
    "content/site.yml",
    "content/index.md",
    "content/about.md",
    "content/404.md",
)
CONTACTS = "content/sections/contacts/1-association.md"
INSURER = "content/sections/contacts/2-insurer.md"
INCIDENT, CHART = "content/sections/incident.md", "content/data/chart.yml"
DAMAGES = "content/sections/damages/index.md"
CARD = "content/sections/damages/4-disruption.md"
H1 = "」**のご案内\n"  # the end of the home page's body, where a mistake is appended
INCIDENT_END = "の侵害を理由に損害賠償請求訴訟を提起**された。\n"
NUL = "\x00"

MISTAKES = {
    # YAML syntax and the traps of editors' tools
    "colon inside an unquoted value": Mistake(
        CONTACTS, "heading: 【協会事務局】", "heading: 協会事務局: 受付", "E101"
    ),
    "key without its colon": Mistake(
        ABOUT,
        "",
        "---\ntitle 協会の概要\ndescription: 説明\n---\n\n# 概要\n",
        "E108",
        2,
        1,
        says="「title: 協会の概要」",
    ),
    "key without its colon, last of the front matter": Mistake(
        NOT_FOUND, "title: ページが見つかりません\n", "title ページが見つかりません\n", "E108"
    ),
    "nested key without its colon": Mistake(
        CONTACTS, "  region: 東京都", "  region 東京都", "E108", None, 3
    ),
    "value glued to its key's colon": Mistake(
        CONTACTS,
        'tel: "03-6380-4771"',
        'tel:"03-6380-4771"',
        "E109",
        None,
        5,
        says='「tel: "03-6380-4771"」',
    ),
    "address glued to its key's colon": Mistake(
        CONTACTS, "url: https://biyouiryou.jp", "url:https://biyouiryou.jp", "E109", None, 5
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
    "duplicate key in a card": Mistake(
        CARD, "attack: DoS攻撃", "attack: DoS攻撃\ntitle: 妨害", "E102", "title: 妨害"
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
    # Invisible characters
    "NUL bytes at the end of a page": Mistake(INDEX, H1, H1 + NUL + NUL, "E003", None, 1),
    "control character in the settings": Mistake(
        SITE, "skip_link: 本文へ移動", "skip_link: 本文へ\x0b移動", "E003", None, 17
    ),
    "escape character in a section": Mistake(
        INCIDENT, "subheading: 事故例", "subheading: 事故\x1b例", "E003", None, 15
    ),
    # Schemas: required fields, types, allowed values, unknown keys
    "page without a title": Mistake(
        ABOUT, "", "---\ndescription: 概要\n---\n\n# 概要\n", "E201", 2
    ),
    "site without the approval number": Mistake(
        SITE, "approval_number: 1760-ER04-14027-202310\n", "", "E201", 4
    ),
    "missing label": Mistake(SITE, "  fax: FAX\n", "", "E201", "  title_separator"),
    "chart without its title": Mistake(
        CHART, "title: 警察のセンサー", "titl: 警察のセンサー", "E203"
    ),
    "empty disclaimer": Mistake(
        SITE, "disclaimer: >-", 'disclaimer: ""\nold_disclaimer: >-', "E204"
    ),
    "money written with units": Mistake(INCIDENT, "yen: 3000000", 'yen: "300万円"', "E202"),
    "money with decimals": Mistake(INCIDENT, "yen: 5000000", "yen: 5000000.5", "E202"),
    "negative money": Mistake(INCIDENT, "yen: 2000000", "yen: -2000000", "E202"),
    "money in full-width digits": Mistake(
        INCIDENT, "yen: 3000000", 'yen: "３000000"', "E206", None, 11, says="全角の数字"
    ),
    "phone number too short": Mistake(CONTACTS, '"03-6380-4771"', '"03-6380-477"', "E202"),
    "phone number without hyphens": Mistake(INSURER, '"03-3515-4143"', '"0335154143"', "E202"),
    "second fax number wrong": Mistake(
        CONTACTS, '"0120-961-069"', '"0120-961-06"', "E202", says="「fax の 2 つ目」"
    ),
    "fax number with full-width digits": Mistake(
        CONTACTS,
        '"03-6893-6500"',
        '"０３-6893-6500"',
        "E206",
        None,
        6,
        says="「fax の 1 つ目」の値「０３-6893-6500」の 1 文字目が全角の数字",
    ),
    "phone number with a full-width hyphen": Mistake(
        CONTACTS,
        'tel: "03-6380-4771"',
        'tel: "03－6380-4771"',
        "E206",
        None,
        9,
        says="全角のハイフン",
    ),
    "phone number with a long vowel mark": Mistake(
        INSURER, 'tel: "03-3515-4143"', 'tel: "03ー3515-4143"', "E206", None, 9
    ),
    "time with a full-width colon": Mistake(
        CONTACTS,
        'opens: "10:00"',
        'opens: "10：00"',
        "E206",
        None,
        13,
        says="3 文字目が全角のコロン「：」",
    ),
    "postal code with a full-width space": Mistake(
        CONTACTS,
        'postal_code: "102-0083"',
        'postal_code: "102　0083"',
        "E206",
        None,
        18,
        says="全角のスペース",
    ),
    "year in full-width digits": Mistake(CHART, "year: 2021", "year: ２０２１", "E206", None, 11),
    "time written as a number": Mistake(CONTACTS, 'opens: "10:00"', "opens: 10", "E202"),
    "impossible time": Mistake(INSURER, 'closes: "17:00"', 'closes: "25:00"', "E202"),
    "yes instead of true": Mistake(CHART, "confirmed: true", "confirmed: yes", "E202"),
    "on instead of true": Mistake(CHART, "confirmed: true", "confirmed: on", "E202"),
    "year in era instead of western": Mistake(CHART, "year: 2021", "year: 令和3", "E202"),
    "figure with a thousands comma": Mistake(CHART, "value: 7335.0", "value: 7,335.0", "E202"),
    "weekday misspelt": Mistake(
        CONTACTS,
        "[Monday, Tuesday,",
        "[Monday, Tuesdy,",
        "E202",
        "  days_of_week",
        says="「days_of_week の 2 つ目」",
    ),
    "theme colour as a word": Mistake(SITE, 'theme_color: "#12355b"', "theme_color: blue", "E202"),
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
    "share image misspelt": Mistake(
        SITE, "share_image: share.png", "share_image: shar.png", "E205", None, 1
    ),
    "typo in a key": Mistake(INDEX, "title:", "titel:", "E203"),
    "typo in a card's key": Mistake(CARD, "attack: DoS攻撃", "atack: DoS攻撃", "E203"),
    "required_texts names no setting": Mistake(
        SITE, "  - disclaimer\n", "  - disclaimers\n", "E605"
    ),
    # Files the site needs
    "chart data file deleted": Mistake(CHART, "", "", "E124", 0, remove=(CHART,)),
    "data file without a model deleted": Mistake(
        CHART,
        "",
        "",
        "E405",
        0,
        remove=(CHART, "models/data/chart.yml"),
        says="partials/chart.html",
    ),
    "section without a model deleted": Mistake(
        "content/sections/incident.md",
        "",
        "",
        "E406",
        0,
        remove=(INCIDENT, "models/sections/incident.yml"),
    ),
    "label a template needs, optional in the model": Mistake(
        SITE,
        "  fax: FAX\n",
        "",
        "E404",
        "  title_separator",
        also=(("models/site.yml", "      fax: text\n", "      fax: text?\n"),),
        says="「fax」",
    ),
    "share image misspelt, in a site whose model takes any text": Mistake(
        SITE,
        "share_image: share.png",
        "share_image: shar.png",
        "E403",
        None,
        14,
        also=(("models/site.yml", "share_image: image", "share_image: text"),),
    ),
    "a field a template needs, missing from a page": Mistake(
        INDEX,
        "title:",
        "title:",
        "E404",
        "title:",
        also=(
            ("models/page.yml", "fields:\n", "fields:\n  subtitle: text?\n"),
            (
                "templates/home.html",
                "{{ page.content }}",
                "{{ page.meta.subtitle }}{{ page.content }}",
            ),
        ),
        says="「subtitle」",
    ),
    "phone number a template shows, in a site whose model takes any text": Mistake(
        CONTACTS,
        'tel: "03-6380-4771"',
        'tel: "03-6380-477"',
        "E407",
        None,
        7,
        also=(("models/sections/contacts.yml", "tel: phone?", "tel: text?"),),
        says="電話番号",
    ),
    # A template's own mistake is the template's, reported once
    "a template names a missing asset": Mistake(
        "templates/base.html", "asset('favicon.svg')", "asset('favicon2.svg')", "E403"
    ),
    "a template asks for a field that no model has": Mistake(
        "templates/partials/coverage.html", "coverage.closing", "coverage.closin", "E402"
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
    "unclosed HTML comment": Mistake(
        INDEX, H1, H1 + "\n<!-- 公開前に確認\n\n## 補償内容\n\n本文\n", "E506"
    ),
    "unclosed HTML comment in a section": Mistake(
        INCIDENT, INCIDENT_END, INCIDENT_END + "\n<!-- メモ\n\n本文の続き\n", "E506"
    ),
    "http link in a page": Mistake(
        INDEX, H1, H1 + "\n[協会](http://biyouiryou.jp/)\n", "W303", note=True
    ),
    "http address of a contact": Mistake(
        CONTACTS,
        "url: https://biyouiryou.jp",
        "url: http://biyouiryou.jp",
        "W303",
        None,
        6,
        note=True,
    ),
    # Links and assets
    "link to a page that does not exist": Mistake(INDEX, H1, H1 + "\n[概要](/about/)\n", "E601"),
    "link in a section to a page that does not exist": Mistake(
        INCIDENT, INCIDENT_END, INCIDENT_END + "\n[詳しく](/details/)\n", "E601"
    ),
    "link to a missing anchor": Mistake(INDEX, H1, H1 + "\n[支出](#costs)\n", "E602"),
    "image that is not in assets": Mistake(
        INDEX, H1, H1 + "\n![写真](/assets/photo.jpg)\n", "E403"
    ),
    "image in a section that is not in assets": Mistake(
        INCIDENT, INCIDENT_END, INCIDENT_END + "\n![図](assets/zu.png)\n", "E403"
    ),
    "image outside the project": Mistake(
        INDEX, H1, H1 + "\n![秘密](assets/../../secret.png)\n", "E403"
    ),
    "malformed outside link": Mistake(INDEX, H1, H1 + "\n[外部](https://)\n", "E603"),
}
# The second file of "two files for one page".
SETUP = {"two files for one page": {"content/about/index.md": "---\ntitle: 概要2\n---\n"}}


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, str]]:
    """A good site with its dist/ built once; every case starts from a copy of it."""
    root = copy_project(FLYER_SITE, tmp_path_factory.mktemp("good") / "site")
    assert build_command.run(Project(root), root / "dist") == 0
    return root, tree_digest(root / "dist")


def _broken_copy(
    good: tuple[Path, dict[str, str]], tmp_path: Path, name: str
) -> tuple[Path, int | None]:
    root = tmp_path / "site"
    shutil.copytree(good[0], root)
    for relative, text in SETUP.get(name, {}).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(text, encoding="utf-8")
    return root, MISTAKES[name].apply(root)


def test_the_corpus_is_large_enough() -> None:
    assert len(MISTAKES) >= 60
    assert len({m.code for m in MISTAKES.values()}) >= 35


@pytest.mark.parametrize("name", MISTAKES)
def test_mistake(name: str, good: tuple[Path, dict[str, str]], tmp_path: Path, capsys) -> None:
    mistake = MISTAKES[name]
    root, line = _broken_copy(good, tmp_path, name)
    project = Project(root)

    code = build_command.run(project, root / "dist")
    built = capsys.readouterr()
    shown = built.err + built.out
    assert code == (0 if mistake.note else 1), shown
    _said(mistake, mistake.find(built.err, line), shown)
    assert "Traceback" not in shown and forbidden_words(shown) == [], shown
    if not mistake.note:
        assert tree_digest(root / "dist") == good[1]

    # The check command says the same, and writes nothing.
    before = tree_digest(root / "dist")
    code = check_command.run(project)
    checked = capsys.readouterr().out
    assert code == (0 if mistake.note else 1), checked
    _said(mistake, mistake.find(checked, line), checked)
    assert forbidden_words(checked) == [], checked
    assert tree_digest(root / "dist") == before

    if not mistake.note:
        # The preview's error page shows it too, with its place.
        problems = check_command.check_project(project)
        page = soup_of(error_page.render(problems, root))
        sections = [s.get_text(" ") for s in page.find_all("section")]
        location = mistake.location(line)
        assert any(location in s and f"{mistake.code} エラー" in s for s in sections), sections
        assert forbidden_words(page.get_text(" ")) == []


def _said(mistake: Mistake, message: str, output: str) -> None:
    """The case's message was found, and holds the words it must say."""
    assert message, output
    assert mistake.says in message, message


def soup_of(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html5lib")


def _message_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if re.search(r": [EW]\d{3} ", line)]


def test_one_run_reports_every_file(
    good: tuple[Path, dict[str, str]], tmp_path: Path, capsys
) -> None:
    """Syntax errors in two files, the models' problems and links of the others, and the notes."""
    root = tmp_path / "site"
    shutil.copytree(good[0], root)
    edits = [
        MISTAKES["key without its colon, last of the front matter"],
        MISTAKES["value glued to its key's colon"],
        MISTAKES["stated total disagrees with the items"],
        MISTAKES["typo in a card's key"],
        MISTAKES["link to a page that does not exist"],
        MISTAKES["second fax number wrong"],  # in the file whose syntax is broken: not seen
    ]
    lines = [edit.apply(root) for edit in edits]
    code = check_command.run(Project(root))
    out = capsys.readouterr().out
    assert code == 1
    for edit, line in list(zip(edits, lines, strict=True))[:5]:
        assert edit.find(out, line), out
    assert not edits[5].find(out, lines[5])  # its file cannot be read: its values are unknown
    errors = [line for line in _message_lines(out) if " エラー: " in line]
    notes = [line for line in _message_lines(out) if " W301 注意: " in line]
    assert len(errors) >= 5 and notes, out
    assert f"確認しました: エラー {len(errors)} 件、注意 {len(notes)} 件。" in out, out

    code = build_command.run(Project(root), root / "dist")
    err = capsys.readouterr().err
    assert code == 1
    # The build folds the notes of one code in one file into one (check lists them all).
    noted_files = {line.split(":", 1)[0] for line in notes}
    assert len(_message_lines(err)) == len(errors) + len(noted_files), err
    assert f"エラー {len(errors)} 件、注意 {len(notes)} 件" in err
    assert tree_digest(root / "dist") == good[1]


def test_a_template_error_no_content_caused_is_the_templates_once(
    good: tuple[Path, dict[str, str]], tmp_path: Path, capsys
) -> None:
    root = tmp_path / "site"
    shutil.copytree(good[0], root)
    (root / "content/about.md").write_text("---\ntitle: 概要\n---\n\n# 概要\n", encoding="utf-8")
    base = root / "templates/base.html"
    text = base.read_text(encoding="utf-8")
    base.write_text(text.replace("<body>", "<body>{{ nothing.at_all }}", 1), encoding="utf-8")
    line = text[: text.index("<body>")].count("\n") + 1
    code = build_command.run(Project(root), root / "dist")
    err = capsys.readouterr().err
    assert code == 1
    assert err.count(f"templates/base.html:{line}: E402 エラー: ") == 1, err
    assert "「nothing」" in err and forbidden_words(err) == [], err
    assert tree_digest(root / "dist") == good[1]


def test_no_control_character_reaches_the_published_pages(project: Path) -> None:
    index = project / "content/index.md"
    index.write_bytes(index.read_bytes() + b"\x00\x00")
    result = run_build(project)
    assert result.code == 1
    assert not (project / "dist").exists()
    index.write_bytes(index.read_bytes().rstrip(b"\x00"))
    assert run_build(project).code == 0
    assert b"\x00" not in (project / "dist/index.html").read_bytes()


def test_an_unclosed_comment_no_longer_hides_half_a_page(project: Path) -> None:
    index = project / "content/index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\n<!-- メモ -->\n\n## 補償の一覧\n")
    assert run_build(project).code == 0
    assert soup(project / "dist/index.html").find("h2", id="補償の一覧") is not None


# A few cases through the real command line and the real preview server.
THROUGH_PROCESSES = [
    "key without its colon",
    "value glued to its key's colon",
    "time with a full-width colon",
    "NUL bytes at the end of a page",
    "unclosed HTML comment",
    "data file without a model deleted",
]


def test_the_command_line_says_the_same(good: tuple[Path, dict[str, str]], tmp_path: Path) -> None:
    for name in THROUGH_PROCESSES[:3]:
        root, line = _broken_copy(good, tmp_path / name.replace(" ", "-"), name)
        mistake = MISTAKES[name]
        result = run_build(root)
        assert result.code == 1 and mistake.find(result.err, line), result.err
        assert forbidden_words(result.err + result.out) == []
        assert tree_digest(root / "dist") == good[1]
        checked = run_build(root, "check")
        assert checked.code == 1 and mistake.find(checked.out, line), checked.out


def test_the_preview_shows_each_mistake_at_its_place(
    good: tuple[Path, dict[str, str]], tmp_path: Path
) -> None:
    root = tmp_path / "site"
    shutil.copytree(good[0], root)
    shutil.rmtree(root / "dist")
    server = ServeProcess(root)
    try:
        server.wait_for("http://127.0.0.1:")
        for name in THROUGH_PROCESSES:
            mistake = MISTAKES[name]
            saved = _snapshot(root, mistake)
            before = server.epoch()
            line = mistake.apply(root)
            status, body = _after_rebuild(server, before)
            assert status == 500, (name, body[:500])
            page = soup_of(body)
            location = mistake.location(line)
            texts = [s.get_text(" ") for s in page.find_all("section")]
            assert any(location in t and f"{mistake.code} エラー" in t for t in texts), (
                name,
                texts,
            )
            assert forbidden_words(page.get_text(" ")) == [], name
            before = server.epoch()
            _restore(root, saved)
            status, _ = _after_rebuild(server, before)
            assert status == 200, name
    finally:
        assert server.stop() == 0


def _snapshot(root: Path, mistake: Mistake) -> dict[str, bytes | None]:
    files = {mistake.file, *mistake.remove, *(edit[0] for edit in mistake.also)}
    return {f: (root / f).read_bytes() if (root / f).exists() else None for f in files}


def _restore(root: Path, saved: dict[str, bytes | None]) -> None:
    for relative, data in saved.items():
        if data is None:
            (root / relative).unlink(missing_ok=True)
        else:
            (root / relative).write_bytes(data)


def _after_rebuild(server: ServeProcess, before: int) -> tuple[int, str]:
    deadline = time.monotonic() + 30
    while server.epoch() == before and time.monotonic() < deadline:
        time.sleep(0.1)
    return server.get("/")
