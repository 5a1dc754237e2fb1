"""The query commands' tables (extract/tabletext.py): written without rich's machinery where no terminal
draws them, character for character what rich draws (issue 15)."""

from __future__ import annotations

import io
import random

import pytest
from rich.console import Console
from rich.markup import escape

from extract.tabletext import print_table, rich_table

WORDS = ["Sở", "Tài", "chính", "146/2018/NĐ-CP", "[archive/00012/real-017-qd-1666-2020.txt]", "Luật", "bảo",
         "hiểm", "y", "tế", "x" * 90, ":smile:", "[bold]", "a\\", "tab\there", "dòng\nhai", "", " ", "ệ̣", "中文",
         "2020-12-03", "1234", "—", "…"]


def _rich(title, columns, rows, justify, width):
    out = io.StringIO()
    Console(file=out, width=width).print(rich_table(title, columns, rows, title_justify=justify))
    return out.getvalue()


def _ours(title, columns, rows, justify, width):
    out = io.StringIO()
    print_table(title, columns, rows, title_justify=justify, console=Console(file=out, width=width))
    return out.getvalue()


def _table(rng: random.Random):
    n = rng.randint(1, 6)
    columns = [(rng.choice(["relation", "id / title", "cited by", "document", "a"]),
                rng.choice(["left", "right"]), rng.random() < 0.2) for _ in range(n)]
    rows = [tuple(escape(" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 8)))) if rng.random() < 0.8
                  else rng.choice(WORDS) for _ in range(n)) for _ in range(rng.randint(0, 12))]
    title = rng.choice([None, "based_on", "805 tasks", "Most-cited documents " * rng.randint(1, 6), "[b]x[/b]"])
    return title, columns, rows, rng.choice(["left", "center"]), rng.choice([80, 80, 40, 120, 30])


@pytest.mark.parametrize("seed", range(300))
def test_a_table_is_what_rich_draws(seed):
    table = _table(random.Random(seed))
    assert _ours(*table) == _rich(*table)


def _ours_plain(title, columns, rows, justify, width):
    out = io.StringIO()
    print_table(title, columns, rows, title_justify=justify, console=Console(file=out, width=width), markup=False)
    return out.getvalue()


def _plain_table(rng: random.Random):
    """Cells of plain text, long ones too (words of every kind, runs of spaces): wrapped at every width."""
    n = rng.randint(1, 5)
    columns = [(rng.choice(["relation", "document", "cited by", "a"]), rng.choice(["left", "left", "right"]),
                rng.random() < 0.1) for _ in range(n)]
    rows = [tuple(rng.choice(["", " "]).join(rng.choice(WORDS) for _ in range(rng.randint(0, 30)))
                  for _ in range(n)) for _ in range(rng.randint(0, 12))]
    return rng.choice([None, "based_on"]), columns, rows, "left", rng.choice([80, 40, 120, 30, 24])


@pytest.mark.parametrize("seed", range(300))
def test_plain_cells_are_drawn_as_their_markup_escaped(seed):
    """``markup=False``: a cell is what rich draws for it escaped (``:smile:`` still an emoji, as it was)."""
    title, columns, rows, justify, width = _plain_table(random.Random(seed))
    escaped = [tuple(map(escape, row)) for row in rows]
    assert _ours_plain(title, columns, rows, justify, width) == _rich(title, columns, escaped, justify, width)


def test_the_commands_tables():
    rows = [("based_on", escape("1666/QĐ-BHXH  [archive/00000/real-017-qd-1666-2020.txt]"), "2020-12-03", ""),
            ("amends", escape("75/2023/NĐ-CP"), "2023-12-29", escape("stated in 4750/QĐ-BYT"))] * 50
    columns = [("relation",), ("document",), ("date",), ("note",)]
    assert _ours("based_on", columns, rows, "left", 80) == _rich("based_on", columns, rows, "left", 80)
    counts = [("id / title",), ("type",), ("scope",), ("date",), ("cited by", "right"), ("mentions", "right")]
    rows = [(escape("Luật sửa đổi, bổ sung một số điều của Luật Tổ chức Chính phủ (2019)"), "luat", "national", "",
             "4", "12")] * 20
    assert _ours("Most-cited", counts, rows, "left", 80) == _rich("Most-cited", counts, rows, "left", 80)
