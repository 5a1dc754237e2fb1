"""Questions users ask the store: who cites a document, what a document cites, the citation graph
around a document, what is cited but never ingested, which documents still cite a replaced one.

Graph walks are recursive CTEs, the same SQL on SQLite and PostgreSQL. Documents are named as a user
writes them: ``59/2019/NĐ-CP``, ``nd 59/2019``, ``57/qd-ubnd``, a law's name without diacritics, a
stored document's number or path, or ``#12`` (a row of ``documents``).
"""

from __future__ import annotations

from collections import defaultdict, namedtuple
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import regex
from sqlalchemy import Integer, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from .errors import VanbanError
from .store import Document, Edge, Mention, Node, Store, TaskRow, fold, stream

RELATIONS = ("based_on", "implements", "amends", "replaces", "repeals", "guides", "mentions")
ENDING = ("replaces", "repeals")  # relations after which the target no longer applies
MAX_ID = 2**31 - 1  # the largest row id PostgreSQL's integer keys hold (SQLite's go higher, never in use)


# -- naming documents --------------------------------------------------------------------------

_NUMBER = regex.compile(r"\d+[A-Z]?(?:/(?:19|20)\d\d)?")
_CODE = regex.compile(r"[A-Z]{2,}")


def find_nodes(session: Session, query: str) -> list[Node]:
    """Nodes a user means by ``query``; several when the number is ambiguous (other provinces)."""
    q = fold(query).strip()
    if not q:
        return []
    exact = session.scalars(select(Node).where(Node.folded_id == q)).all()
    if exact:
        return list(exact)
    number = _NUMBER.search(q)
    if number is None:  # a law by name: "luat dat dai 2024"; the closest names win
        return _by_name(session, q)
    num = number.group()
    codes = set(_CODE.findall(_kind_words_to_codes(q[: number.start()] + " " + q[number.end():])))
    codes -= {"SO", "NGAY"}
    # user text in LIKE patterns always with autoescape: "%" and "_" are characters, not wildcards (issue 16)
    rows = session.scalars(select(Node).where(or_(Node.folded_id == num,
                                                  Node.folded_id.startswith(f"{num}/", autoescape=True),
                                                  Node.folded_id.startswith(f"{num}-", autoescape=True)))).all()
    out = []
    for node in rows:
        parts = set(regex.split(r"[-/]", node.folded_id)[1:])
        if codes <= parts:
            out.append(node)
    return out


def _by_name(session: Session, q: str) -> list[Node]:
    words = regex.findall(r"\w+", q.lower())
    year = next((int(w) for w in words if regex.fullmatch(r"(?:19|20)\d\d", w)), None)
    words = [w for w in words if not w.isdigit()]
    if not words:
        return []
    phrase = " ".join(words)
    tiers: dict[int, list[int]] = defaultdict(list)
    # plain rows, not objects: every titled node of the archive is read (issue 15)
    for node in session.execute(select(Node.id, Node.title, Node.type, Node.year)
                                .where(Node.title.is_not(None)).order_by(Node.id)):
        if year is not None and node.year != year:
            continue
        title = " ".join(regex.findall(r"\w+", fold(node.title).lower()))
        full = " ".join(regex.findall(r"\w+", fold(f"{kind_name(node.type)} {node.title}").lower()))
        if phrase in (title, full):
            tiers[0].append(node.id)
        elif full.startswith(phrase) or title.startswith(phrase):
            tiers[1].append(node.id)
        elif all(w in full.split() for w in words):
            tiers[2].append(node.id)
    if not tiers:
        return []
    ids = tiers[min(tiers)]
    found = {n.id: n for chunk in _chunks(ids) for n in session.scalars(select(Node).where(Node.id.in_(chunk)))}
    return [found[i] for i in ids]


def _chunks(ids: list[int], size: int = 500):
    """``ids`` in slices small enough for one ``IN (…)`` on every backend."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


@cache
def kind_name(slug: str | None) -> str:
    """``chi_thi`` → ``Chỉ thị``: a document kind's name as written."""
    from . import rules

    for kind in rules.kinds():
        if kind.slug == slug:
            return kind.names[0]
    return (slug or "").replace("_", " ").capitalize()


