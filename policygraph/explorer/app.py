"""The explorer's web application (Starlette, Jinja2 templates rendered on the server, assets in the package):
routes, the store each page reads through, and error pages."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

import jinja2
from rdflib import Literal
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from policygraph.errors import ConfigError, InputError, PolicyGraphError, QueryError, redact
from policygraph.explorer import company as company_data
from policygraph.explorer import overview as overview_data
from policygraph.explorer import questions as question_data
from policygraph.explorer import versions as versions_data
from policygraph.explorer.compare import compare as compare_items
from policygraph.explorer.guard import Guard
from policygraph.explorer.policytext import pieces, policy_text
from policygraph.explorer.proxy import BUSY, ProxyPolicy, SparqlProxy, busy_message
from policygraph.graph.stores import SparqlStore
from policygraph.queries.lookup import matching_policies
from policygraph.versions.dates import show
from policygraph.versions.render import diff_header, diff_rows

#: rows a download carries at most
DOWNLOAD_ROWS = 10_000
#: the SPARQL protocol paths, forwarded to Oxigraph as they are (and below /editor/, Oxigraph's editor assets)
PROTOCOL_PATHS = ("/query", "/update", "/store", "/sparql", "/logo.svg")


@dataclass(frozen=True)
class ExplorerConfig:
    """What the application serves: the seconds a page's query may take, the host names it may be reached by,
    whether updates are allowed, and what it reads: the Oxigraph process behind ``proxy`` (which forwards the SPARQL
    protocol to it, with the guard's limits), or a SPARQL ``endpoint`` that tools query directly; and the
    ``versions`` directory the versions pages read (None: no versions pages)."""

    timeout: float
    allowed_hosts: frozenset[str] = frozenset()
    allow_update: bool = False
    proxy: ProxyPolicy | None = None
    endpoint: str | None = None
    versions: versions_data.Versions | None = None


def templates() -> jinja2.Environment:
    """The page templates; every value is escaped (autoescape on for every template)."""
    env = jinja2.Environment(loader=jinja2.PackageLoader("policygraph.explorer", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined)
    env.filters["query"] = lambda params: urlencode([(k, v) for k, v in params.items() if v not in (None, "")])
    env.filters["stamp"] = show
    return env


def create_app(config: ExplorerConfig) -> Guard:
    """The application behind its guard."""
    env = templates()
    timeout = config.timeout

    def store() -> SparqlStore:
        """The store pages read: Oxigraph's query URL (on the port of the process running now), or the endpoint."""
        if config.proxy is None:
            return SparqlStore.from_url(config.endpoint, timeout=timeout + 5)
        config.proxy.upstream.ready.wait(30)
        return SparqlStore(f"http://127.0.0.1:{config.proxy.upstream.port}/query", timeout=timeout + 5, retries=2)

    def page(name: str, request: Request, status: int = 200, **context) -> HTMLResponse:
        html = env.get_template(name).render(request=request, allow_update=config.allow_update,
                                             with_versions=config.versions is not None, **context)
        return HTMLResponse(html, status_code=status)

    def overview(request: Request) -> HTMLResponse:
        sort = request.query_params.get("sort", "company")
        page_number = _positive(request.query_params.get("page"))
        reader = store()
        glance = overview_data.summary(reader, timeout)
        rows = overview_data.heatmap(reader, timeout, sort, page_number)
        pages = max(1, -(-glance.policies // overview_data.PAGE_SIZE))
        columns = overview_data.columns()
        return page("overview.html", request, summary=glance, rows=rows, columns=columns,
                    groups=overview_data.groups(columns),
                    sort=sort if overview_data.is_sort(sort) else "company", sorts=overview_data.SORTS,
                    page=page_number, pages=pages)

    def question_list(request: Request) -> HTMLResponse:
        return page("questions.html", request, questions=question_data.questions())

    def question(request: Request) -> Response:
        spec = question_data.question(request.path_params["name"])
        params = question_data.given(spec, request.query_params)
        fmt = request.query_params.get("format", "html")
        result, error, status = None, None, 200
        if params or request.query_params.get("run"):
            try:
                rows = question_data.ask(store(), spec, params,
                                         DOWNLOAD_ROWS if fmt in ("csv", "json") else question_data.PAGE_ROWS,
                                         timeout)
            except PolicyGraphError as exc:
                error, status = _message(exc, timeout), _status(exc)
            else:
                if fmt in ("csv", "json"):
                    return _download(spec.name, question_data.download(rows, fmt), fmt)
                result = question_data.answer(rows)
        families = {f.family for f in question_data.fields(spec) if f.family}
        return page("question.html", request, status, spec=spec, fields=question_data.fields(spec), params=params,
                    options={f: question_data.options(f) for f in families},
                    trees={f: question_data.concept_tree(f) for f in families}, result=result, error=error,
                    policy_columns=question_data.POLICY_COLUMNS)

    def company(request: Request) -> HTMLResponse:
        policy_id = request.query_params.get("policy", "").strip()
        if not policy_id:
            raise QueryError("name a policy: /company?policy=ID")
        reader = store()
        policy = company_data.find_policy(reader, policy_id, timeout)
        found = company_data.items(reader, policy, timeout)
        cell = {k: request.query_params.get(k) or None for k in ("action", "data", "fact")}
        shown = company_data.narrowed(found, **cell) if any(cell.values()) else found
        text, why = policy_text(policy.source, policy.sha256, policy.company)
        marks = pieces(text, ((i.start, i.end, i.negated) for i in shown)) if text is not None else None
        versions = len(config.versions.cache.versions(policy_id)) if config.versions else 0
        return page("company.html", request, policy=policy, sections=company_data.sections(shown), total=len(found),
                    cell={k: v for k, v in cell.items() if v}, pieces=marks, no_text=why, versions=versions)

    def policy_versions(request: Request) -> HTMLResponse:
        if config.versions is None:
            raise HTTPException(404, "this explorer shows no policy versions: start it with --versions-dir DIR (a "
                                     "directory written by policygraph versions)")
        policy_id = request.query_params.get("policy", "").strip()
        if not policy_id:
            return page("versions.html", request, policies=versions_data.policies(config.versions), history=None)
        try:
            history = versions_data.history(config.versions, policy_id)
        except InputError as exc:
            raise HTTPException(404, str(exc)) from None
        chosen = {k: request.query_params.get(k, "").strip() or None for k in ("from", "to")}
        diff, error, status = None, None, 200
        if len(history.listed) > 1:
            try:
                diff = versions_data.changes(config.versions, policy_id, chosen["from"], chosen["to"])
            except (ConfigError, InputError) as exc:
                error, status = str(exc), 400
        return page("versions.html", request, status, history=history, policy=_stored(store(), policy_id, timeout),
                    diff=diff, header=diff_header(diff) if diff else "", changes=diff_rows(diff) if diff else [],
                    chosen=chosen, error=error)

    def compare(request: Request) -> HTMLResponse:
        a, b = (request.query_params.get(k, "").strip() for k in ("a", "b"))
        groups, policies, error, status = None, None, None, 200
        if a and b:
            reader = store()
            try:
                policies = [company_data.find_policy(reader, _policy_id(reader, x, name, timeout), timeout)
                            for x, name in ((a, "a"), (b, "b"))]
                groups = compare_items(*(company_data.items(reader, p, timeout) for p in policies))
            except PolicyGraphError as exc:
                error, status = _message(exc, timeout), _status(exc)
        return page("compare.html", request, status, a=a, b=b, groups=groups, policies=policies, error=error)

    def complete_company(request: Request) -> JSONResponse:
        text = request.query_params.get("q", "").strip()
        return JSONResponse(_companies(store(), text, timeout) if text else [])

    def editor_root(request: Request) -> RedirectResponse:
        return RedirectResponse("/editor/", status_code=308)

    def editor(request: Request) -> HTMLResponse:
        root = f"{request.url.scheme}://{request.url.netloc}/"
        return page("editor.html", request, questions=question_data.questions(), root=root,
                    endpoint=redact(config.endpoint) if config.endpoint else None)

    async def failed(request: Request, exc: Exception) -> HTMLResponse:
        if not isinstance(exc, HTTPException | PolicyGraphError):  # a fault of ours: its traceback goes to the log
            return page("error.html", request, 500, message="internal error (the server's log has the details)")
        if isinstance(exc, HTTPException):
            message, status = exc.detail, exc.status_code
        else:
            message, status = _message(exc, timeout), _status(exc)
        return page("error.html", request, status, message=message)

    routes = [
        Route("/", overview),
        Route("/questions", question_list),
        Route("/questions/{name}", question),
        Route("/company", company),
        Route("/compare", compare),
        Route("/versions", policy_versions),
        Route("/complete/company", complete_company),
        Route("/editor", editor_root),
        Route("/editor/", editor),
        Mount("/static", app=StaticFiles(packages=[("policygraph.explorer", "static")]), name="static"),
    ]
    if config.proxy is not None:
        proxy = SparqlProxy(config.proxy)
        routes += [Mount("/editor", app=SparqlProxy(config.proxy, strip="/editor")),
                   *(Route(path, proxy, methods=["GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
                     for path in PROTOCOL_PATHS)]
    app = Starlette(routes=routes,
                    exception_handlers={PolicyGraphError: failed, HTTPException: failed, Exception: failed})
    return Guard(app, config.allowed_hosts)


def _status(exc: Exception) -> int:
    """The HTTP status of an error: 504 for a query stopped at its timeout, 400 for a bad value, 502 for a store
    that did not answer."""
    text = str(exc)
    if "timed out" in text or "stopped after" in text:
        return 504
    if BUSY in text:
        return 503
    return 400 if isinstance(exc, QueryError) else 502


def _message(exc: Exception, timeout: float) -> str:
    """What an error page says: a timeout in the server's terms, anything else as the error says it."""
    if _status(exc) == 503:
        return busy_message(timeout)
    if _status(exc) == 504:
        return (f"the question was stopped after {timeout:g} s (the server's --timeout): narrow it (name a company "
                "or a concept) or start the server with a larger --timeout")
    return str(exc)


def _positive(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


def _download(name: str, text: str, fmt: str) -> Response:
    media = "text/csv; charset=utf-8" if fmt == "csv" else "application/json"
    return Response(text, media_type=media,
                    headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'})


_COMPANIES = company_data.PREFIXES + """SELECT DISTINCT ?policy_id ?company WHERE {
  ?policy dcterms:identifier ?policy_id .
  OPTIONAL { ?policy pg:company ?company }
  FILTER (CONTAINS(LCASE(STR(?policy_id)), LCASE(%s)) || CONTAINS(LCASE(STR(COALESCE(?company, ""))), LCASE(%s)))
}
ORDER BY ?policy_id
LIMIT 20"""


def _companies(reader, text: str, timeout: float) -> list[dict]:
    """Up to 20 policies whose id or company name contains ``text`` (for a company field's completion)."""
    literal = Literal(text[:200]).n3()
    rows = reader.query_bounded(_COMPANIES % (literal, literal), timeout)
    return [{"id": str(r["policy_id"]), "company": str(r["company"] or "")} for r in rows]


def _stored(reader, policy_id: str, timeout: float) -> company_data.Policy | None:
    """The policy with this id in the store, or None when the store has none (its versions may be all there is)."""
    try:
        return company_data.find_policy(reader, policy_id, timeout)
    except QueryError as exc:
        if _status(exc) != 400:  # stopped at the timeout: said as on any page
            raise
        return None


def _policy_id(reader, value: str, name: str, timeout: float) -> str:
    """The id of the one policy a compare field names (an id, or part of one company name)."""
    policies = matching_policies(reader, value, name)
    if len(policies) > 1:
        ids = [str(r["id"]) for r in _companies(reader, value, timeout)]
        raise QueryError(f"{name}: {value!r} names {len(policies)} policies; give one id: {', '.join(ids[:20])}")
    rows = reader.query_bounded(
        f"{company_data.PREFIXES}SELECT ?id WHERE {{ {policies[0].n3()} dcterms:identifier ?id }}", timeout)
    return str(rows[0]["id"])

