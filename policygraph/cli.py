"""The ``policygraph`` command line: thin commands, each calling one library function.

Errors a user can cause are ``PolicyGraphError``s; ``main`` maps them to their exit codes in one place and
prints a one-line message, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from policygraph import __version__
from policygraph.config import Settings, load_settings
from policygraph.errors import ConfigError, InputError, OntologyError, PolicyGraphError, StoreError, choices_message
from policygraph.graph.export import FORMATS as STORE_FORMATS
from policygraph.ontology.export import EXPORT_FORMATS as ONTOLOGY_FORMATS
from policygraph.ontology.lexicon import FAMILY_ROOTS
from policygraph.queries.format import FORMATS as ROW_FORMATS

EXAMPLES_DIR = Path(__file__).resolve().parent.parent / "examples" / "policies"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the console script; returns the process exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    _show_warnings()
    if not getattr(args, "handler", None):
        parser.print_help()
        return 2
    try:
        settings = load_settings({"store": getattr(args, "store", None), "endpoint": getattr(args, "endpoint", None),
                                  "update_endpoint": getattr(args, "update_endpoint", None),
                                  "max_bytes": getattr(args, "max_bytes", None),
                                  "min_confidence": getattr(args, "min_confidence", None),
                                  "query_timeout": getattr(args, "timeout", None),
                                  "result_limit": getattr(args, "limit", None)})
        return args.handler(args, settings) or 0
    except PolicyGraphError as exc:
        print(f"policygraph: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("policygraph: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


class _Warning(logging.Handler):
    """Warnings of the library (``policygraph.*`` loggers) as one line each on the current stderr."""

    def emit(self, record: logging.LogRecord) -> None:
        print(f"policygraph: warning: {record.getMessage()}", file=sys.stderr)


def _show_warnings() -> None:
    logger = logging.getLogger("policygraph")
    if not any(isinstance(handler, _Warning) for handler in logger.handlers):
        logger.addHandler(_Warning(logging.WARNING))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="policygraph", description="Privacy policies as a knowledge graph.")
    parser.add_argument("--version", action="version", version=f"policygraph {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")

    def command(name: str, handler, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(handler=handler)
        return p

    p = command("extract", cmd_extract, "extract statements and facts from policies")
    _inputs(p)
    _company_option(p)
    _confidence_option(p)
    p.add_argument("-o", "--output", help="output file (default: stdout)")
    p.add_argument("--format", choices=("jsonl", "json"), default="jsonl",
                   help="jsonl: one object per statement/fact; json: one document per policy")

    p = command("labels", cmd_labels, "OPP-115 labels (policy and segment level) for policies")
    _inputs(p)
    p.add_argument("--scheme", choices=("opp115",), default="opp115")
    p.add_argument("-o", "--output", help="output JSON Lines file (default: stdout)")

    p = command("eval", cmd_eval, "score the extractor against OPP-115 gold annotations")
    p.add_argument("scheme", choices=("opp115",))
    p.add_argument("gold", type=Path, help="gold JSON Lines file (its scorers must sit beside it)")
    p.add_argument("-o", "--output", type=Path, default=Path("opp115-predictions.jsonl"))
    p.add_argument("--json", action="store_true", help="print the scorers' full JSON")

    p = command("ontology", None, "export or check the ontology")
    osub = p.add_subparsers(title="ontology commands", metavar="ACTION")
    e = osub.add_parser("export", help="write the ontology in an RDF format")
    e.set_defaults(handler=cmd_ontology_export)
    e.add_argument("--format", default="turtle", choices=tuple(ONTOLOGY_FORMATS))
    e.add_argument("-o", "--output")
    c = osub.add_parser("check", help="SHACL rules, DPV alignment, OPP-115 mapping and HermiT consistency")
    c.set_defaults(handler=cmd_ontology_check)
    c.add_argument("--dpv", type=Path, help="directory of the DPV term tables (dpv.csv, pd.csv)")
    c.add_argument("--no-reasoner", action="store_true", help="skip the HermiT consistency check")
    c.add_argument("--json", action="store_true")

    p = command("build", cmd_build, "extract policies and load them into a store (idempotent)")
    p.epilog = ("INPUTS may also be @LIST (a file with one path per line) or a JSON Lines corpus "
                "(.jsonl: one object per line with policy_id, text and optional source, company, "
                "retrieved_at).")
    _inputs(p)
    _company_option(p)
    _confidence_option(p)
    _store_options(p)
    p.add_argument("--prune", action="store_true", help="remove policies that are not among the inputs")
    scale = p.add_mutually_exclusive_group()
    scale.add_argument("--processes", type=int, metavar="N",
                       help="extract in N worker processes, each loading spaCy once (default 1)")
    scale.add_argument("--scheduler", metavar="ADDRESS",
                       help="extract on a Dask cluster: tcp://HOST:PORT, or local:N for a local cluster of N "
                            "worker processes")
    p.add_argument("--chunk-size", type=int, default=4, metavar="K",
                   help="policies per worker task (with --processes or --scheduler; default 4)")
    p.add_argument("--shard-dir", metavar="DIR",
                   help="keep each task's N-Quads shard and JSON manifest in DIR (must be visible to the "
                        "workers; default: shards travel back in the task results)")

    p = command("export", cmd_export, "export a store as Turtle, TriG, N-Quads or JSON-LD")
    _store_options(p)
    p.add_argument("--format", default="trig", choices=tuple(STORE_FORMATS))
    p.add_argument("--policy", help="export one policy only")
    p.add_argument("-o", "--output")

    p = command("serve", cmd_serve, "serve the explorer web application and the SPARQL endpoint over a store")
    source = p.add_mutually_exclusive_group()
    source.add_argument("--store", help="store directory")
    source.add_argument("--endpoint", help="serve the explorer over this SPARQL endpoint instead (no SPARQL is "
                                           "forwarded: tools query the endpoint itself)")
    p.add_argument("--port", type=int, default=7878)
    p.add_argument("--bind", default="127.0.0.1")
    p.add_argument("--allow-update", action="store_true", help="accept SPARQL updates (default: read-only)")
    _service_option(p)
    p.add_argument("--timeout", type=float, help="seconds before a query is stopped (default 60, setting "
                                                 "query_timeout)")
    p.add_argument("--max-response-bytes", type=int, metavar="N",
                   help="refuse answers larger than this (default 64,000,000)")
    p.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                   help="a host name the server may be reached by (default: IP addresses and localhost only, "
                        "which keeps DNS-rebinding pages out)")
    p.add_argument("--versions-dir", metavar="DIR",
                   help="also show the policies' versions (timeline and changes) from this directory, written by "
                        "policygraph versions (default: no versions pages)")

    p = command("queries", cmd_queries, "list the query catalogue")

    p = command("concepts", cmd_concepts, "list the values a concept parameter accepts, with their labels")
    p.add_argument("family", nargs="?", help=f"one of: {', '.join(FAMILY_ROOTS)} (default: list the families)")

    p = command("query", cmd_query, "run a catalogue query by name, or any .rq file")
    p.add_argument("name", help="catalogue name or path to a .rq file")
    p.add_argument("--param", action="append", default=[], metavar="K=V", help="query parameter")
    _store_options(p)
    p.add_argument("--format", default="table", choices=ROW_FORMATS,
                   help="table, csv or markdown (one row per statement, terms by their labels) or json (one row "
                        "per value, IRIs with labels beside them)")
    p.add_argument("--per-value", action="store_true",
                   help="one row per data category, recipient, purpose and condition of a statement")
    p.add_argument("--limit", type=int, help="at most this many rows")
    p.add_argument("--timeout", type=float, help="seconds before the query is stopped")
    p.add_argument("--allow-update", action="store_true", help="allow SPARQL UPDATE")
    _service_option(p)
    p.add_argument("--as-of", metavar="DATE", help="in a store holding policy versions (policygraph versions "
                                                  "--store), ask about the versions in force on DATE (default: "
                                                  "the current ones)")
    p.add_argument("-o", "--output")

    p = command("verify", cmd_verify, "check a store against inputs: missing, stale or orphaned policies")
    _inputs(p)
    _store_options(p)

    p = command("versions", cmd_versions, "extract dated versions of policies, each text once (incremental)")
    p.add_argument("inputs", nargs="+", help="history directories (files named by their date), git repositories "
                                             "(a commit per change) or JSON Lines files with retrieved_at")
    p.add_argument("--max-bytes", type=int, help="skip files larger than this (default 5,000,000)")
    _versions_dir_option(p)
    _confidence_option(p)
    p.add_argument("--store", help="also write each version as a dated named graph into this embedded store, the "
                                   "latest as the policy's graph (questions read it; --as-of reads a date's)")

    p = command("diff", cmd_diff, "what practices a policy added, dropped or changed between two versions")
    p.add_argument("policy", help="a policy id with built versions, or the history directory of one policy")
    p.add_argument("--from", dest="start", metavar="DATE", help="the version in force on DATE (default: the "
                                                                 "latest one before --to's with another text)")
    p.add_argument("--to", dest="end", metavar="DATE", help="the version in force on DATE (default: the latest)")
    _versions_dir_option(p)
    _confidence_option(p)
    p.add_argument("--format", default="table", choices=ROW_FORMATS)

    p = command("timeline", cmd_timeline, "when each practice of a policy appeared and disappeared")
    p.add_argument("policy", help="a policy id with built versions, or the history directory of one policy")
    _versions_dir_option(p)
    _confidence_option(p)
    p.add_argument("--format", default="table", choices=ROW_FORMATS)

    p = command("demo", cmd_demo, "build the bundled example policies and ask the affiliates question")
    p.add_argument("--store", help="store directory (default: a temporary in-memory store)")
    return parser


def _inputs(p: argparse.ArgumentParser) -> None:
    p.add_argument("inputs", nargs="+", help="files (.txt .md .html), directories, or - for stdin")
    p.add_argument("--max-bytes", type=int, help="skip files larger than this (default 5,000,000)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _versions_dir_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--versions-dir", default="policygraph-versions", metavar="DIR",
                   help="where versions' extractions and each policy's list of versions are kept (default: "
                        "./policygraph-versions)")


def _confidence_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--min-confidence", type=float, metavar="X",
                   help="keep readings of at least this confidence (0-1; default 0.7: tentative readings, such as "
                        "a paragraph read through its heading's topic, are left out; 0 keeps every reading)")


def _service_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--allow-service", action="store_true",
                   help="allow federated queries (SERVICE) and LOAD, which make the engine send requests to other "
                        "servers (default: refused)")


def _company_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--company", metavar="NAME",
                   help="the company (brand) operating the policy, instead of the name found in its text; for "
                        "one policy only: refused (exit 2) when the inputs hold several (give a JSON Lines corpus "
                        "with a company per policy instead)")


def _store_options(p: argparse.ArgumentParser) -> None:
    group = p.add_mutually_exclusive_group()
    group.add_argument("--store", help="embedded Oxigraph store directory (default: ./policygraph-store)")
    group.add_argument("--endpoint", help="SPARQL 1.1 query endpoint URL (credentials from the environment)")
    group.add_argument("--memory", action="store_true", help="a throwaway in-memory store")
    p.add_argument("--update-endpoint", help="SPARQL update endpoint URL, when different")


def _open_store(args, settings: Settings, existing: bool = False):
    """The store the options name; with ``existing``, an embedded store must already be there (a command that
    only reads must not create an empty store and answer "0 rows" for a mistyped ``--store``)."""
    from policygraph.graph.stores import open_store

    if getattr(args, "memory", False):
        return open_store("memory", settings=settings)
    if getattr(args, "endpoint", None):
        return open_store("sparql", args.endpoint, settings)
    if existing and settings.store_kind == "oxigraph" and not (Path(settings.store) / "CURRENT").is_file():
        raise StoreError(f"no store at {settings.store}: build one first (policygraph build INPUTS --store "
                         f"{settings.store}), or name another with --store or --endpoint")
    return open_store(settings.store_kind, settings.store, settings)


def _output(path: str | None):
    if path in (None, "-"):
        return _Stdout()
    try:
        return open(path, "w", encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror}") from None


class _Stdout:
    def __enter__(self):
        return sys.stdout

    def __exit__(self, *exc):
        sys.stdout.flush()


def _finish(report) -> int:
    print(report.summary(), file=sys.stderr)
    return InputError.exit_code if report.failures else 0


def cmd_extract(args, settings: Settings) -> int:
    from policygraph.corpus import BatchReport, extract_inputs
    from policygraph.extract import Extractor
    from policygraph.extract.serialize import extraction_to_json, extraction_to_jsonl_records

    report = BatchReport()
    extractions = extract_inputs(args.inputs, report, Extractor(min_confidence=settings.min_confidence),
                                 max_bytes=settings.max_bytes, quiet=args.quiet, company=args.company)
    with _output(args.output) as out:
        for extraction in extractions:
            if args.format == "json":
                out.write(json.dumps(extraction_to_json(extraction), ensure_ascii=False) + "\n")
            else:
                for record in extraction_to_jsonl_records(extraction):
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    return _finish(report)


def cmd_labels(args, settings: Settings) -> int:
    from policygraph.corpus import BatchReport, extract_inputs
    from policygraph.evaluation.opp115_labels import opp115_labels
    from policygraph.extract import Extractor

    report = BatchReport()
    extractor = Extractor(min_confidence=0)  # OPP-115 labels read topics from tentative readings too
    with _output(args.output) as out:
        for extraction in extract_inputs(args.inputs, report, extractor, max_bytes=settings.max_bytes,
                                         quiet=args.quiet):
            out.write(json.dumps(opp115_labels(extraction), ensure_ascii=False) + "\n")
    return _finish(report)


def cmd_eval(args, settings: Settings) -> int:
    from policygraph.evaluation.opp115 import evaluate_opp115, render_scores

    result = evaluate_opp115(args.gold, args.output)
    print(json.dumps(result.scores, indent=1) if args.json else render_scores(result))
    print(f"{result.policies} policies; predictions in {result.predictions}", file=sys.stderr)
    return 0


def cmd_ontology_export(args, settings: Settings) -> int:
    from policygraph.ontology.export import export_ontology

    with _output(args.output) as out:
        out.write(export_ontology(args.format))
    return 0


def cmd_ontology_check(args, settings: Settings) -> int:
    from policygraph.ontology.checks import check_ontology

    report = check_ontology(args.dpv, reasoner=not args.no_reasoner)
    print(json.dumps(report.to_dict(), indent=1) if args.json else report.render())
    return 0 if report.ok else OntologyError.exit_code


def cmd_build(args, settings: Settings) -> int:
    from policygraph.corpus import with_company
    from policygraph.extract import read_inputs
    from policygraph.scale import ScaleReport, build_policies, count_inputs, open_backend

    processes = args.processes if args.processes is not None else settings.processes
    if processes < 1:
        raise ConfigError(f"--processes must be at least 1, got {processes}")
    if args.chunk_size < 1:
        raise ConfigError(f"--chunk-size must be at least 1, got {args.chunk_size}")
    report = ScaleReport()
    documents = with_company(read_inputs(args.inputs, max_bytes=settings.max_bytes), args.company)
    total = None if args.quiet or not sys.stderr.isatty() else count_inputs(args.inputs)
    store = _open_store(args, settings)
    try:
        backend = open_backend(processes, args.scheduler)
        try:
            summary = build_policies(documents, store, backend, settings, prune=args.prune,
                                     chunk_size=args.chunk_size, shard_dir=args.shard_dir, report=report,
                                     total=total, quiet=args.quiet)
        finally:
            backend.close()
    finally:
        store.close()
    print(f"build: {summary}", file=sys.stderr)
    for policy_id, reason in summary.failures:
        print(f"  failed {policy_id}: {reason}", file=sys.stderr)
    code = _finish(report)
    return code or (InputError.exit_code if summary.failed else 0)


def cmd_export(args, settings: Settings) -> int:
    from policygraph.graph.export import export_store, open_output

    store = _open_store(args, settings, existing=True)
    try:
        with open_output(args.output) as out:
            export_store(store, args.format, out, policy_id=args.policy)
    finally:
        store.close()
    return 0


def cmd_serve(args, settings: Settings) -> int:
    from policygraph.graph.serve import DEFAULT_MAX_RESPONSE_BYTES, serve, serve_endpoint

    if args.endpoint:
        flags = (("--allow-update", args.allow_update), ("--allow-service", args.allow_service),
                 ("--max-response-bytes", args.max_response_bytes))
        given = [flag for flag, value in flags if value]
        if given:
            raise ConfigError(f"{', '.join(given)}: only for the SPARQL server serve starts over a store; with "
                              "--endpoint the explorer only reads the endpoint")
        return serve_endpoint(args.endpoint, port=args.port, bind=args.bind, timeout=settings.query_timeout,
                              allowed_hosts=tuple(args.allow_host), versions=_served_versions(args, settings))

    size = DEFAULT_MAX_RESPONSE_BYTES if args.max_response_bytes is None else args.max_response_bytes
    if size < 1:
        raise ConfigError(f"--max-response-bytes must be at least 1, got {size}")
    return serve(args.store or settings.store, port=args.port, bind=args.bind, allow_update=args.allow_update,
                 allow_service=args.allow_service, timeout=settings.query_timeout, max_response_bytes=size,
                 allowed_hosts=tuple(args.allow_host), memory=settings.query_memory,
                 versions=_served_versions(args, settings))


def _served_versions(args, settings: Settings):
    """The versions directory ``serve --versions-dir`` names, or None; a directory without versions is refused."""
    if args.versions_dir is None:
        return None
    from policygraph.explorer.versions import Versions
    from policygraph.versions.cache import VersionCache

    cache = VersionCache(args.versions_dir)
    if not cache.policies():
        raise ConfigError(f"--versions-dir {args.versions_dir}: no policy versions there; write them with "
                          "policygraph versions HISTORY --versions-dir DIR")
    return Versions(cache, settings.min_confidence)


def cmd_queries(args, settings: Settings) -> int:
    from policygraph.queries import catalogue

    for entry in catalogue():
        params = ", ".join(_describe_param(p) for p in entry.params) or "-"
        print(f"{entry.name:24} {entry.question}\n{'':24} params: {params}")
    print("\nconcept(FAMILY) values: policygraph concepts FAMILY; policy: a policy id or part of a company name")
    return 0


def _describe_param(param) -> str:
    kind = f"concept({param.family})" if param.type == "concept" else param.type
    return f"{param.name} ({kind}{', required' if param.required else ''})"


def cmd_concepts(args, settings: Settings) -> int:
    """The concept families, or one family's concepts as a tree (label and CURIE), broader before narrower."""
    from policygraph.ontology.lexicon import get_lexicon

    lexicon = get_lexicon()
    if not args.family:
        for family, root in FAMILY_ROOTS.items():
            local = str(root).rsplit("#", 1)[-1]
            print(f"{family:12} {lexicon.terms[local].label if local in lexicon.terms else local}  (pg:{local})")
        return 0
    if args.family not in FAMILY_ROOTS:
        raise ConfigError(choices_message("concept family", args.family, FAMILY_ROOTS))
    terms = lexicon.family(args.family)
    children: dict[str | None, list] = {}
    for term in terms:
        children.setdefault(term.parent, []).append(term)
    locals_ = {term.local for term in terms}

    def show(term, depth: int) -> None:
        print(f"{'  ' * depth}{term.label}  (pg:{term.local})")
        for child in sorted(children.get(term.local, []), key=lambda t: t.label):
            show(child, depth + 1)

    for top in sorted((t for t in terms if t.parent not in locals_), key=lambda t: t.label):
        show(top, 0)
    return 0