def _kind_words_to_codes(text: str) -> str:
    """``NGHI DINH`` → ``ND`` (kind names, folded, to the codes of number symbols; rules/kinds.yaml)."""
    from . import rules

    pairs = sorted(((fold(name), fold(k.symbols[0])) for k in rules.kinds() if k.symbols for name in k.names),
                   key=lambda p: -len(p[0]))
    for name, code in pairs:
        text = regex.sub(rf"(?<!\w){regex.escape(name)}(?!\w)", code, text)
    return text


def find_document(session: Session, query: str) -> Document:
    """The stored document ``query`` names (``#id``, a path, or its number)."""
    m = regex.fullmatch(r"#?(\d+)", query.strip())
    if m and int(m.group(1)) <= MAX_ID:  # beyond any row id: no such document, not an OverflowError
        if doc := session.get(Document, int(m.group(1))):
            return doc
    path = Path(query)
    docs = session.scalars(select(Document).where(or_(Document.path == query, Document.path == str(path),
                                                      Document.path.endswith(f"/{path.name}", autoescape=True)))).all()
    if len(docs) == 1:
        return docs[0]
    if not docs:
        node_ids = [n.id for n in find_nodes(session, query)]
        docs = session.scalars(select(Document).where(Document.node_id.in_(node_ids))).all() if node_ids else []
    if len(docs) == 1:
        return docs[0]
    if not docs:
        raise VanbanError(None, f"no stored document matches {query!r} (try `vanban unresolved` or a path)")
    names = ", ".join(f"#{d.id} {d.number or Path(d.path).name}" for d in docs[:8])
    raise VanbanError(None, f"{query!r} names {len(docs)} stored documents: {names}; give #id or the path")


def label(node) -> str:
    """How a node is shown: its id as issued, else its kind and title (a :class:`Node` or a row of its
    columns)."""
    if node.cited_id:
        return node.shown_id or node.cited_id  # as issued (QĐ-TTg); lookups go by cited_id
    name = kind_name(node.type) + " " if node.type and node.type != "luat" else ""
    return (name + (node.title or node.key)).strip() + (f" ({node.year})" if node.year else "")


def _node_dict(node, documents: dict) -> dict:
    doc = documents.get(node.id)
    return {"node": node.id, "id": node.cited_id, "label": label(node), "type": node.type, "scope": node.scope,
            "year": node.year, "date": node.date, "issuer": node.issuer, "title": node.title,
            "document": doc.id if doc else None, "path": doc.path if doc else None}


# the columns of a node that every listing shows: plain rows, never objects (issue 15: an object per
# edge made `vanban graph` and `cites` on an archive take minutes)
NODE_COLUMNS = (Node.id, Node.key, Node.cited_id, Node.shown_id, Node.title, Node.type, Node.scope, Node.year,
                Node.date, Node.issuer)


def _documents_by_node(session: Session, node_ids) -> dict:
    """node id → (id, path) of the stored document that is the node (the last stored, when several)."""
    if hasattr(node_ids, "subquery"):  # a SELECT of node ids
        wanted = [Document.node_id.in_(node_ids)]
    else:
        ids = list(node_ids)
        if not ids:
            return {}
        wanted = [Document.node_id.in_(chunk) for chunk in _chunks(ids)]
    out = {}
    for where in wanted:
        for row in session.execute(select(Document.node_id, Document.id, Document.path).where(where)
                                   .order_by(Document.id)):
            out[row.node_id] = row
    return out


# -- who cites, what is cited --------------------------------------------------------------------

@dataclass
class Citation:
    relation: str
    source: dict  # the citing node (document or cited document via `of`)
    target: dict
    document: dict  # the ingested document stating it
    text: str
    via_of: bool
    stale: str | None = None  # "replaced by X on D" when the cited document no longer applied
    mentions: int = 1  # how many times the document states it


