"""Questions users ask the store: who cites a document, what a document cites, the citation graph
around a document, what is cited but never ingested, which documents still cite a replaced one.

Graph walks are recursive CTEs, the same SQL on SQLite and PostgreSQL. Documents are named as a user
writes them: ``59/2019/NĐ-CP``, ``nd 59/2019``, ``57/qd-ubnd``, a law's name without diacritics, a
stored document's number or path, or ``#12`` (a row of ``documents``).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import regex
from sqlalchemy import Integer, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from .errors import VanbanError
from .store import Document, Edge, Mention, Node, Store, fold

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
    tiers: dict[int, list[Node]] = defaultdict(list)
    for node in session.scalars(select(Node).where(Node.title.is_not(None)).order_by(Node.id)):
        if year is not None and node.year != year:
            continue
        title = " ".join(regex.findall(r"\w+", fold(node.title).lower()))
        full = " ".join(regex.findall(r"\w+", fold(f"{kind_name(node.type)} {node.title}").lower()))
        if phrase in (title, full):
            tiers[0].append(node)
        elif full.startswith(phrase) or title.startswith(phrase):
            tiers[1].append(node)
        elif all(w in full.split() for w in words):
            tiers[2].append(node)
    return tiers[min(tiers)] if tiers else []


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


def label(node: Node) -> str:
    if node.cited_id:
        return node.shown_id or node.cited_id  # as issued (QĐ-TTg); lookups go by cited_id
    name = kind_name(node.type) + " " if node.type and node.type != "luat" else ""
    return (name + (node.title or node.key)).strip() + (f" ({node.year})" if node.year else "")


def _node_dict(node: Node, documents: dict[int, Document]) -> dict:
    doc = documents.get(node.id)
    return {"node": node.id, "id": node.cited_id, "label": label(node), "type": node.type, "scope": node.scope,
            "year": node.year, "date": node.date, "issuer": node.issuer, "title": node.title,
            "document": doc.id if doc else None, "path": doc.path if doc else None}


def _documents_by_node(session: Session, node_ids) -> dict[int, Document]:
    ids = list(node_ids)
    if not ids:
        return {}
    return {d.node_id: d for d in session.scalars(select(Document).where(Document.node_id.in_(ids)))}


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
    src, dst = aliased(Node), aliased(Node)
    rows = session.execute(
        select(Edge, src, dst, Document, Mention)
        .join(src, Edge.source_id == src.id).join(dst, Edge.target_id == dst.id)
        .join(Document, Edge.document_id == Document.id).join(Mention, Edge.mention_id == Mention.id)
        .where(where)
    ).all()
    # sorted here, not by the database: NULL dates and the collation of paths decide nothing (the same rows in
    # the same order on SQLite and PostgreSQL); within a document, in the order it states them
    rows.sort(key=lambda r: (r[0].relation, r[3].date or "", r[3].path, r[4].position, r[0].via_of, r[0].id))
    docs = _documents_by_node(session, {r[1].id for r in rows} | {r[2].id for r in rows})
    endings = _endings(session, {r[2].id for r in rows})
    out: list[Citation] = []
    seen: dict[tuple, Citation] = {}
    for edge, s, t, doc, mention in rows:
        key = (edge.relation, s.id, t.id, doc.id, edge.via_of)
        if key in seen:
            seen[key].mentions += 1
            continue
        c = seen[key] = Citation(edge.relation, _node_dict(s, docs), _node_dict(t, docs),
                     {"id": doc.id, "path": doc.path, "number": doc.number, "date": doc.date},
                     mention.text, edge.via_of)
        if not edge.via_of and edge.relation not in ENDING:
            c.stale = _stale(endings.get(t.id, []), doc.date, doc.node_id)
        out.append(c)
    return out


def _endings(session: Session, node_ids) -> dict[int, list[tuple[str, str, str]]]:
    """For each node, the (relation, by, date) of ingested documents replacing or repealing it."""
    if not node_ids:
        return {}
    rows = session.execute(
        select(Edge.target_id, Edge.relation, Edge.source_id, Document.number, Document.path, Document.date)
        .join(Document, and_(Edge.document_id == Document.id, Edge.source_id == Document.node_id))
        .where(Edge.relation.in_(ENDING), Edge.target_id.in_(list(node_ids)))
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
        tasks = len(doc.tasks)
        shown = Shown(doc, _node_dict(node, {node.id: doc}) if node else None, references, cited_by, ended, tasks)
        session.expunge_all()
        return shown


def _node_key(node: Node) -> tuple:
    """A total order on nodes that is the same on every backend: no NULL ordering and no collation
    of the database decides it (PostgreSQL puts NULLs last and sorts by its locale, SQLite by bytes)."""
    return (node.cited_id or "", node.title or "", node.type or "", node.scope or "", node.year or 0, node.id)


def _counted(session: Session, where) -> list[tuple[Node, int, int]]:
    """(node, citing documents, mentions) of every node an edge matching ``where`` targets, most citing
    documents first, then most mentions, then :func:`_node_key`."""
    documents = func.count(func.distinct(Edge.document_id))
    mentions = func.count(func.distinct(Edge.mention_id))
    rows = session.execute(
        select(Node, documents, mentions).join(Edge, Edge.target_id == Node.id).where(where).group_by(Node.id)
    ).all()
    return sorted(((n, d, m) for n, d, m in rows), key=lambda r: (-r[1], -r[2], _node_key(r[0])))


def top_cited(store: Store, limit: int = 10) -> list[dict]:
    """Documents cited by the most ingested documents (ties: most mentions, then by id)."""
    with store.session() as session:
        rows = _counted(session, Edge.via_of.is_(False))[:limit]
        docs = _documents_by_node(session, [n.id for n, _, _ in rows])
        return [{**_node_dict(n, docs), "count": d, "mentions": m} for n, d, m in rows]


def unresolved(store: Store, limit: int | None = None) -> list[dict]:
    """Cited documents never ingested, most cited first."""
    with store.session() as session:
        rows = _counted(session, ~select(Document.id).where(Document.node_id == Edge.target_id).exists())
        if limit:
            rows = rows[:limit]
        return [{**_node_dict(n, {}), "count": d, "mentions": m} for n, d, m in rows]


# -- the graph -----------------------------------------------------------------------------------

def walk(session: Session, roots: list[int], depth: int, direction: str) -> set[int]:
    """Node ids within ``depth`` edges of ``roots`` (recursive CTE)."""
    base = select(Node.id.label("node"), literal(0, Integer).label("depth")).where(Node.id.in_(roots))
    reach = base.cte("reach", recursive=True)
    # one recursive term (PostgreSQL allows no other): step along edges leaving and/or entering a node
    leaving, entering = Edge.source_id == reach.c.node, Edge.target_id == reach.c.node
    on = {"out": leaving, "in": entering, "both": or_(leaving, entering)}[direction]
    other = case((leaving, Edge.target_id), else_=Edge.source_id) if direction != "in" else Edge.source_id
    reach = reach.union(select(other, reach.c.depth + 1).join(reach, on).where(reach.c.depth < depth))
    return set(session.scalars(select(reach.c.node).distinct()))


def graph(store: Store, root: str | None = None, depth: int = 2, direction: str = "both"):
    """The citation graph (a networkx MultiDiGraph), whole or around the document ``root`` names."""
    import networkx as nx

    if direction not in {"in", "out", "both"}:
        raise VanbanError(None, f"direction must be in, out or both, not {direction!r}")
    g = nx.MultiDiGraph()
    with store.session() as session:
        if root is None:
            node_ids = set(session.scalars(select(Node.id)))
        else:
            roots = find_nodes(session, root)
            if not roots:
                try:
                    doc = find_document(session, root)
                    roots = [session.get(Node, doc.node_id)] if doc.node_id else []
                except VanbanError:
                    roots = []
            if not roots:
                raise VanbanError(None, f"no cited or stored document matches {root!r}")
            node_ids = walk(session, [n.id for n in roots], depth, direction)
        nodes = session.scalars(select(Node).where(Node.id.in_(node_ids))).all() if node_ids else []
        docs = _documents_by_node(session, node_ids)
        for node in nodes:
            attrs = {k: v for k, v in _node_dict(node, docs).items() if v is not None and k != "node"}
            attrs["ingested"] = node.id in docs
            g.add_node(f"n{node.id}", **attrs)
        if node_ids:
            edges = session.execute(
                select(Edge, Document.path).join(Document, Edge.document_id == Document.id)
                .where(Edge.source_id.in_(node_ids), Edge.target_id.in_(node_ids)).order_by(Edge.id)
            ).all()
            for edge, path in edges:
                g.add_edge(f"n{edge.source_id}", f"n{edge.target_id}", key=f"e{edge.id}", relation=edge.relation,
                           document=path, via_of=edge.via_of)
    return g


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


__all__ = ["cites", "refs", "show", "top_cited", "unresolved", "graph", "render_graph", "find_nodes",
           "find_document", "walk"]
