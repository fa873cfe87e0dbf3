"""benchmarks/audit.py: sheets written from hand-built records, judged programmatically, counted and compared.

No spaCy: the extractions are built by hand. benchmarks/ is not a package, so the module is loaded by path.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import sys
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from policygraph.records import (
    Action,
    Evidence,
    Extraction,
    Fact,
    PolicyDocument,
    PolicyFacts,
    Segment,
    SegmentKind,
    Statement,
)

AUDIT_PATH = Path(__file__).resolve().parents[2] / "benchmarks" / "audit.py"
PG = "https://w3id.org/policygraph/ontology#"


def _load_audit():
    spec = importlib.util.spec_from_file_location("policygraph_audit", AUDIT_PATH)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their annotations through sys.modules
    spec.loader.exec_module(module)
    return module


audit = _load_audit()

TEXT_A = ("Sharing\n\nWe share your e-mail address with affiliates for marketing. We do not sell your data.\n\n"
          "We collect the following:\n\n- your postal code;\n")
TEXT_B = "Security\n\nWe use encryption. We collect your phone number."


def _evidence(policy_id: str, text: str, sentence: str, segment: int, rule: str = "verb") -> Evidence:
    start = text.index(sentence)
    return Evidence(policy_id, segment, start, start + len(sentence), sentence, rule, 0.9, ("Sharing",))


def _extraction_a(drop_sell: bool = False, change_share: bool = False, add_use: bool = False) -> Extraction:
    """Policy a: a share, a denied sale, a list item continuing its lead-in; variants for compare."""
    doc = PolicyDocument("a", TEXT_A, metadata={"company": "Acme"})
    para_start = TEXT_A.index("We share")
    item_start = TEXT_A.index("your postal")
    segments = (Segment(0, SegmentKind.HEADING, 0, 7),
                Segment(1, SegmentKind.TEXT, para_start, TEXT_A.index("\n\nWe collect"), ("Sharing",)),
                Segment(2, SegmentKind.TEXT, TEXT_A.index("We collect"), TEXT_A.index("\n\n- "), ("Sharing",)),
                Segment(3, SegmentKind.LIST_ITEM, item_start, len(TEXT_A) - 1, ("Sharing",),
                        lead_in="We collect the following:"))
    share = _evidence("a", TEXT_A, "We share your e-mail address with affiliates for marketing.", 1)
    sell = _evidence("a", TEXT_A, "We do not sell your data.", 1)
    item = _evidence("a", TEXT_A, "your postal code;", 3, rule="lead-in")
    statements = [
        Statement(Action.SHARE, "FirstParty", share, ("EmailAddress",), ("Affiliate",),
                  ("Advertising",) if change_share else ("Marketing",), modality="may"),
        Statement(Action.SELL, "FirstParty", sell, ("PersonalData",), negated=True),
        Statement(Action.COLLECT, "FirstParty", item, ("PostalCode",)),
    ]
    if drop_sell:
        del statements[1]
    if add_use:
        statements.append(Statement(Action.USE, "FirstParty", share, ("EmailAddress",), (), ("Marketing",)))
    return Extraction(doc, segments, tuple(statements), PolicyFacts(company="Acme Inc."), "test-1")


def _extraction_b() -> Extraction:
    doc = PolicyDocument("b", TEXT_B)
    segments = (Segment(0, SegmentKind.HEADING, 0, 8), Segment(1, SegmentKind.TEXT, 10, len(TEXT_B), ("Security",)))
    encryption = _evidence("b", TEXT_B, "We use encryption.", 1, rule="fact-security")
    phone = _evidence("b", TEXT_B, "We collect your phone number.", 1)
    fact = Fact("SecurityMeasure", "EncryptionInTransit", encryption, detail=None)
    statement = Statement(Action.COLLECT, "FirstParty", phone, ("PhoneNumber",))
    return Extraction(doc, segments, (statement,), PolicyFacts(facts=(fact,)), "test-1")


def _sheet(kind: str = "statements", n: int = 10, seed: int = 7, per_policy=None, runs=None) -> str:
    runs = runs if runs is not None else [_extraction_a(), _extraction_b()]
    sample, version = audit.sample_extractions(runs, kind, n, seed, per_policy)
    design, mode = audit.design_text(kind, n, per_policy)
    header = {"command": f"python benchmarks/audit.py sample {kind} x", "seed": seed, "date": "2025-01-01",
              "extractor_version": version, "design": design, "design_mode": mode, "failures": []}
    return audit.render_sheet(sample, kind, header)


def _judge(text: str, verdict: str = "correct", **by_number: str) -> str:
    sheet = audit.parse_sheet(text)
    verdicts = {item.number: verdict for item in sheet.items}
    verdicts.update({int(k[1:]): v for k, v in by_number.items()})
    return audit.set_verdicts(text, verdicts)


def test_sheet_shows_what_a_judge_needs():
    text = _sheet()
    assert "## Rules of judging" in text and "**partly**" in text
    assert "- **Seed:** 7" in text and "**Extractor version:** test-1" in text
    assert "**Population:** 4 statements in 2 policies" in text
    assert ">>>We share your e-mail address with affiliates for marketing.<<< We do not sell" in text
    assert "**Lead-in:** We collect the following:" in text
    assert "**Heading path:** Sharing" in text
    assert "`a` (Acme Inc.)" in text
    assert "- **action:** Sell [sell or rent] · **negated:** yes · **modality:** unspecified" in text
    assert "| Affiliate | affiliate |" in text  # the glossary gives each term its label and meaning
    assert text.count("\nVerdict: \n") == 4 and text.count("\nNote: \n") == 4


def test_round_trip_and_count():
    text = _sheet()
    sheet = audit.parse_sheet(text)
    assert [i.number for i in sheet.items] == [1, 2, 3, 4]
    share = next(i for i in sheet.items if i.group == "Share")
    assert share.fields["recipients"] == ["Affiliate"] and share.policy_id == "a" and share.company == "Acme Inc."
    assert all(i.verdict is None for i in sheet.items)

    judged = audit.parse_sheet(_judge(text, "correct", n2="Partly.", n4="**wrong**"))
    assert [i.verdict for i in judged.items] == ["correct", "partly", "correct", "wrong"]
    report, code = audit.count_report([judged])
    assert code == 0
    assert "correct              2   50.0 %" in report
    assert "by action:" in report and "by polarity:" in report


def test_unjudged_or_unknown_items_make_count_fail(tmp_path, capsys):
    text = _judge(_sheet(), "correct", n3="")
    path = tmp_path / "half.md"
    path.write_text(text, encoding="utf-8")
    assert audit.main(["count", str(path)]) == 1
    out = capsys.readouterr().out
    assert "NOT A RESULT: 3 of 4 items judged" in out and "unjudged: #3" in out and "%" not in out

    path.write_text(_judge(_sheet(), "correct", n1="maybe"), encoding="utf-8")
    assert audit.main(["count", str(path), "--partial"]) == 1
    out = capsys.readouterr().out
    assert "unknown verdict #1: 'maybe'" in out and "PARTIAL" in out

    path.write_text(_judge(_sheet()), encoding="utf-8")
    assert audit.main(["count", str(path), str(path)]) == 0
    assert "all 2 sheets: 8 items" in capsys.readouterr().out


def test_facts_sheet():
    text = _sheet("facts")
    assert "**Population:** 1 facts in 2 policies" in text
    assert "- **kind:** SecurityMeasure" in text and "**value:** EncryptionInTransit [" in text
    sheet = audit.parse_sheet(_judge(text, "wrong"))
    assert sheet.kind == "facts" and sheet.items[0].group == "SecurityMeasure"
    report, code = audit.count_report([sheet])
    assert code == 0 and "wrong                1  100.0 %" in report


def test_sampling_is_seeded_uniform_and_stable():
    runs = [_extraction_a(), _extraction_b()]
    first = audit.sample_extractions(runs, "statements", 2, 3)[0]
    again = audit.sample_extractions(runs, "statements", 2, 3)[0]
    assert [i.key for i in first.items] == [i.key for i in again.items]
    assert first.population == {"statement": 4} and first.thresholds["statement"] is not None
    everything = audit.sample_extractions(runs, "statements", 4, 3)[0]
    assert everything.thresholds["statement"] is None  # every candidate drawn
    smallest = sorted(i.key for i in everything.items)[:2]
    assert sorted(i.key for i in first.items) == smallest
    capped = audit.sample_extractions(runs, "statements", 10, 3, per_policy=1)[0]
    assert sorted(i.policy_id for i in capped.items) == ["a", "b"]
    # A changed statement keeps its key (the key is its sentence and ordinal), so it stays in the sample.
    changed = audit.sample_extractions([_extraction_a(change_share=True), _extraction_b()], "statements", 2, 3)[0]
    assert sorted(i.key for i in changed.items) == sorted(i.key for i in first.items)


def test_compare_matches_by_sentence(tmp_path, capsys):
    before = _judge(_sheet(), "correct", n1="wrong")  # item 1: the share (policy a, first in the text)
    after_runs = [_extraction_a(drop_sell=True, change_share=True, add_use=True), _extraction_b()]
    after = _judge(_sheet(runs=after_runs), "correct")
    (tmp_path / "before.md").write_text(before, encoding="utf-8")
    (tmp_path / "after.md").write_text(after, encoding="utf-8")
    assert audit.main(["compare", str(tmp_path / "before.md"), str(tmp_path / "after.md")]) == 0
    out = capsys.readouterr().out
    assert "3 items matched by (policy id, sentence)" in out
    assert "wrong -> correct   1" in out
    assert "purposes: ['Marketing'] -> ['Advertising']" in out
    assert "1 dropped" in out and "We do not sell your data." in out
    assert "1 new in after" in out


def test_carry_copies_verdicts_of_unchanged_items_only(tmp_path, capsys):
    before = audit.set_verdicts(_sheet(), {1: "wrong", 2: "correct", 3: "partly", 4: "correct"},
                                {1: "recipient wrong", 3: "data too general"})
    after_runs = [_extraction_a(change_share=True), _extraction_b()]
    (tmp_path / "before.md").write_text(before, encoding="utf-8")
    (tmp_path / "after.md").write_text(_sheet(runs=after_runs), encoding="utf-8")
    assert audit.main(["carry", str(tmp_path / "before.md"), str(tmp_path / "after.md")]) == 0
    assert "carried 3 verdicts" in capsys.readouterr().out
    carried = {i.evidence: (i.verdict, i.note) for i in audit.read_sheet(str(tmp_path / "after.md")).items}
    # the share's purposes changed: it is left for a judge; the unchanged items keep verdict and note
    assert carried["We share your e-mail address with affiliates for marketing."] == (None, "")
    assert sorted(carried.values(), key=str) == sorted([(None, ""), ("correct", ""), ("partly", "data too general"),
                                                        ("correct", "")], key=str)


def test_a_policys_own_note_line_is_no_judges_note():
    text = _sheet().replace("We do not sell your data.\n", "We do not sell your data.\nNote: we may change this.\n", 1)
    sheet = audit.parse_sheet(text)
    assert all(item.note == "" for item in sheet.items)
    carried = audit.set_verdicts(text, {item.number: "wrong" for item in sheet.items},
                                 {item.number: "judged" for item in sheet.items})
    assert "Note: we may change this." in carried
    assert [i.note for i in audit.parse_sheet(carried).items] == ["judged"] * len(sheet.items)


def test_rows_items_from_query_rows():
    rows = [{"policy_id": Literal("a"), "company": Literal("Acme"), "data": URIRef(PG + "EmailAddress"),
             "recipient": URIRef(PG + "Affiliate"), "purpose": None, "negated": Literal(False),
             "evidence": Literal("We share your e-mail address with affiliates for marketing.")}] * 2
    items = audit.question_items("sharing", rows, 7)
    assert [i.ordinal for i in items] == [0, 1] and items[0].key != items[1].key
    assert items[0].fields == {"data": "EmailAddress", "recipient": "Affiliate", "purpose": None, "negated": False}
    sample = audit.Sample(audit.number_items(items[:1]), {"row:sharing": 2}, {"row:sharing": None})
    header = {"command": "x", "seed": 7, "date": "2025-01-01", "extractor_version": "t", "design": "d",
              "design_mode": "uniform", "questions": {"sharing": "Which companies share?"}}
    text = audit.render_sheet(sample, "rows", header)
    assert "### 1. sharing · `a` (Acme)" in text and "**Population:** 2 sharing rows" in text
    assert "- **recipient:** Affiliate [affiliate]" in text
    assert audit.parse_sheet(text).items[0].group == "sharing"


def test_rows_of_one_statement_are_one_item_as_answers_show_them():
    statement = URIRef("https://w3id.org/policygraph/data/policy/a/practice/1")
    base = {"policy_id": Literal("a"), "company": Literal("Acme"), "statement": statement,
            "data": URIRef(PG + "EmailAddress"), "evidence": Literal("We share it with affiliates and advertisers.")}
    rows = [dict(base, recipient=URIRef(PG + "Affiliate")), dict(base, recipient=URIRef(PG + "Advertiser"))]
    (item,) = audit.question_items("sharing", rows, 7)
    assert item.fields["recipient"] == ["Affiliate", "Advertiser"] and item.fields["data"] == "EmailAddress"


def test_wilson_interval():
    low, high = audit.wilson(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-3) and high == pytest.approx(0.9433, abs=1e-3)
    assert audit.wilson(0, 0) == (0.0, 0.0)


def test_opp115_inputs_are_refused():
    with pytest.raises(SystemExit, match="OPP-115"):
        audit.check_inputs(["../shared/eval/opp115-dev.jsonl"])


# --- changes between versions ----------------------------------------------------------------------------------

def _version(policy_id: str, text: str, statements: list[tuple], facts: tuple = ()) -> Extraction:
    """One version's extraction: ``statements`` as (action, sentence, data, recipients, negated), one paragraph
    under the heading "Data"."""
    doc = PolicyDocument(policy_id, text)
    segments = (Segment(0, SegmentKind.TEXT, 0, len(text), ("Data",)),)

    def evidence(sentence: str) -> Evidence:
        start = text.index(sentence)
        return Evidence(policy_id, 0, start, start + len(sentence), sentence, "verb", 0.9, ("Data",))

    records = tuple(Statement(action, "FirstParty", evidence(sentence), data, recipients, negated=negated)
                    for action, sentence, data, recipients, negated in statements)
    kept = tuple(Fact(kind, value, evidence(sentence)) for kind, value, sentence in facts)
    return Extraction(doc, segments, records, PolicyFacts(facts=kept), "test-1")


#: a broader practice with the recipient, in both versions: not "your data" as a whole, which would say the recipient
#: of every data type (see versions.diff)
_ADVERTISERS = (Action.SHARE, "We share your contact information with advertisers.", ("ContactData",), ("Advertiser",),
                False)


def _versions_dir(tmp_path) -> str:
    """Policy p: v1, an unchanged refetch, v2 (a recipient added, location narrowed, a denial added);
    a practice stated in both (no change); policy q: a reworded practice (no change) and a fact added."""
    from policygraph.versions.cache import IndexedVersion, VersionCache
    from policygraph.versions.dates import version_date

    p1 = ("We share your e-mail address with affiliates. We collect your location. We share your contact information "
          "with advertisers.")
    p2 = ("We share your e-mail address with affiliates and advertisers. We collect your precise location. "
          "We do not sell your data. We share your contact information with advertisers.")
    q1 = "We collect your phone number."
    q2 = "Your phone number is collected by us. We use encryption."
    runs = {
        ("p", "2020-01-01"): _version("p", p1, [(Action.SHARE, p1.split(". ")[0] + ".", ("EmailAddress",),
                                                 ("Affiliate",), False),
                                                (Action.COLLECT, "We collect your location.", ("LocationData",), (),
                                                 False), _ADVERTISERS]),
        ("p", "2020-06-01"): _version("p", p1, []),  # same text as 2020-01-01: its readings are never looked at
        ("p", "2021-01-01"): _version("p", p2, [
            (Action.SHARE, p2.split(". ")[0] + ".", ("EmailAddress",), ("Affiliate", "Advertiser"), False),
            (Action.COLLECT, "We collect your precise location.", ("PreciseLocation",), (), False),
            (Action.SELL, "We do not sell your data.", ("PersonalData",), (), True), _ADVERTISERS]),
        ("q", "2020-01-01"): _version("q", q1, [(Action.COLLECT, q1, ("PhoneNumber",), (), False)]),
        ("q", "2022-03-01"): _version("q", q2, [(Action.COLLECT, q2.split(". ")[0] + ".", ("PhoneNumber",), (),
                                                 False)],
                                      facts=(("SecurityMeasure", "EncryptionInTransit", "We use encryption."),)),
    }
    cache = VersionCache(tmp_path / "versions")
    for (policy_id, date), extraction in runs.items():
        if not cache.has(extraction.document.sha256, "test-1"):
            cache.put(extraction)
        cache.record_versions(policy_id, [IndexedVersion(policy_id, version_date(date), extraction.document.sha256,
                                                         "test-1", f"{policy_id}/{date}.md")])
    return str(cache.root)


def _changes_sheet(versions_dir: str, n: int = 10, seed: int = 11) -> str:
    sample, version = audit.sample_changes(versions_dir, n, seed)
    design, mode = audit.design_text("changes", n, None)
    header = {"command": "python benchmarks/audit.py sample changes", "seed": seed, "date": "2025-01-01",
              "extractor_version": version, "design": design, "design_mode": mode, "failures": []}
    return audit.render_sheet(sample, "changes", header)


def test_changes_population_is_every_change_of_consecutive_versions(tmp_path):
    sample, version = audit.sample_changes(_versions_dir(tmp_path), 10, 11)
    assert version == "test-1" and sample.population == {"change": 5} and sample.policies == 2
    assert sample.thresholds == {"change": None}  # every change drawn
    kinds = sorted((i.policy_id, i.group) for i in sample.items)
    assert kinds == [("p", "practice added"), ("p", "practice added"), ("p", "practice removed"),
                     ("p", "recipient added"), ("q", "fact added")]  # the reworded practice of q is no change
    # the unchanged refetch is skipped: p's changes run from it, not from the first fetch
    assert all(i.evidence.startswith("2020-06-01 -> 2021-01-01 · ") for i in sample.items if i.policy_id == "p")
    added = next(i for i in sample.items if i.group == "recipient added")
    assert added.fields["value"] == "Advertiser" and added.fields["data"] == "EmailAddress"
    assert added.fields["old attributes"] == {"recipient": ["Affiliate"]}
    assert added.fields["new attributes"] == {"recipient": ["Advertiser", "Affiliate"]}


def test_changes_sheet_quotes_both_versions_and_the_nearest_practice(tmp_path):
    text = _changes_sheet(_versions_dir(tmp_path))
    assert "**Population:** 5 changes in 2 policies" in text and "## Rules of judging" in text
    assert "a real change of meaning between the two versions" in text
    assert "### 1. change: practice added · `p` · 2020-06-01 -> 2021-01-01" in text
    assert "**Old version (2020-06-01):**" in text and "**New version (2021-01-01):**" in text
    assert "— (none: the practice is not stated in this version)" in text
    assert "— (none: the fact is not stated in this version)" in text
    # the narrower location practice added: the old version's broader one is quoted next to it
    assert "**Nearest similar practice in the old version: collect" in text
    assert ">>>We collect your location.<<<" in text and "*Heading path:* Data" in text
    assert "- **recipient:** old: Affiliate [affiliate] · new: Advertiser [" in text
    # the recipient added to one practice: the old version's broader practice with that recipient is quoted
    assert "**Nearest similar practice in the old version with recipient advertiser: share contact" in text
    assert ">>>We share your contact information with advertisers.<<<" in " ".join(text.split())  # wrapped
    assert text.count("\nVerdict: \n") == 5


def test_changes_count_and_sampling(tmp_path):
    versions_dir = _versions_dir(tmp_path)
    judged = audit.parse_sheet(_judge(_changes_sheet(versions_dir), "correct", n1="wrong"))
    assert judged.kind == "changes" and [i.scope for i in judged.items] == ["change"] * 5
    report, code = audit.count_report([judged])
    assert code == 0 and "correct              4   80.0 %" in report
    assert "by change kind:" in report and "by policy:" in report and "practice added" in report
    first = audit.sample_changes(versions_dir, 2, 3)[0]
    every = audit.sample_changes(versions_dir, 5, 3)[0]
    assert sorted(i.key for i in first.items) == sorted(i.key for i in every.items)[:2]
    assert first.thresholds["change"] is not None
    item = first.items[0]
    assert item.key == audit.sample_key(3, "change", item.policy_id, item.evidence, 0)


def test_sample_changes_command(tmp_path, capsys):
    out = tmp_path / "sheet.md"
    versions_dir = _versions_dir(tmp_path)
    assert audit.main(["sample", "changes", "--versions-dir", versions_dir, "--n", "3", "--seed", "11",
                       "-o", str(out)]) == 0
    sheet = audit.read_sheet(str(out))
    assert len(sheet.items) == 3 and sheet.meta["population"] == {"change": 5}
    with pytest.raises(SystemExit, match="--versions-dir"):
        audit.main(["sample", "changes"])
    with pytest.raises(SystemExit, match="no policy versions"):
        audit.main(["sample", "changes", "--versions-dir", str(tmp_path / "empty")])


def test_a_row_is_shown_in_the_place_of_its_own_statement():
    """The same sentence may stand under two headings with other lead-ins: a row's context is its statement's."""
    from policygraph.api import PolicyGraph
    from policygraph.graph.build import build
    from policygraph.graph.stores import open_store

    item = "- investigating suspicious activity\n"
    text = ("Providers\n\nWe share information with service providers for:\n\n" + item +
            "\nSafety\n\nWe share information with law enforcement for:\n\n" + item)
    first, second = text.index("investigating"), text.rindex("investigating")
    sentence = "investigating suspicious activity"
    segments = (Segment(0, SegmentKind.LIST_ITEM, first, first + len(sentence), ("Providers",),
                        lead_in="We share information with service providers for:"),
                Segment(1, SegmentKind.LIST_ITEM, second, second + len(sentence), ("Safety",),
                        lead_in="We share information with law enforcement for:"))
    statements = tuple(
        Statement(Action.SHARE, "FirstParty", Evidence("a", i, start, start + len(sentence), sentence, "lead-in",
                                                        0.75, (heading,)), ("PersonalData",), (recipient,))
        for i, (start, heading, recipient) in enumerate([(first, "Providers", "ServiceProvider"),
                                                         (second, "Safety", "GovernmentAuthority")]))
    document = PolicyDocument("a", text)
    store = open_store("memory")
    build([Extraction(document, segments, statements, PolicyFacts(), "test-1")], store)
    store.load_ontology()
    graph = PolicyGraph(store)
    (row,) = audit.question_items("law-enforcement", graph.query("law-enforcement"), 7)
    audit.add_row_context(graph, [row], {})
    assert row.heading_path == ("Safety",) and row.start == second


def test_stated_purposes_are_shown_quoted_right_after_the_purpose_terms():
    evidence = Evidence("a", 0, 0, 10, "We use it so that you can see the post.", "verb", 0.9)
    statement = Statement(Action.USE, "FirstParty", evidence, ("PersonalData",), purposes=("Analytics",),
                          stated_purposes=("so that you can see the post",))
    item = audit.Item("statement", "a", evidence.text, 0, "0", audit.statement_fields(statement), "Use")
    lines = audit.field_lines(item)
    at = next(i for i, line in enumerate(lines) if line.startswith("- **purposes:**"))
    assert lines[at + 1] == "- **purposes in the sentence's words:** “so that you can see the post”"
    plain = audit.Item("statement", "a", evidence.text, 0, "0",
                       audit.statement_fields(dataclasses.replace(statement, stated_purposes=())), "Use")
    assert not any("sentence's words" in line for line in audit.field_lines(plain))