def cmd_query(args, settings: Settings) -> int:
    from policygraph.queries import format_rows, run_query
    from policygraph.queries.format import per_statement
    from policygraph.versions.history import moment

    params = {}
    for item in args.param:
        key, sep, value = item.partition("=")
        if not sep or not key:
            raise ConfigError(f"--param expects K=V, got {item!r}")
        params[key.strip()] = value
    as_of = moment("--as-of", args.as_of)
    store = _open_store(args, settings, existing=True)
    try:
        rows = run_query(store, args.name, params, limit=settings.result_limit, timeout=settings.query_timeout,
                         allow_update=args.allow_update, allow_service=args.allow_service, as_of=as_of)
    finally:
        store.close()
    truncated, shown, columns = rows.truncated, rows, None
    if args.format != "json" and not args.per_value:
        shown, columns = per_statement(rows)
    text = format_rows(shown, args.format, columns)
    with _output(args.output) as out:
        out.write(text if text.endswith("\n") else text + "\n")
    if truncated:
        print(f"policygraph: note: more than {settings.result_limit:,} rows match and {len(rows):,} are read; "
              "narrow the question with --param or raise --limit to see them all",
              file=sys.stderr)
    return 0


def cmd_verify(args, settings: Settings) -> int:
    from policygraph.graph.verify import render_verification, verify_store

    store = _open_store(args, settings, existing=True)
    try:
        result = verify_store(store, args.inputs, settings)
    finally:
        store.close()
    print(render_verification(result))
    return 0 if result.ok and not result.unreadable else InputError.exit_code