def _citations(session: Session, where) -> list[Citation]:
    # plain tuples from the driver, no row objects (issue 15: making SQLAlchemy rows for the 18,000
    # citations of a much-cited decree cost as much as the query); the columns of the nodes read once
    # each, not on every row of their edges
    rows = list(stream(session.connection(), select(
        Edge.id, Edge.relation, Edge.via_of, Document.id, Document.path, Document.number, Document.date,
        Document.node_id, Mention.position, Mention.text, Edge.source_id, Edge.target_id)
        .join(Document, Edge.document_id == Document.id).join(Mention, Edge.mention_id == Mention.id)
        .where(where)))
    # sorted here, not by the database: NULL dates and the collation of paths decide nothing (the same rows in
    # the same order on SQLite and PostgreSQL); within a document, in the order it states them
    rows.sort(key=lambda r: (r[1], r[6] or "", r[4], r[8], r[2], r[0]))
    edges = select(Edge.source_id).where(where).union(select(Edge.target_id).where(where))
    docs = _documents_by_node(session, edges)
    make = _NodeColumns._make
    nodes = {row[0]: _node_dict(make(row), docs)
             for row in stream(session.connection(), select(*NODE_COLUMNS).where(Node.id.in_(edges)))}
    endings = _endings(session, select(Edge.target_id).where(where))
    out: list[Citation] = []
    seen: dict[tuple, Citation] = {}
    for r in rows:
        _, relation, via_of, doc_id, path, number, date, doc_node, _, text, source, target = r
        key = (relation, source, target, doc_id, via_of)
        if key in seen:
            seen[key].mentions += 1
            continue
        c = seen[key] = Citation(relation, dict(nodes[source]), dict(nodes[target]),
                                 {"id": doc_id, "path": path, "number": number, "date": date}, text, bool(via_of))
        if not via_of and relation not in ENDING:
            c.stale = _stale(endings.get(target, []), date, doc_node)
        out.append(c)
    return out


# a node's columns read from a row (what :func:`label` and :func:`_node_dict` read)
_NodeColumns = namedtuple("_NodeColumns", [c.name for c in NODE_COLUMNS])


def _endings(session: Session, node_ids) -> dict[int, list[tuple[str, str, str]]]:
    """For each node, the (relation, by, date) of ingested documents replacing or repealing it."""
    if not hasattr(node_ids, "subquery"):
        node_ids = list(node_ids)
        if not node_ids:
            return {}
    rows = session.execute(
        select(Edge.target_id, Edge.relation, Edge.source_id, Document.number, Document.path, Document.date)
        .join(Document, and_(Edge.document_id == Document.id, Edge.source_id == Document.node_id))
        .where(Edge.relation.in_(ENDING), Edge.target_id.in_(node_ids))
        .order_by(Edge.id)
    ).all()
    out: dict[int, list] = defaultdict(list)
    for target, relation, source, number, path, when in rows:
        out[target].append((relation, number or Path(path).name, when, source))
    return out


def _stale(endings: list, cited_on: str | None, citing_node: int | None) -> str | None:
    for relation, by, when, source in endings:
        if source == citing_node or not when or not cited_on:
            continue
        if cited_on >= when:
            verb = "replaced" if relation == "replaces" else "repealed"
            return f"{verb} by {by} on {when}"
    return None


def cites(store: Store, query: str) -> tuple[list[Node], dict[str, list[Citation]]]:
    """Who cites the document ``query`` names, grouped by relation."""
    with store.session() as session:
        nodes = find_nodes(session, query)
        if not nodes:
            raise VanbanError(None, f"no cited or stored document matches {query!r}")
        grouped: dict[str, list[Citation]] = defaultdict(list)
        for c in _citations(session, Edge.target_id.in_([n.id for n in nodes])):
            grouped[c.relation].append(c)
        session.expunge_all()
        return nodes, dict(sorted(grouped.items(), key=lambda kv: _rank(kv[0])))


def cited_by(store: Store, nodes: list[Node]) -> tuple[int, int]:
    """(citing documents, mentions) of ``nodes``, counted as ``top-cited`` counts them: every mention
    once (a reference nested in another's title is still one mention)."""
    with store.session() as session:
        documents, mentions = session.execute(
            select(func.count(func.distinct(Edge.document_id)), func.count(func.distinct(Edge.mention_id)))
            .where(Edge.via_of.is_(False), Edge.target_id.in_([n.id for n in nodes]))).one()
        return documents or 0, mentions or 0


def _rank(relation: str) -> int:
    return RELATIONS.index(relation) if relation in RELATIONS else len(RELATIONS)


