"""The review web app's pages: documents, a document with its values marked, its citation graph,
tasks with exports, corrections. Server-side templates (Jinja2) on Starlette; every asset ships in
the package, nothing is fetched from elsewhere."""

from __future__ import annotations

import getpass
import hashlib
import json
from pathlib import Path
from urllib.parse import quote, unquote, urlencode, urlsplit

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .. import __version__, tracker
from ..corrections import RECURRENCES, RELATIONS, correct, document_key, gold, review
from ..errors import VanbanError
from ..graph import kind_name, label, walk
from ..store import Correction, Document, Edge, IngestError, Mention, Node, Store, TaskRow, fold
from . import marks, svg

REVIEWER_COOKIE = "vanban_reviewer"
SORTS = ("type", "number", "issuer", "date", "references", "tasks", "corrections", "path")


def dom_id(kind: str, key: str) -> str:
    """A stable id for an item's card and marks, whatever its key holds (spaces, Vietnamese, `|`)."""
    return kind[0] + hashlib.sha1(f"{kind}|{key}".encode()).hexdigest()[:12]


class App:
    def __init__(self, store: Store):
        self.store = store
        self.env = Environment(loader=PackageLoader("extract.web", "templates"),
                               autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
        self.env.globals.update(version=__version__, relations=RELATIONS, recurrences=RECURRENCES, dom_id=dom_id,
                                colours=svg.COLOURS, kind_name=kind_name)

    # helpers -----------------------------------------------------------------------------------------
    def page(self, request: Request, name: str, status: int = 200, **context) -> HTMLResponse:
        context.setdefault("reviewer", reviewer(request))
        context["request"] = request
        return HTMLResponse(self.env.get_template(name).render(**context), status_code=status)

    def error(self, request: Request, message: str, status: int = 400) -> HTMLResponse:
        return self.page(request, "error.html", status=status, message=message)

    # documents ---------------------------------------------------------------------------------------
    async def documents(self, request: Request) -> HTMLResponse:
        q = request.query_params.get("q", "").strip()
        sort = request.query_params.get("sort", "date")
        sort = sort if sort in SORTS else "date"
        desc = request.query_params.get("order", "desc" if sort in ("date", "references", "tasks") else "asc") == "desc"
        with self.store.session() as s:
            refs = dict(s.execute(select(Mention.document_id, func.count()).group_by(Mention.document_id)).all())
            tasks = dict(s.execute(select(TaskRow.document_id, func.count()).group_by(TaskRow.document_id)).all())
            keys: dict[str, int] = {}
            for key, sha in s.execute(select(Correction.document_key, Correction.sha256)):
                keys[key] = keys.get(key, 0) + 1
                keys["sha:" + sha] = keys.get("sha:" + sha, 0) + (key != "sha:" + sha)
            rows = []
            for d in s.execute(select(Document.id, Document.path, Document.type, Document.number, Document.issuer,
                                      Document.date, Document.title, Document.sha256, Document.scope)):
                k = document_key(d)
                rows.append({"id": d.id, "path": d.path, "name": Path(d.path).name, "type": d.type,
                             "number": d.number, "issuer": d.issuer, "date": d.date, "title": d.title,
                             "references": refs.get(d.id, 0), "tasks": tasks.get(d.id, 0),
                             "corrections": keys.get(k, 0) if k.startswith("sha:") else
                             keys.get(k, 0) + keys.get("sha:" + d.sha256, 0)})
            errors = s.scalar(select(func.count()).select_from(IngestError)) or 0
        if q:
            needle = fold(q)
            rows = [r for r in rows if needle in fold(" ".join(str(r[k] or "") for k in
                                                               ("type", "number", "issuer", "title", "path", "date")))]
        present = [r for r in rows if r[sort] not in (None, "")]
        present.sort(key=lambda r: (r[sort], r["id"]) if isinstance(r[sort], int) else (fold(str(r[sort])), r["id"]),
                     reverse=desc)
        rows = present + sorted((r for r in rows if r[sort] in (None, "")), key=lambda r: r["id"])  # unknowns last
        return self.page(request, "documents.html", rows=rows, q=q, sort=sort, desc=desc, errors=errors,
                         sort_link=lambda col: "?" + urlencode({"q": q, "sort": col, "order": "asc" if (
                             col == sort and desc) or (col != sort and col not in ("date", "references", "tasks"))
                             else "desc"}))

    def _document(self, s, doc_id: int) -> Document | None:
        return s.get(Document, doc_id, options=[
            selectinload(Document.mentions),
            selectinload(Document.tasks).selectinload(TaskRow.assignments),
            selectinload(Document.tasks).selectinload(TaskRow.deadlines)])

    async def document(self, request: Request) -> HTMLResponse:
        doc_id = request.path_params["doc_id"]
        with self.store.session() as s:
            doc = self._document(s, doc_id)
            if doc is None:
                return self.error(request, f"no stored document #{doc_id}", 404)
            shown = review(s, doc)
            nodes = _cited_nodes(s, doc, shown)
            html = marks.render(doc.clean_text, _marks(doc.clean_text, shown))
            return self.page(request, "document.html", doc=doc, shown=shown, text=Markup(html), nodes=nodes,
                             error=request.query_params.get("error"))

    async def correct(self, request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        if not _same_origin(request):
            return self.error(request, "a correction must come from this app's own pages", 403)
        form = await request.form()
        kind, action, item = form.get("kind", ""), form.get("action", ""), form.get("item") or None
        author = (form.get("author") or reviewer(request)).strip()
        value = {k[2:]: v for k, v in form.items() if k.startswith("v_")}
        for name in ("lead", "support", "products"):
            if name in value:
                value[name] = [x.strip() for x in value[name].split(";") if x.strip()]
        if value.pop("ongoing_present", None) is not None:
            value["ongoing"] = "ongoing" in value
        if kind == "task" and action == "add" and value.get("deadline_text"):
            value["deadlines"] = [{"text": value.pop("deadline_text"), "start": value.pop("deadline_start", None),
                                   "end": value.pop("deadline_end", None)}]
        for name in ("deadline_text", "deadline_start", "deadline_end"):
            value.pop(name, None)
        if action == "edit":
            with self.store.session() as s:
                doc = self._document(s, doc_id)
                current = _current(review(s, doc), kind, item) if doc else None
            if current is not None:
                value = {k: v for k, v in value.items() if _differs(current.get(k), v)}
                if not value:
                    return _back(doc_id, item and dom_id(kind, item), error="nothing was changed")
        try:
            row = correct(self.store, doc_id, kind, action, value, item=item, author=author,
                          note=form.get("note") or None)
        except VanbanError as exc:
            return _back(doc_id, item and dom_id(kind, item), error=exc.reason)
        response = _back(doc_id, dom_id(kind, row.item_key))
        response.set_cookie(REVIEWER_COOKIE, quote(author), max_age=365 * 86400, samesite="strict")
        return response

    async def gold_json(self, request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        with self.store.session() as s:
            doc = self._document(s, doc_id)
            if doc is None:
                return self.error(request, f"no stored document #{doc_id}", 404)
            data = gold(s, doc)
        name = Path(doc.path).stem + ".gold.json"
        return Response(json.dumps(data, ensure_ascii=False, indent=1) + "\n", media_type="application/json",
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    # graph -------------------------------------------------------------------------------------------
    async def graph(self, request: Request) -> HTMLResponse:
        node_id = request.path_params["node_id"]
        try:
            depth = max(0, min(4, int(request.query_params.get("depth", 1))))
        except ValueError:
            return self.error(request, "depth must be a number from 0 to 4")
        direction = request.query_params.get("direction", "both")
        if direction not in ("in", "out", "both"):
            return self.error(request, f"direction must be in, out or both, not {direction!r}")
        with self.store.session() as s:
            root = s.get(Node, node_id)
            if root is None:
                return self.error(request, f"no node #{node_id} in the citation graph", 404)
            ids = walk(s, [root.id], depth, direction)
            docs = {d.node_id: d for d in s.scalars(select(Document).where(Document.node_id.in_(ids)))}
            # the edges are the references as reviewed (corrections.sync_graph); one a reviewer changed or
            # added is drawn as corrected
            rows = s.execute(select(Edge, Mention.relation, Mention.correction_id)
                             .join(Mention, Edge.mention_id == Mention.id)
                             .where(Edge.source_id.in_(ids), Edge.target_id.in_(ids)).order_by(Edge.id)).all()
            edges = [svg.GEdge(e.source_id, e.target_id, e.relation, e.via_of, not e.via_of and (
                relation != e.relation or added is not None)) for e, relation, added in rows]
            cols = svg.columns(root.id, edges, depth, direction)
            _place_rest(cols, ids, edges, depth)
            nodes = []
            for n in s.scalars(select(Node).where(Node.id.in_(ids))):
                doc = docs.get(n.id)
                href = f"/doc/{doc.id}" if doc else f"/graph/{n.id}?" + urlencode({"depth": depth, "direction": direction})
                tip = " · ".join(x for x in (label(n), n.date, n.scope, n.title if n.cited_id else None,
                                             "ingested" if doc else "cited only") if x)
                nodes.append(svg.GNode(n.id, label(n), href, doc is not None, cols[n.id], tip))
            by_id = {n.id: n for n in nodes}
            drawing = svg.draw(nodes, edges, root.id)
            listing = [(by_id[e.source], e, by_id[e.target]) for e in edges if e.source in by_id and e.target in by_id]
            listing.sort(key=lambda x: (x[1].relation, x[0].label, x[2].label))
            return self.page(request, "graph.html", root=by_id[root.id], root_doc=docs.get(root.id), depth=depth,
                             direction=direction, svg=Markup(drawing), listing=listing, count=len(nodes))

    # tasks -------------------------------------------------------------------------------------------
    def _filters(self, request: Request) -> dict:
        p = request.query_params
        return {"unit": p.get("unit") or None, "due_before": p.get("due_before") or None,
                "due_after": p.get("due_after") or None, "doc": p.get("doc") or None,
                "overdue": p.get("overdue") in ("1", "on", "true")}

    async def tasks(self, request: Request) -> HTMLResponse:
        filters = self._filters(request)
        try:
            rows = tracker.query(self.store, **filters)
        except VanbanError as exc:
            return self.page(request, "tasks.html", status=400, rows=[], filters=filters, error=exc.reason,
                             exports=[], doc_ids={})
        with self.store.session() as s:
            doc_ids = dict(s.execute(select(Document.path, Document.id)).all())
        query = urlencode({k: ("1" if v is True else v) for k, v in filters.items() if v})
        formats = ["csv", "ics"] + (["xlsx"] if callable(getattr(tracker, "to_xlsx", None)) else [])
        exports = [(f.upper(), f"/tasks/export.{f}" + (f"?{query}" if query else "")) for f in formats]
        return self.page(request, "tasks.html", rows=rows, filters=filters, exports=exports, doc_ids=doc_ids,
                         error=None)

    async def export(self, request: Request) -> Response:
        fmt = request.path_params["fmt"]
        try:
            rows = tracker.query(self.store, **self._filters(request))
        except VanbanError as exc:
            return self.error(request, exc.reason)
        if fmt == "csv":
            # with a BOM: Excel, what a clerk opens it in, reads UTF-8 only so (issue 14)
            body, media = tracker.to_csv(rows).encode("utf-8-sig"), "text/csv; charset=utf-8"
        elif fmt == "ics":
            body, media = tracker.to_ics(rows), "text/calendar; charset=utf-8"
        elif fmt == "xlsx" and callable(getattr(tracker, "to_xlsx", None)):
            body = tracker.to_xlsx(rows)
            media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        else:
            return self.error(request, f"no export as {fmt!r}", 404)
        return Response(body, media_type=media, headers={"Content-Disposition": f'attachment; filename="tasks.{fmt}"'})

    # corrections -------------------------------------------------------------------------------------
    async def corrections(self, request: Request) -> HTMLResponse:
        with self.store.session() as s:
            rows = s.scalars(select(Correction).order_by(Correction.id.desc())).all()
            by_key: dict[str, int] = {}
            for d in s.execute(select(Document.id, Document.type, Document.number, Document.scope, Document.date,
                                      Document.sha256)):
                by_key.setdefault(document_key(d), d.id)
                by_key.setdefault("sha:" + d.sha256, d.id)
            links = {c.id: by_key.get(c.document_key) or by_key.get("sha:" + c.sha256) for c in rows}
            return self.page(request, "corrections.html", rows=rows, links=links)

    async def set_reviewer(self, request: Request) -> Response:
        if not _same_origin(request):
            return self.error(request, "forbidden", 403)
        form = await request.form()
        name = (form.get("name") or "").strip()[:120]
        back = form.get("back") or "/"
        response = RedirectResponse(back if back.startswith("/") else "/", status_code=303)
        if name:
            response.set_cookie(REVIEWER_COOKIE, quote(name), max_age=365 * 86400, samesite="strict")
        return response


def reviewer(request: Request) -> str:
    # quoted: a cookie holds Latin-1, a Vietnamese name does not fit
    return unquote(request.cookies.get(REVIEWER_COOKIE, "")) or getpass.getuser()


def _same_origin(request: Request) -> bool:
    """A POST from a page of another site is refused (the app holds no secrets, but it writes)."""
    origin = request.headers.get("origin")
    return origin is None or origin == "null" or urlsplit(origin).netloc == request.headers.get("host")


def _back(doc_id: int, anchor: str | None, error: str | None = None) -> RedirectResponse:
    url = f"/doc/{doc_id}" + ("?" + urlencode({"error": error}) if error else "") + (f"#{anchor}" if anchor else "")
    return RedirectResponse(url, status_code=303)


def _current(shown, kind: str, key: str | None) -> dict | None:
    if kind == "reference":
        items = shown.references
    elif kind == "task":
        items = shown.tasks
    else:
        items = [i for t in shown.tasks for i in (t.units if kind == "unit" else t.deadlines)]
    return next((i.value for i in items if i.key == key), None)


def _differs(old, new) -> bool:
    if isinstance(old, bool):
        return bool(new) != old
    if isinstance(old, list):
        return list(old) != list(new)
    if isinstance(new, str):
        new = " ".join(new.split()) or None
    return (old or None) != new


def _cited_nodes(s, doc: Document, shown) -> dict[int, int]:
    """Place among the reviewed references → the node of the graph it cites (its edge's target: the
    corrected document when a reviewer changed it; the extracted one when it states no edge)."""
    targets = dict(s.execute(select(Edge.mention_id, Edge.target_id)
                             .where(Edge.document_id == doc.id, Edge.via_of.is_(False))).all())
    added = {m.correction_id: m.id for m in doc.mentions if m.correction_id is not None}
    out = {}
    for k, item in enumerate(shown.references):
        mention = item.row.id if item.row is not None else added.get(item.history[-1].id if item.history else None)
        node = targets.get(mention) or (item.row.node_id if item.row is not None else None)
        if node is not None:
            out[k] = node
    return out


def _place_rest(cols: dict[int, int], ids: set[int], edges: list[svg.GEdge], depth: int) -> None:
    """Nodes reached by a walk that turns (co-cited, co-citing) go beside the node that reached them."""
    changed = True
    while changed:
        changed = False
        for e in edges:
            if e.source in cols and e.target not in cols and e.target in ids:
                cols[e.target] = cols[e.source] + 1
                changed = True
            elif e.target in cols and e.source not in cols and e.source in ids:
                cols[e.source] = cols[e.target] - 1
                changed = True
    for n in ids:
        cols.setdefault(n, depth + 1)


def _marks(text: str, shown) -> list[marks.Mark]:
    """A mark for every reference and task at its span, and for the units and deadlines of a task where
    they are written inside it."""
    out = []
    for r in shown.references:
        if not r.value.get("span"):
            continue
        s, e = r.value["span"]
        rel = r.value.get("relation") or "mentions"
        out.append(marks.Mark(s, e, "reference", dom_id("reference", r.key), f"rel-{rel} st-{r.status}",
                              f"{rel}: {r.value.get('id') or r.value.get('title') or ''}"))
    for t in shown.tasks:
        if not t.value.get("span"):
            continue
        s, e = t.value["span"]
        out.append(marks.Mark(s, e, "task", dom_id("task", t.key), f"st-{t.status}",
                              f"task {t.value.get('section') or ''}"))
        for u in t.units:
            at = marks.locate(text, (u.extracted or u.value)["name"], s, e)
            if at:
                out.append(marks.Mark(*at, "unit", dom_id("unit", u.key), f"role-{u.value['role']} st-{u.status}",
                                      f"{u.value['role']}: {u.value['name']}"))
        for d in t.deadlines:
            at = marks.locate(text, (d.extracted or d.value)["text"], s, e)
            if at:
                due = d.value.get("end") or ("ongoing" if d.value.get("ongoing") else d.value.get("recurrence") or "")
                out.append(marks.Mark(*at, "deadline", dom_id("deadline", d.key), f"st-{d.status}",
                                      f"deadline: {due}"))
    return out


def create_app(store: Store) -> Starlette:
    """The review app over ``store``."""
    app = App(store)
    routes = [
        Route("/", app.documents),
        Route("/doc/{doc_id:int}", app.document),
        Route("/doc/{doc_id:int}/correct", app.correct, methods=["POST"]),
        Route("/doc/{doc_id:int}/gold.json", app.gold_json),
        Route("/graph/{node_id:int}", app.graph),
        Route("/tasks", app.tasks),
        Route("/tasks/export.{fmt}", app.export),
        Route("/corrections", app.corrections),
        Route("/reviewer", app.set_reviewer, methods=["POST"]),
        Mount("/static", StaticFiles(packages=[("extract.web", "static")]), name="static"),
    ]
    return Starlette(routes=routes)
