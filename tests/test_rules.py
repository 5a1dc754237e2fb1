"""Rule data: every file matches its JSON Schema, every entry has examples, every example gets its
role through the extractor's own code (the finder, the outline, the cleaner), one test id per example.

An example the code does not yet read right stays, marked ``xfail(strict=True)`` in :data:`KNOWN`
with what the code gives: when the code learns it, the mark must go.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import regex

from extract import rules
from extract.clean import clean
from extract.references import find_references
from extract.units import split_units

RULES = rules.rules_dir()
NAMES = sorted(p.stem for p in RULES.glob("*.yaml"))


@pytest.mark.parametrize("kind", rules.kinds(), ids=lambda k: k.slug)
def test_every_kind_has_an_example_that_is_found(kind):
    assert kind.examples, f"{kind.slug} has no example"
    for example in kind.examples:
        text = clean(example).text
        found = find_references(text)
        assert found, example
        assert found[0].type == kind.slug, (example, found[0].type)


@pytest.mark.parametrize("relation", ["based_on", "implements", "amends", "replaces", "repeals", "guides"])
def test_every_relation_cue_group_has_an_example(relation):
    data = rules.load("relations")
    entry = data["opening"].get(relation) or data["action"].get(relation)
    assert entry["cues"] and entry["examples"]


def test_relation_examples_resolve_to_their_relation():
    from extract.resolve import CitingContext, resolve

    data = rules.load("relations")
    for group in ("opening", "action", "in_title", "after"):
        for relation, entry in data[group].items():
            for example in entry["examples"]:
                text = clean(example).text
                refs = resolve(text, find_references(text), CitingContext())
                got = [r.of[1] if r.of else r.relation for r in refs]
                assert relation in got, (example, got)


@pytest.mark.parametrize("example", rules.load("relations")["not_own"]["examples"])
def test_an_act_that_is_not_the_documents_own_is_a_mention(example):
    from extract.resolve import CitingContext, resolve

    text = clean(example).text
    refs = resolve(text, find_references(text), CitingContext())
    assert refs and [r.relation for r in refs] == ["mentions"] * len(refs), example


def test_the_preamble_formula_is_no_proposal():
    from extract.resolve import CitingContext, resolve

    # "Theo đề nghị của …" (except_after) leaves the promulgation's own act to it
    text = clean("Theo đề nghị của Vụ trưởng, Bộ trưởng Bộ Y tế ban hành Thông tư sửa đổi, bổ sung một số điều của "
                 "Thông tư số 04/2017/TT-BYT.").text
    assert [r.relation for r in resolve(text, find_references(text), CitingContext(type="thong_tu"))] == ["amends"]


def test_unit_examples_are_split_into_units():
    for example in rules.load("units")["examples"]:
        text = example.split(" chủ trì")[0].split(" thực hiện")[0].removeprefix("Giao ")
        assert split_units(text), example


def test_provinces_are_unique_and_nfc():
    names = [p.name for p in rules.provinces()]
    assert len(names) == len(set(names)) == 63
    assert all(rules.nfc(n) == n for n in names)


# -- the schemas ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", NAMES)
def test_every_rule_file_has_a_schema_and_matches_it(name):
    path = RULES / "schema" / f"{name}.schema.json"
    assert path.is_file(), f"rules/{name}.yaml has no schema"
    schema = json.loads(path.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema.get("description"), name
    rules.read_rules(RULES / f"{name}.yaml")  # raises RulesError on a mismatch


def test_every_schema_belongs_to_a_rule_file():
    schemas = sorted(p.name.removesuffix(".schema.json") for p in (RULES / "schema").glob("*.schema.json"))
    assert schemas == NAMES


@pytest.fixture
def broken(tmp_path, monkeypatch):
    """A copy of rules/ in ``tmp_path/rules`` to break, read from the working directory ``tmp_path``
    (errors then name the file ``rules/<name>.yaml``)."""
    folder = tmp_path / "rules"
    shutil.copytree(RULES, folder)
    monkeypatch.chdir(tmp_path)

    def edit(name: str, old: str, new: str) -> Path:
        path = folder / f"{name}.yaml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) >= 1, (name, old)
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
        return path

    return edit


# [#] stands for the index of the entry, which moves as the files grow
@pytest.mark.parametrize("name, old, new, message", [
    # a number where a label belongs
    ("fields", "labels: [Đơn vị phối hợp,", "labels: [5, Đơn vị phối hợp,",
     "rules/fields.yaml: [#].labels[0]: 5 is not of type 'string'"),
    # a misspelt key the loader would ignore
    ("columns", "  headers: [TT, STT, Số TT, Số thứ tự]", "  header: [TT, STT, Số TT, Số thứ tự]",
     "rules/columns.yaml: [#]: 'headers' is a required property"),
    ("markers", "  section: false\n  examples: [\"- Chủ trì", "  sektion: false\n  examples: [\"- Chủ trì",
     "rules/markers.yaml: [#]: 'section' is a required property"),
    # a role no code knows
    ("columns", "- role: note", "- role: notes",
     "rules/columns.yaml: [#].role: 'notes' is not one of ['stt', 'content', 'lead', 'support', 'products', 'start', 'time', "
     "'level', 'target', 'monitor', 'basis', 'funding', 'note']"),
    # a pattern the regex module cannot compile
    ("cues", "    - 'chịu\\s+trách\\s+nhiệm\\s+thi\\s+hành'", "    - 'chịu\\s+(trách'",
     "rules/cues.yaml: not_task.patterns[1]: 'chịu\\\\s+(trách' is not a 'python-regex' "
     "(missing ) at position 13)"),
    # an unquoted comma in a flow mapping splits a name into a key of its own
    ("issuers", '{name: "Bộ Văn hóa, Thể thao và Du lịch",', "{name: Bộ Văn hóa, Thể thao và Du lịch,",
     "rules/issuers.yaml: national[#]: Additional properties are not allowed ('Thể thao và Du lịch' was unexpected)"),
    ("html", "min_chars: 200", "min_chars: many", "rules/html.yaml: min_chars: 'many' is not of type 'integer'"),
    # an empty list of phrases would make an alternation that matches everywhere
    ("cues", "phrases: [đồng chủ trì với, cùng chủ trì với]", "phrases: []",
     "rules/cues.yaml: co_lead.phrases: [] should be non-empty"),
    # not YAML at all
    ("kinds", "- slug: thong_tu\n", "- slug: thong_tu\n  names: [Thông tư\n",
     None),
])
def test_a_broken_rule_file_fails_in_one_line_naming_it(broken, name, old, new, message):
    path = broken(name, old, new)
    with pytest.raises(rules.RulesError) as caught:
        rules.read_rules(path)
    text = str(caught.value)
    assert "\n" not in text
    if message is None:
        assert regex.match(rf"rules/{name}\.yaml: line \d+: ", text), text
    else:
        assert regex.fullmatch(regex.escape(message).replace(regex.escape("[#]"), r"\[\d+\]"), text), text
    assert isinstance(caught.value, ValueError)


def test_a_broken_file_under_vanban_rules_stops_load(broken, monkeypatch):
    broken("fields", "- role: time", "- role: deadline")
    monkeypatch.setenv("VANBAN_RULES", "rules")
    with pytest.raises(rules.RulesError, match=r"^rules/fields\.yaml: \[\d+\]\.role: 'deadline' is not one of "):
        rules.load.__wrapped__("fields")  # the uncached loader: the real load() keeps the good file


def test_a_rules_folder_without_schemas_is_checked_by_the_shipped_ones(broken):
    broken("fields", "- role: time", "- role: deadline")
    shutil.rmtree("rules/schema")
    with pytest.raises(rules.RulesError, match=r"^rules/fields\.yaml: \[\d+\]\.role: "):
        rules.read_rules(Path("rules/fields.yaml"))


def test_the_schemas_ship_with_the_package():
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parent.parent / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    assert setuptools["package-dir"]["extract._rules"] == "rules"
    assert "schema/*.json" in setuptools["package-data"]["extract._rules"]


# -- every entry has an example ------------------------------------------------------------------------

def _entries():
    """(file, entry, its examples) for every entry that gives its words a role."""
    out = []
    for c in rules.load("columns"):
        out.append(("columns", c["role"], c.get("examples")))
    for f in rules.load("fields"):
        out.append(("fields", f["role"], f.get("examples")))
    for m in rules.load("markers"):
        out.append(("markers", m["kind"], m.get("examples")))
    for f in rules.load("furniture"):
        out.append(("furniture", f["name"], f.get("examples")))
    for f in rules.load("ocr")["fixes"]:
        out.append(("ocr", f["name"], f.get("examples")))
    deadlines = rules.load("deadlines")
    for group in ("prose", "field"):
        for n, e in enumerate(deadlines[group]):
            out.append(("deadlines", f"{group}[{n}]", e.get("examples")))
    for n, e in enumerate(deadlines.get("not_deadline") or ()):
        out.append(("deadlines", f"not_deadline[{n}]", e.get("examples")))
    for k in deadlines["recurrence"]["kinds"]:
        out.append(("deadlines", k["slug"], k.get("examples")))
    out.append(("deadlines", "not_after", deadlines["recurrence"].get("not_after_examples")))
    out.append(("deadlines", "closes_noun", deadlines["recurrence"].get("closes_noun_examples")))
    if "verbs_when_first" in deadlines["recurrence"]:
        out.append(("deadlines", "verbs_when_first", deadlines["recurrence"].get("verbs_when_first_examples")))
    for group, entry in rules.load("cues").items():
        out.append(("cues", group, entry.get("examples")))
    for group in ("opening", "action", "in_title", "after"):
        for relation, entry in rules.load("relations")[group].items():
            out.append(("relations", relation, entry.get("examples")))
    out.append(("relations", "not_own", rules.load("relations")["not_own"].get("examples")))
    for k in rules.kinds():
        out.append(("kinds", k.slug, k.examples))
    for group, entry in rules.load("bodies").items():
        out.append(("bodies", group, entry.get("examples")))
    units = rules.load("units")
    for kind, key in [("heads", "examples"), ("position_heads", "position_examples"), ("honorifics", "person_examples"),
                      ("ranks", "person_examples"), ("generic", "generic_examples"),
                      ("collective", "collective_examples"), ("distinct", "distinct_examples"),
                      ("verbs", "verb_examples"), ("need_name", "need_name_examples"), ("fields", "field_examples"),
                      ("compound_nouns", "compound_examples")]:
        if kind in units:
            out.append(("units", kind, units.get(key)))
    out.append(("positions", "positions", rules.load("positions").get("examples")))
    out.append(("laws", "names", rules.load("laws").get("examples")))
    issued = rules.load("issuers").get("examples") or ()
    for scope in ("national", "local"):
        out.append(("issuers", scope, [e for e, s in issued if s == scope]))
    return out


@pytest.mark.parametrize("file, entry, examples", _entries(), ids=lambda v: v if isinstance(v, str) else "")
def test_every_entry_has_an_example(file, entry, examples):
    assert examples, f"rules/{file}.yaml: {entry} has no example"


# -- every example gets its role -----------------------------------------------------------------------

# (file, entry, example) → what the code gives instead (strict xfail: it fails today, and must pass
# once the code reads the example right)
KNOWN: dict[tuple[str, str, str], str] = {
}


def _id(text: str) -> str:
    return "_".join(rules.fold(text).split()[:8]) or "empty"


def _cases(file: str, rows):
    """pytest params of (entry, example, expected …) rows, one test id per example."""
    out = []
    for row in rows:
        entry, example = row[0], row[1]
        marks = ()
        reason = KNOWN.get((file, entry, example))
        if reason:
            marks = (pytest.mark.xfail(strict=True, reason=reason),)
        out.append(pytest.param(*row, id=f"{entry}-{_id(example)}", marks=marks))
    return out


def _examples_of(entries, key: str, field: str = "examples"):
    return [(e[key], x) for e in entries for x in e.get(field) or ()]


# markers.yaml: the line is an item of the entry's kind

@pytest.mark.parametrize("kind, line", _cases("markers", _examples_of(rules.load("markers"), "kind")))
def test_marker_examples_open_an_item_of_their_kind(kind, line):
    from extract.structure import build

    blocks = build(line, 0, len(line)).blocks
    assert [(b.kind, b.marker) for b in blocks] == [("item", kind)]


# fields.yaml: the outline reads the line as a field of the entry's role

@pytest.mark.parametrize("role, line", _cases("fields", _examples_of(rules.load("fields"), "role")))
def test_field_examples_give_their_role(role, line):
    from extract.structure import build

    block = build(line, 0, len(line)).blocks[0]
    assert block.field is not None, line
    assert block.field.role == role
    assert line[block.field.value[0]:block.field.value[1]].strip()


# columns.yaml: the header cell gets the entry's role, alone and as the header row of a pipe table

@pytest.mark.parametrize("role, header", _cases("columns", _examples_of(rules.load("columns"), "role")))
def test_column_examples_give_their_role(role, header):
    from extract.tables import column_role, pipe_table

    assert column_role(header) == role
    text = (f"| STT | Nội dung | Cơ quan chủ trì | {header} |\n| --- | --- | --- | --- |\n"
            "| 1 | Rà soát thủ tục hành chính | Sở Tư pháp | Quý I năm 2026 |")
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    table = pipe_table(text, lines)
    assert table is not None
    assert table.columns[-1].role == role


# cues.yaml: the task finder's pattern for the group matches each example

def _heading(text: str) -> str:
    from extract.structure import build
    from extract.tasks import _bare

    return _bare(build(text, 0, len(text)).blocks[0].text(text))


def _outlined(text: str):
    from extract.outline import read_outline

    t = clean(text).text
    info, outline = read_outline(t)
    return t, outline, info


def _cue_reads(group: str, example: str) -> bool:
    from extract import tasks

    if group == "assign":
        return tasks._assign_re().match(example) is not None
    if group == "request":  # "A giao B …": A is one unit, the cue follows it
        m = tasks._request_re().match(example)
        return m is not None and tasks._one_unit(m.group("who"))
    if group == "directs":  # under a unit heading, the duty is the heading unit's
        text = f"2. Đảng ủy Ủy ban nhân dân tỉnh\n{example}\n"
        got = [t.lead for t in tasks.find_tasks(*_outlined(text))]
        return tasks._directs_first_re().match(example) is not None and got == [["Đảng ủy Ủy ban nhân dân tỉnh"]]
    if group == "lead":
        return tasks._lead_cue_re().search(example) is not None
    if group == "support":  # the units after the cue are found
        return tasks._support_re().search(example) is not None and bool(tasks._support_in(example, 0, len(example)))
    if group == "co_lead":
        return bool(tasks._co_leads(example, 0, len(example)))
    if group == "duty_intro":
        return tasks._duty_intro_re().search(example) is not None
    if group == "speaker_intro":  # the cue after the speaker's name
        m = regex.search(r"(?:Giám đốc Sở|Chủ tịch Ủy ban nhân dân tỉnh|Nguyễn Văn Hùng|Ban Thường vụ Huyện ủy)", example)
        return m is not None and tasks._speaker_intro_re().match(example, m.end()) is not None
    if group == "topics_intro":
        return tasks._topics_intro_re().search(example) is not None
    if group == "sub_rows":  # a line of a flattened table that opens the row's sub-rows
        from extract.tables import _sub_rows_re

        return _sub_rows_re().match(example) is not None
    if group == "members_intro":
        return tasks._members_intro_re().search(example) is not None
    if group == "heading_prefix":  # the cue, then the unit the heading names
        content = _heading(example)
        m = tasks._heading_prefix_re().match(content)
        return m is not None and bool(split_units(content[m.end():], lenient=True))
    if group == "not_operative":
        return tasks._not_operative_re().match(rules.fold(_heading(example))) is not None
    if group == "not_task":
        return tasks.is_not_task(example)
    raise AssertionError(f"no test for the cue group {group}")


@pytest.mark.parametrize("group, example", _cases("cues", [
    (group, x) for group, entry in rules.load("cues").items() for x in entry.get("examples") or ()]))
def test_cue_examples_are_read_by_their_group(group, example):
    assert _cue_reads(group, example)


# deadlines.yaml: the deadline finder gives the entry's kind

def _deadline_rows():
    data = rules.load("deadlines")
    rows = []
    for group in ("prose", "field"):
        for n, e in enumerate(data[group]):
            rows += [(f"{group}[{n}]", x, e["pattern"]) for x in e.get("examples") or ()]
    return rows


@pytest.mark.parametrize("entry, text, pattern", _cases("deadlines", _deadline_rows()))
def test_event_deadline_examples_are_found(entry, text, pattern):
    from extract.deadlines import event_deadlines

    in_field = entry.startswith("field")
    found = event_deadlines(text, 0, len(text), [], in_field=in_field)
    mine = [d for d in found if regex.fullmatch(pattern, d.text, regex.I)]
    assert mine, [d.text for d in found]
    assert all(d.start is None and d.end is None for d in mine)
    if in_field:  # a field's phrase is no deadline in prose
        assert not [d for d in event_deadlines(text, 0, len(text), []) if regex.fullmatch(pattern, d.text, regex.I)]


@pytest.mark.parametrize("entry, text", _cases("deadlines", [
    (f"not_deadline[{n}]", x) for n, e in enumerate(rules.load("deadlines").get("not_deadline") or ())
    for x in e.get("examples") or ()]))
def test_not_deadline_examples_give_no_date(entry, text):
    from extract.deadlines import parse

    assert [d.text for d in parse(text, 0, 2026) if d.start or d.end] == []


@pytest.mark.parametrize("entry, text", _cases("deadlines", [
    ("reviewed", x) for x in (rules.load("deadlines").get("reviewed") or {}).get("examples") or ()]))
def test_the_period_a_review_covers_is_no_deadline_beside_a_time_of_its_own(entry, text):
    from extract.deadlines import parse

    before = rules.load("deadlines")["reviewed"]["before"]
    got = parse(text, 0, 2026)
    assert got and all(not regex.search(rf"(?:{before})$", text[:d.span[0]], regex.I) for d in got), [d.text for d in got]
    # without the time of its own, the period is the deadline
    alone = _first_clause(text)
    assert [d.text for d in parse(alone, 0, 2026) if d.start or d.end]


def _first_clause(text: str) -> str:
    return regex.split(r"[:;]", text, maxsplit=1)[0]


@pytest.mark.parametrize("slug, text", _cases("deadlines", _examples_of(rules.load("deadlines")["recurrence"]["kinds"], "slug")))
def test_recurrence_examples_give_their_recurrence(slug, text):
    from extract.deadlines import parse

    got = [d.recurrence for d in parse(text, 0, 2025)]
    assert slug in got, got


@pytest.mark.parametrize("entry, text", _cases("deadlines", [
    ("not_after", x) for x in rules.load("deadlines")["recurrence"].get("not_after_examples") or ()]))
def test_recurrence_after_a_noun_is_no_recurrence(entry, text):
    from extract.deadlines import parse

    assert [d.recurrence for d in parse(text, 0, 2025) if d.recurrence] == []


@pytest.mark.parametrize("entry, text", _cases("deadlines", [
    ("closes_noun", x) for x in rules.load("deadlines")["recurrence"].get("closes_noun_examples") or ()]))
def test_recurrence_after_a_closed_noun_phrase_counts(entry, text):
    from extract.deadlines import parse

    assert [d.recurrence for d in parse(text, 0, 2025) if d.recurrence] == ["monthly"]


@pytest.mark.parametrize("entry, text", _cases("deadlines", [
    ("verbs_when_first", x) for x in rules.load("deadlines")["recurrence"].get("verbs_when_first_examples") or ()]))
def test_recurrence_after_a_verb_opening_the_clause_counts(entry, text):
    from extract.deadlines import parse

    assert [d.recurrence for d in parse(text, 0, 2025) if d.recurrence]


# furniture.yaml: the cleaner drops it

BEFORE = "Điều 1. Phê duyệt Kế hoạch cải cách hành chính năm 2026 của Ủy ban nhân dân tỉnh.\n"
AFTER = "\nĐiều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"


# a document as a portal page holds it, for the furniture that is the page around the document
DOCUMENT = ("ỦY BAN NHÂN DÂN\nTỈNH NGHỆ AN\n-------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 15/2026/QĐ-UBND\nNghệ An, ngày 10 tháng 3 năm 2026\nQUYẾT ĐỊNH\nBan hành Quy chế lưu trữ\n"
            "Căn cứ Luật Lưu trữ ngày 21 tháng 6 năm 2024;\nĐiều 1. Ban hành kèm theo Quyết định này Quy chế.\n"
            "Nơi nhận:\n- Như Điều 3;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nLê Văn A\n")
_DROP = {f["name"]: f.get("drop", "line") for f in rules.load("furniture")}


@pytest.mark.parametrize("name, text", _cases("furniture", _examples_of(rules.load("furniture"), "name")))
def test_furniture_examples_are_dropped(name, text):
    if _DROP[name] == "before":
        assert clean(text + DOCUMENT).text == clean(DOCUMENT).text
    elif _DROP[name] == "to_end":
        assert clean(DOCUMENT + text).text == clean(DOCUMENT).text
    else:
        assert clean(BEFORE + text + AFTER).text == clean(BEFORE + AFTER).text


def test_a_page_around_the_document_is_dropped_only_when_it_is_no_document():
    # a header table read cell by cell puts the number before the motto: that is the document's
    header = "ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG\nSố: 12/UBND-TH\nV/v triển khai\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nKính gửi: Sở Tài chính\n"
    assert clean(header).text.startswith("ỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG")
    # a Party header read cell by cell: its star and its number come before the Party's name, the portal's
    # page (its title cites the plan's grounds) before them; the news lists after the signature are the portal's
    party = ("ĐẢNG BỘ TỈNH NAM SƠN\nBAN THƯỜNG VỤ TỈNH ỦY\n*\nSố 41-KH/TU\nĐẢNG CỘNG SẢN VIỆT NAM\n"
             "Nam Sơn, ngày 02 tháng 4 năm 2026\nKẾ HOẠCH\ntổ chức Tháng hành động vì môi trường năm 2026\n"
             "Thực hiện Chỉ thị số 41-CT/TW ngày 15/4/2015 của Ban Bí thư, Ban Thường vụ Tỉnh ủy xây dựng Kế hoạch như sau:\n"
             "1. Ban Tuyên giáo và Dân vận Tỉnh ủy chủ trì hướng dẫn tuyên truyền trong tháng 5/2026.\n"
             "Nơi nhận:\n- Các đảng ủy trực thuộc,\n- Lưu Văn phòng Tỉnh ủy.\nT/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ\nTrần Văn B\n")
    page = ("Cổng Thông tin điện tử Đảng bộ tỉnh Nam Sơn\nTrang chủ | Văn bản | Liên hệ\n"
            "Kế hoạch thực hiện Chỉ thị số 41-CT/TW của Ban Bí thư năm 2026\nNgày đăng: 03/04/2026 | Lượt xem: 512\n")
    news = "Tệp đính kèm: 41-KH-TU.pdf (Tải về)\nCÁC TIN ĐÃ ĐƯA\n- Kế hoạch số 38-KH/TU ngày 20/01/2026 về công tác dân vận (22/01/2026)\n"
    assert clean(page + party + news).text == clean(party).text
    assert clean(party).text.startswith("ĐẢNG BỘ TỈNH NAM SƠN\nBAN THƯỜNG VỤ TỈNH ỦY")
    # a motto deep inside (a form in an appendix) is no document start
    doc = "Điều 1. Ban hành mẫu.\nMẫu số 01\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    assert clean(doc).text.startswith("Điều 1.")
    # a sentence of the document that speaks of related documents is no portal section
    doc = DOCUMENT.replace("Điều 1.", "Văn bản liên quan đến lưu trữ được rà soát.\nĐiều 1.")
    assert "Văn bản liên quan đến lưu trữ" in clean(doc).text and "Lê Văn A" in clean(doc).text


# ocr.yaml: the fix turns the misreading into the text

@pytest.mark.parametrize("name, misread, fixed", _cases("ocr", [
    (f["name"], a, b) for f in rules.load("ocr")["fixes"] for a, b in f.get("examples") or ()]))
def test_ocr_examples_are_fixed(name, misread, fixed):
    from extract import ocr

    assert ocr.fix(misread) == fixed


@pytest.mark.parametrize("name, misread, fixed", [
    (f["name"], a, b) for f in rules.load("ocr")["fixes"] if f.get("everywhere") for a, b in f.get("examples") or ()])
def test_ocr_fixes_marked_everywhere_apply_to_every_text(name, misread, fixed):
    # OCR output saved as a text file gets them too; typed text never holds the form
    assert clean(misread).text == clean(fixed).text
    assert clean("Điều 3. Mục IO/ x; Mẫu số 02/TB; năm 2024").text == "Điều 3. Mục IO/ x; Mẫu số 02/TB; năm 2024"


@pytest.mark.parametrize("name, misread, hint, pattern", [
    (f["name"], a, f["hint"], f["pattern"]) for f in rules.load("ocr")["fixes"] if f.get("hint")
    for a, _ in f.get("examples") or ()])
def test_an_ocr_hint_is_in_every_match_of_its_fix(name, misread, hint, pattern):
    # the cleaner skips the fix in a text without the hint: every match must hold it
    matches = list(regex.finditer(pattern, misread, regex.M))
    assert matches
    assert all(regex.search(hint, m.group()) for m in matches)


# bodies.yaml: a listed name is one unit, alone and among the assignees of a real sentence

@pytest.mark.parametrize("group, name", _cases("bodies", [
    (group, n) for group, entry in rules.load("bodies").items() for n in entry["names"]]))
def test_body_names_are_one_unit(group, name):
    assert split_units(name) == [name]


def _tasks_of(text: str):
    from extract.outline import read_outline
    from extract.tasks import find_tasks

    t = clean(text).text
    info, outline = read_outline(t)
    return find_tasks(t, outline, info)


@pytest.mark.parametrize("group, example", _cases("bodies", [
    (group, x) for group, entry in rules.load("bodies").items() for x in entry.get("examples") or ()]))
def test_body_examples_keep_each_name_whole(group, example):
    from extract.structure import build
    from extract.units import _names_re

    text = example
    if build(example, 0, len(example)).blocks[0].marker:  # a heading: give it a duty beneath
        text += "\n- Tổ chức triển khai thực hiện các nhiệm vụ được giao."
    units = [rules.fold(u) for t in _tasks_of(text) for u in (*t.lead, *t.support)]
    names = [rules.fold(m.group()) for m in _names_re().finditer(example)]
    assert names, example
    # the assignees hold a listed name whole (the unit that only directs others is none: SPEC rule 7) …
    assert any(f" {n} " in f" {u} " for n in names for u in units), (names, units)
    # … and none is a piece of one
    assert [u for u in units for n in names if u != n and f" {u} " in f" {n} "] == []


# units.yaml: split_units gives the units of each example

def _split(text: str) -> list[str]:
    """The units of ``text``, after a leading assignment cue (``Giao``, ``Đề nghị``) as the finder reads them."""
    from extract.tasks import _assign_re

    cue = _assign_re().match(text)
    return split_units(text[cue.end():] if cue else text, lenient=cue is not None)


def _unit_rows():
    data = rules.load("units")
    rows = []
    for key in ("position_examples", "person_examples", "generic_examples", "distinct_examples", "verb_examples",
                "need_name_examples", "field_examples"):
        rows += [(key, text, units) for text, units in data.get(key) or ()]
    rows += [("collective_examples", text, [text]) for text in data.get("collective_examples") or ()]
    return rows


@pytest.mark.parametrize("key, text, units", _cases("units", _unit_rows()))
def test_unit_examples_split_into_their_units(key, text, units):
    # a collective unit after no cue is read leniently (a support cell, "phối hợp với …"): its pieces stay one
    got = split_units(text, lenient=True) if key == "collective_examples" else _split(text)
    assert got == units


@pytest.mark.parametrize("key, text", _cases("units", [("examples", x) for x in rules.load("units")["examples"]]))
def test_unit_head_examples_name_units_by_their_head_words(key, text):
    from extract.units import _head_re, person_re

    units = _split(text)
    assert units
    assert all(_head_re().match(u) or person_re().match(u) for u in units), units


@pytest.mark.parametrize("key, text", _cases("units", [("compound_examples", x) for x in rules.load("units").get("compound_examples") or ()]))
def test_unit_compound_nouns_stay_inside_a_name(key, text):
    nouns = [n for n in rules.load("units")["compound_nouns"] if regex.search(rf"(?i)(?<!\p{{L}}){n}(?!\p{{L}})", text)]
    assert nouns, text
    units = _split(text)
    for noun in nouns:
        assert any(noun in u.lower() for u in units), (noun, units)


def test_need_name_words_are_head_words():
    data = rules.load("units")
    assert set(data["need_name"]) <= set(data["heads"]) | set(data["position_heads"])


# positions.yaml: the outline reads the signer's position from the signature block

@pytest.mark.parametrize("entry, block, position", _cases("positions", [
    ("positions", b, p) for b, p in rules.load("positions").get("examples") or ()]))
def test_position_examples_give_the_signers_position(entry, block, position):
    from extract.outline import read_outline

    assert position in rules.load("positions")["positions"]
    info, _ = read_outline(clean(block).text)
    assert info.signer.position == position


# laws.yaml: a law cited by a listed name is read to the end of that name

@pytest.mark.parametrize("entry, sentence", _cases("laws", [("names", x) for x in rules.load("laws").get("examples") or ()]))
def test_law_examples_cite_a_listed_name(entry, sentence):
    text = clean(sentence).text
    laws = rules.load("laws")
    found = [f for f in find_references(text) if f.law_name and f.type in ("luat", "bo_luat", "phap_lenh")]
    assert found, sentence
    written = text[found[0].law_name[0]:found[0].law_name[1]]
    name = regex.sub(r"(?i)^(?:bộ\s+luật|luật|pháp\s+lệnh)\s+", "", written)
    assert name in laws[found[0].type], written


KIND_WORD = {"luat": "Luật", "bo_luat": "Bộ luật", "phap_lenh": "Pháp lệnh"}


@pytest.mark.parametrize("slug, name", [pytest.param(s, n, id=f"{s}-{_id(n)}")
                                        for s in KIND_WORD for n in rules.load("laws").get(s) or ()])
def test_every_law_name_is_read_whole(slug, name):
    # in the words of laws.yaml's third example: "theo quy định của Luật Doanh nghiệp đồng thời đề nghị …"
    text = f"theo quy định của {KIND_WORD[slug]} {name} đồng thời đề nghị các cơ quan"
    found = [text[f.law_name[0]:f.law_name[1]] for f in find_references(text) if f.law_name]
    assert found == [f"{KIND_WORD[slug]} {name}"]


# issuers.yaml: each reference resolves to its scope; every symbol and name gives its body's scope

@pytest.mark.parametrize("scope, reference", _cases("issuers", [
    (s, r) for r, s in rules.load("issuers").get("examples") or ()]))
def test_issuer_examples_resolve_to_their_scope(scope, reference):
    from extract.resolve import CitingContext, resolve

    text = clean(reference).text
    refs = resolve(text, find_references(text), CitingContext(province="Nghệ An"))
    assert refs, reference
    assert refs[0].scope == ("national" if scope == "national" else "Nghệ An")


def _numbered(symbol: str) -> str:
    """A number carrying ``symbol`` as documents write it: ``12/QĐ-BNV``, ``12/NĐ-CP``, ``12-NQ/TU``."""
    if symbol.upper() in {"TW", "TU", "TƯ", "HU", "VPTW"}:
        return f"12-NQ/{symbol}"
    return f"12/{symbol}" if "-" in symbol else f"12/QĐ-{symbol}"


@pytest.mark.parametrize("body, symbol", [
    pytest.param(b, s, id=f"{_id(b.name)}-{_id(s)}") for b in rules.bodies() for s in b.symbols])
def test_every_issuer_symbol_gives_its_scope(body, symbol):
    from extract.ids import canonical_id, symbol_scope

    # a symbol listed with its kind code ("NĐ-CP") is looked up whole as well
    assert symbol_scope(canonical_id(_numbered(symbol))) == body.scope


@pytest.mark.parametrize("body", rules.bodies(), ids=lambda b: _id(b.name))
def test_every_issuer_name_gives_its_scope(body):
    from extract.ids import issuer_scope

    assert [n for n in body.names if issuer_scope(n) != body.scope] == []


# provinces.yaml: every name and alias names its province

@pytest.mark.parametrize("province", rules.provinces(), ids=lambda p: _id(p.name))
def test_every_province_name_and_alias_is_found(province):
    from extract.ids import province_in

    for written in (province.name, *province.aliases):
        assert province_in(f"Ủy ban nhân dân tỉnh {written}") == province.name, written


# html.yaml: each container holds the document, each layout cue marks a layout table

BODY_TEXT = ("Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan, đơn vị thường xuyên tổ chức rà soát các văn bản quy "
             "phạm pháp luật. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh, Liên đoàn Lao động tỉnh phối hợp tuyên "
             "truyền. Sở Tài chính chủ trì, phối hợp các sở, ban, ngành.")


def _element(selector: str, inner: str) -> str:
    if selector.startswith("#"):
        return f'<div id="{selector[1:]}">{inner}</div>'
    if selector.startswith("."):
        return f'<div class="x {selector[1:]}">{inner}</div>'
    return f"<{selector}>{inner}</{selector}>"


@pytest.mark.parametrize("selector", rules.load("html")["containers"])
def test_html_containers_hold_the_document(selector):
    from extract.html import html_text

    assert len(BODY_TEXT) >= rules.load("html")["min_chars"]
    page = (f"<html><body><div>Trang chủ | Văn bản pháp luật | Văn bản liên quan</div>"
            f"{_element(selector, f'<p>{BODY_TEXT}</p>')}<div>Bản quyền thuộc Cổng thông tin điện tử</div></body></html>")
    text = html_text(page)
    assert "Giao Sở Tư pháp chủ trì" in text
    assert "Trang chủ" not in text and "Bản quyền" not in text


@pytest.mark.parametrize("cue", rules.load("html")["layout_cues"])
def test_html_layout_cues_mark_layout_tables(cue):
    from extract.html import is_layout

    assert is_layout(f"| ỦY BAN NHÂN DÂN TỈNH | {cue} |")
    assert not is_layout("| STT | Nội dung | Cơ quan chủ trì |")


@pytest.mark.parametrize("tag", rules.load("html")["furniture"])
def test_html_site_furniture_is_dropped_without_a_container(tag):
    from extract.html import html_text

    page = f"<html><body><{tag}>Trang chủ | Liên hệ</{tag}><p>{BODY_TEXT}</p></body></html>"
    text = html_text(page)
    assert "Giao Sở Tư pháp" in text and "Liên hệ" not in text