def refs(store: Store, query: str) -> tuple[Document, list[Citation]]:
    """What the stored document ``query`` names cites (its own edges and those between the documents it
    cites), each flagged when the cited document was already replaced or repealed."""
    with store.session() as session:
        doc = find_document(session, query)
        out = _citations(session, Edge.document_id == doc.id)
        session.expunge_all()
        return doc, out


@dataclass
class Shown:
    document: Document
    node: dict | None
    references: list[Citation]
    cited_by: list[Citation]
    ended_by: list[tuple[str, str, str]] = field(default_factory=list)  # (relation, by, date)
    tasks: int = 0


def show(store: Store, query: str) -> Shown:
    with store.session() as session:
        doc = find_document(session, query)
        node = session.get(Node, doc.node_id) if doc.node_id else None
        references = _citations(session, Edge.document_id == doc.id)
        cited_by = _citations(session, and_(Edge.target_id == doc.node_id, Edge.document_id != doc.id)) \
            if node else []
        ended = [(r, by, when) for r, by, when, _ in _endings(session, {node.id}).get(node.id, [])] if node else []
        tasks = session.scalar(select(func.count()).select_from(TaskRow).where(TaskRow.document_id == doc.id)) or 0
        shown = Shown(doc, _node_dict(node, {node.id: doc}) if node else None, references, cited_by, ended, tasks)
        session.expunge_all()
        return shown


def _node_key(node) -> tuple:
    """A total order on nodes that is the same on every backend: no NULL ordering and no collation
    of the database decides it (PostgreSQL puts NULLs last and sorts by its locale, SQLite by bytes)."""
    return (node.cited_id or "", node.title or "", node.type or "", node.scope or "", node.year or 0, node.id)


def _counted(session: Session, where, limit: int | None = None) -> list[tuple]:
    """(node row, citing documents, mentions) of every node an edge matching ``where`` targets, most citing
    documents first, then most mentions, then :func:`_node_key`; the first ``limit`` of them."""
    documents = func.count(func.distinct(Edge.document_id))
    mentions = func.count(func.distinct(Edge.mention_id))
    counts = session.execute(select(Edge.target_id, documents, mentions).where(where)
                             .group_by(Edge.target_id)).all()
    if limit is not None and len(counts) > limit:
        # only the nodes that can be among the first: the counts decide, ties at the limit are all read
        counts.sort(key=lambda r: (-r[1], -r[2]))
        last = counts[limit - 1][1:]
        counts = [r for r in counts if (r[1], r[2]) >= last]
    by_id = {r[0]: (r[1], r[2]) for r in counts}
    nodes = [n for chunk in _chunks(list(by_id)) for n in session.execute(select(*NODE_COLUMNS).where(
        Node.id.in_(chunk)))] if limit is not None else \
        list(session.execute(select(*NODE_COLUMNS).where(Node.id.in_(select(Edge.target_id).where(where)))))
    rows = sorted(((n, *by_id[n.id]) for n in nodes), key=lambda r: (-r[1], -r[2], _node_key(r[0])))
    return rows[:limit] if limit is not None else rows


def top_cited(store: Store, limit: int = 10) -> list[dict]:
    """Documents cited by the most ingested documents (ties: most mentions, then by id)."""
    with store.session() as session:
        rows = _counted(session, Edge.via_of.is_(False), limit)
        docs = _documents_by_node(session, [n.id for n, _, _ in rows])
        return [{**_node_dict(n, docs), "count": d, "mentions": m} for n, d, m in rows]


def unresolved(store: Store, limit: int | None = None) -> list[dict]:
    """Cited documents never ingested, most cited first."""
    with store.session() as session:
        rows = _counted(session, ~select(Document.id).where(Document.node_id == Edge.target_id).exists(), limit)
        return [{**_node_dict(n, {}), "count": d, "mentions": m} for n, d, m in rows]


# -- the graph -----------------------------------------------------------------------------------

def _reach(roots: list[int], depth: int, direction: str):
    """The recursive CTE of the nodes within ``depth`` edges of ``roots`` (with their depth)."""
    base = select(Node.id.label("node"), literal(0, Integer).label("depth")).where(Node.id.in_(roots))
    reach = base.cte("reach", recursive=True)
    # one recursive term (PostgreSQL allows no other): step along edges leaving and/or entering a node
    leaving, entering = Edge.source_id == reach.c.node, Edge.target_id == reach.c.node
    on = {"out": leaving, "in": entering, "both": or_(leaving, entering)}[direction]
    other = case((leaving, Edge.target_id), else_=Edge.source_id) if direction != "in" else Edge.source_id
    return reach.union(select(other, reach.c.depth + 1).join(reach, on).where(reach.c.depth < depth))


