"""Seeded synthetic Japanese pages for benchmarks: identical on every run."""

from __future__ import annotations

import random
from pathlib import Path

_WORDS = [
    "サイバー攻撃",
    "情報漏えい",
    "標的型メール",
    "不正アクセス",
    "損害賠償",
    "事故対応",
    "調査費用",
    "再発防止",
    "顧客情報",
    "業務停止",
    "復旧作業",
    "保険金",
    "補償内容",
    "契約者",
    "医療機関",
    "個人情報",
    "専門業者",
    "公表",
    "コンサルティング",
    "ネットワーク",
    "セキュリティ対策",
    "システム障害",
    "見舞金",
    "弁護士費用",
]
_JOINERS = ["が", "を", "に", "の", "は", "と", "から", "について", "に対して"]
_ENDINGS = [
    "しました。",
    "があります。",
    "が必要です。",
    "を行いました。",
    "となりました。",
    "です。",
]


def sentence(rng: random.Random) -> str:
    words = [rng.choice(_WORDS) + rng.choice(_JOINERS) for _ in range(rng.randint(3, 6))]
    if rng.random() < 0.3:
        words[1] = f"**{words[1]}**"
    return "".join(words) + rng.choice(_ENDINGS)


def paragraph(rng: random.Random) -> str:
    # A line break inside the paragraph, as editors type them.
    lines = [sentence(rng) + sentence(rng) for _ in range(rng.randint(2, 3))]
    return "\n".join(lines)


def page(rng: random.Random, index: int, total: int) -> str:
    """One page of 600-1,500 characters: headings, prose, a list, a table and links."""
    other = rng.randrange(total)
    parts = [
        f"---\ntitle: 事例{index}「{rng.choice(_WORDS)}」\ndescription: {sentence(rng)}\n---\n",
        f"# 事例{index}: {rng.choice(_WORDS)}への備え\n",
        paragraph(rng),
        f"\n## {rng.choice(_WORDS)}の概要\n",
        paragraph(rng),
        "\n" + "\n".join(f"- {sentence(rng)}" for _ in range(rng.randint(3, 5))),
        "\n| 項目 | 金額 |\n|---|---|\n"
        + "\n".join(f"| {rng.choice(_WORDS)} | {rng.randint(1, 999)}万円 |" for _ in range(4)),
        f"\n## {rng.choice(_WORDS)}への対応\n",
        paragraph(rng),
        f"\n詳しくは[事例{other}](../case-{other:05d}/)と[トップページ](../../)をご覧ください。\n",
    ]
    return "\n".join(parts)


def write_pages(content: Path, count: int, seed: int = 20231001) -> list[Path]:
    """Write count pages under content/cases/; return their paths."""
    rng = random.Random(seed)
    folder = content / "cases"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = folder / f"case-{index:05d}.md"
        path.write_text(page(rng, index, count), encoding="utf-8")
        paths.append(path)
    return paths