def cmd_versions(args, settings: Settings) -> int:
    from policygraph.versions.build import VersionsReport, build_versions
    from policygraph.versions.cache import VersionCache
    from policygraph.versions.sources import read_versions

    report = VersionsReport()
    cache = VersionCache(args.versions_dir)
    built = build_versions(read_versions(args.inputs, settings.max_bytes), cache, report)
    for policy_id, versions in sorted(built.items()):
        print(f"{policy_id}: {len(versions)} versions read, {len({v.sha256 for v in versions})} distinct texts")
    print(report.summary(), file=sys.stderr)
    if args.store and built:
        from policygraph.versions.graph import write_versions

        store = _open_store(args, settings)
        try:
            summary = write_versions(store, cache, sorted(built), settings)
        finally:
            store.close()
        print(f"graph: {summary.written} version graphs written, {summary.unchanged} unchanged, "
              f"{len(summary.failures)} failed", file=sys.stderr)
        for version, reason in summary.failures:
            print(f"  failed {version}: {reason}", file=sys.stderr)
        if summary.failures:
            return InputError.exit_code
    return InputError.exit_code if report.failures or not built else 0


def cmd_diff(args, settings: Settings) -> int:
    from policygraph.versions.cache import VersionCache
    from policygraph.versions.compare import policy_diff
    from policygraph.versions.history import moment
    from policygraph.versions.render import DIFF_COLUMNS, diff_header, diff_rows

    result = policy_diff(args.policy, VersionCache(args.versions_dir), moment("--from", args.start),
                         moment("--to", args.end), settings.min_confidence)
    _print_rows(diff_header(result), diff_rows(result), DIFF_COLUMNS, args.format)
    return 0


def cmd_timeline(args, settings: Settings) -> int:
    from policygraph.versions.cache import VersionCache
    from policygraph.versions.compare import policy_timeline
    from policygraph.versions.dates import show
    from policygraph.versions.render import TIMELINE_COLUMNS, timeline_rows

    policy_id, versions, rows = policy_timeline(args.policy, VersionCache(args.versions_dir),
                                                settings.min_confidence)
    header = f"{policy_id}: {len(versions)} versions, {show(versions[0].date)} to {show(versions[-1].date)}"
    _print_rows(header, timeline_rows(rows), TIMELINE_COLUMNS, args.format)
    return 0


def _print_rows(header: str, rows: list[dict[str, str]], columns: Sequence[str], fmt: str) -> None:
    """A header and rows: the header on stdout above a table or Markdown, on stderr beside CSV and JSON."""
    from policygraph.queries import format_rows

    print(header, file=sys.stdout if fmt in ("table", "markdown") else sys.stderr)
    sys.stdout.write(format_rows(rows, fmt, columns))


def cmd_demo(args, settings: Settings) -> int:
    from policygraph.demo import run_demo

    return run_demo(EXAMPLES_DIR, args.store)


if __name__ == "__main__":
    sys.exit(main())