def walk(session: Session, roots: list[int], depth: int, direction: str) -> set[int]:
    """Node ids within ``depth`` edges of ``roots`` (recursive CTE)."""
    reach = _reach(roots, depth, direction)
    return set(session.scalars(select(reach.c.node).distinct()))


class GraphRows:
    """The citation graph as two streams of rows read inside ``session``: :meth:`nodes` by id, then
    :meth:`edges` in the order a networkx ``MultiDiGraph`` built from them lists its edges (by source node,
    then target in the order first met, then edge id) — so that what is written from them row by row is
    what networkx writes. ``first``: for each node attribute, the id of the first node that has it (the
    order GraphML numbers its keys in); ``has_edges``: whether there is any edge."""

    def __init__(self, session: Session, root: str | None = None, depth: int = 2, direction: str = "both"):
        self.session = session
        chosen = _graph_selection(session, root, depth, direction)
        # the stored document of each node: the last stored, when several documents are one node
        last = select(Document.node_id, func.max(Document.id).label("doc_id")) \
            .where(Document.node_id.is_not(None)).group_by(Document.node_id).subquery()
        doc = aliased(Document)
        self._nodes = select(*NODE_COLUMNS, doc.id.label("document"), doc.path) \
            .outerjoin(last, last.c.node_id == Node.id).outerjoin(doc, doc.id == last.c.doc_id).order_by(Node.id)
        firsts = select(func.min(Node.id).label("label"),
                        *(func.min(case((column.is_not(None), Node.id))).label(name) for name, column in (
                            ("id", Node.cited_id), ("type", Node.type), ("scope", Node.scope), ("year", Node.year),
                            ("date", Node.date), ("issuer", Node.issuer), ("title", Node.title))),
                        func.min(last.c.node_id).label("document")).outerjoin(last, last.c.node_id == Node.id)
        where = [] if chosen is None else [Edge.source_id.in_(chosen), Edge.target_id.in_(chosen)]
        first_edge = func.min(Edge.id).over(partition_by=(Edge.source_id, Edge.target_id))
        self._edges = select(Edge.id, Edge.source_id, Edge.target_id, Edge.relation, Edge.via_of, Document.path) \
            .join(Document, Edge.document_id == Document.id).where(*where) \
            .order_by(Edge.source_id, first_edge, Edge.id)
        if chosen is not None:
            self._nodes, firsts = self._nodes.where(Node.id.in_(chosen)), firsts.where(Node.id.in_(chosen))
        self.first = dict(session.execute(firsts).one()._mapping)
        self.first |= {"path": self.first["document"], "ingested": self.first["label"]}
        self.has_edges = session.execute(select(Edge.id).where(*where).limit(1)).first() is not None

    def nodes(self):
        """Rows of NODE_COLUMNS, ``document`` and ``path`` (of its stored document, else None)."""
        make = _NodeRow._make
        for row in stream(self.session.connection(), self._nodes):
            yield make(row)

    def edges(self):
        """Tuples (id, source_id, target_id, relation, via_of, path of the stating document)."""
        return stream(self.session.connection(), self._edges)


_NodeRow = namedtuple("_NodeRow", [c.name for c in NODE_COLUMNS] + ["document", "path"])


def _graph_selection(session: Session, root: str | None, depth: int, direction: str):
    """The node ids of the graph asked for, as a SELECT (None: every node)."""
    if direction not in {"in", "out", "both"}:
        raise VanbanError(None, f"direction must be in, out or both, not {direction!r}")
    if root is None:
        return None
    roots = find_nodes(session, root)
    if not roots:
        try:
            doc = find_document(session, root)
            roots = [session.get(Node, doc.node_id)] if doc.node_id else []
        except VanbanError:
            roots = []
    if not roots:
        raise VanbanError(None, f"no cited or stored document matches {root!r}")
    reach = _reach([n.id for n in roots], depth, direction)
    return select(reach.c.node)


_NODE_ATTRIBUTES = ("id", "label", "type", "scope", "year", "date", "issuer", "title", "document", "path", "ingested")


def _node_attrs(row) -> dict:
    """A node's attributes as the graph carries them, in :func:`_node_dict`'s order, None values left out."""
    attrs = {k: v for k, v in _node_dict(row, {}).items() if v is not None and k not in ("node", "document", "path")}
    if row.document is not None:
        attrs["document"], attrs["path"] = row.document, row.path
    attrs["ingested"] = row.document is not None
    return attrs


def graph(store: Store, root: str | None = None, depth: int = 2, direction: str = "both"):
    """The citation graph (a networkx MultiDiGraph), whole or around the document ``root`` names."""
    import networkx as nx

    g = nx.MultiDiGraph()
    with store.session() as session:
        rows = GraphRows(session, root, depth, direction)
        for node in rows.nodes():
            g.add_node(f"n{node.id}", **_node_attrs(node))
        for edge, source, target, relation, via_of, path in rows.edges():
            g.add_edge(f"n{source}", f"n{target}", key=f"e{edge}", relation=relation, document=path,
                       via_of=bool(via_of))
    return g


def write_graph(store: Store, out, fmt: str, root: str | None = None, depth: int = 2,
                direction: str = "both") -> None:
    """Write the citation graph to ``out`` (a text stream, or a path: opened once the graph is found) as
    node-link JSON, GraphML or DOT — row by row for JSON and GraphML, the whole graph never held — what
    :func:`render_graph` gives for :func:`graph`, and a final newline."""
    if fmt not in ("json", "graphml", "dot"):
        raise VanbanError(None, f"unknown graph format {fmt!r} (json, graphml, dot)")
    with store.session() as session:
        rows = GraphRows(session, root, depth, direction)
        with _opened(out) as stream:
            if fmt == "dot":
                stream.write(render_graph(graph(store, root, depth, direction), "dot") + "\n")
            else:
                (_write_graphml if fmt == "graphml" else _write_json)(rows, stream)


@contextmanager
def _opened(out):
    if isinstance(out, (str, Path)):
        with open(out, "w", encoding="utf-8") as stream:
            yield stream
    else:
        yield out


def _write_json(rows: GraphRows, out) -> None:
    """``json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, indent=1)``, element by element."""
    import json

    dumps = json.JSONEncoder(ensure_ascii=False, indent=1).encode
    out.write('{\n "directed": true,\n "multigraph": true,\n "graph": {},\n "nodes": [')
    sep = "\n  "
    for node in rows.nodes():
        attrs = _node_attrs(node)
        attrs["id"] = f"n{node.id}"  # node-link's "id" takes the place of the node's own (as networkx does)
        out.write(sep + dumps(attrs).replace("\n", "\n  "))
        sep = ",\n  "
    out.write("\n ],\n" if sep != "\n  " else "],\n")
    out.write(' "edges": [')
    sep = "\n  "
    for edge, source, target, relation, via_of, path in rows.edges():
        item = {"relation": relation, "document": path, "via_of": bool(via_of), "source": f"n{source}",
                "target": f"n{target}", "key": f"e{edge}"}
        out.write(sep + dumps(item).replace("\n", "\n  "))
        sep = ",\n  "
    out.write("\n ]\n}\n" if sep != "\n  " else "]\n}\n")


_XML_BREAKS = regex.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e]")
_XML_TYPES = {"id": "string", "label": "string", "type": "string", "scope": "string", "year": "long",
              "date": "string", "issuer": "string", "title": "string", "document": "long", "path": "string",
              "ingested": "boolean"}


_XML_SPECIAL = regex.compile(r"[&<>\r\x0b\x0c\x1c-\x1e]")


def _xml_text(value) -> str:
    """Character data as networkx's writer leaves it: ElementTree's escapes, ASCII with character
    references, and every line break it splits the output on made a newline."""
    if type(value) is not str:
        return str(value)
    text = value
    if _XML_SPECIAL.search(text):
        text = _XML_BREAKS.sub("\n", text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    if not text.isascii():
        text = text.encode("ascii", "xmlcharrefreplace").decode("ascii")
    return text


def _write_graphml(rows: GraphRows, out) -> None:
    """``nx.generate_graphml(g)`` joined by newlines, written node by node and edge by edge. networkx
    numbers its keys in the order the attributes are first met, node after node and then the edges, and
    writes them last first: both known before any node is, from :attr:`GraphRows.first`."""
    first = rows.first
    seen = [(first[name], k, name) for k, name in enumerate(_NODE_ATTRIBUTES)]
    order = [name for at, _, name in sorted(x for x in seen if x[0] is not None)]
    keys = {name: f"d{k}" for k, name in enumerate(order)}
    declared = [(keys[name], "node", name, _XML_TYPES[name]) for name in order]
    if rows.has_edges:
        edge_keys = {name: f"d{len(order) + k}" for k, name in enumerate(("relation", "document", "via_of"))}
        declared += [(edge_keys["relation"], "edge", "relation", "string"),
                     (edge_keys["document"], "edge", "document", "string"),
                     (edge_keys["via_of"], "edge", "via_of", "boolean")]
    out.write('<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
              'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
              'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
              'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n')
    for key, scope, name, kind in reversed(declared):
        out.write(f'  <key id="{key}" for="{scope}" attr.name="{name}" attr.type="{kind}" />\n')
    buf: list[str] = []
    empty = True
    for node in rows.nodes():
        if empty:
            out.write('  <graph edgedefault="directed">\n')
            empty = False
        attrs = _node_attrs(node)
        buf.append(f'    <node id="n{node.id}">\n')
        for name, value in attrs.items():
            text = _xml_text(value)
            buf.append(f'      <data key="{keys[name]}">{text}</data>\n' if text else
                       f'      <data key="{keys[name]}" />\n')
        buf.append("    </node>\n")
        if len(buf) > 4096:
            out.write("".join(buf))
            buf.clear()
    out.write("".join(buf))
    buf.clear()
    if rows.has_edges:
        relation_key, document_key, via_key = edge_keys["relation"], edge_keys["document"], edge_keys["via_of"]
        relations: dict[str, str] = {}
        paths: dict[str, str] = {}
        for edge, source, target, relation, via_of, path in rows.edges():
            rel = relations.get(relation)
            if rel is None:
                text = _xml_text(relation)
                rel = relations[relation] = f'      <data key="{relation_key}">{text}</data>\n' if text else \
                    f'      <data key="{relation_key}" />\n'
            doc = paths.get(path)
            if doc is None:
                if len(paths) > 50_000:  # memory stays flat: an archive has more files than this
                    paths.clear()
                text = _xml_text(path)
                doc = paths[path] = f'      <data key="{document_key}">{text}</data>\n' if text else \
                    f'      <data key="{document_key}" />\n'
            buf.append(f'    <edge source="n{source}" target="n{target}" id="e{edge}">\n{rel}{doc}'
                       f'      <data key="{via_key}">{"True" if via_of else "False"}</data>\n    </edge>\n')
            if len(buf) > 2048:
                out.write("".join(buf))
                buf.clear()
        out.write("".join(buf))
    out.write('  <graph edgedefault="directed" />\n</graphml>\n' if empty else "  </graph>\n</graphml>\n")


def render_graph(g, fmt: str) -> str:
    import json

    import networkx as nx

    if fmt == "json":
        return json.dumps(nx.node_link_data(g, edges="edges"), ensure_ascii=False, indent=1)
    if fmt == "graphml":
        return "\n".join(nx.generate_graphml(g, encoding="utf-8", prettyprint=True))
    if fmt == "dot":
        h = nx.MultiDiGraph()
        for n, attrs in g.nodes(data=True):
            h.add_node(n, label=_dot_quote(attrs.get("label", n)),
                       shape="box" if attrs.get("ingested") else "ellipse")
        for u, v, k, attrs in g.edges(keys=True, data=True):
            h.add_edge(u, v, key=k, label=attrs["relation"], style="dashed" if attrs.get("via_of") else "solid")
        return nx.nx_pydot.to_pydot(h).to_string()
    raise VanbanError(None, f"unknown graph format {fmt!r} (json, graphml, dot)")


def _dot_quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


__all__ = ["cites", "refs", "show", "top_cited", "unresolved", "graph", "GraphRows", "write_graph", "render_graph",
           "find_nodes", "find_document", "walk"]
