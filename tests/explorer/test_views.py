"""The explorer's page data without a server: highlighted pieces of a text, the compare page's groups, a concept
field's options and tree, and the heatmap's columns."""

from __future__ import annotations

from policygraph.explorer.company import Item, narrowed, sections
from policygraph.explorer.compare import compare
from policygraph.explorer.overview import columns, groups
from policygraph.explorer.policytext import pieces, policy_text
from policygraph.explorer.questions import concept_tree, options


def test_pieces_cover_the_text_and_merge_overlapping_sentences():
    text = "Intro. We collect e-mail. We share it. The end."
    found = pieces(text, [(7, 25, False), (20, 38, True), (100, 120, False), (39, 39, False)])
    assert "".join(p.text for p in found) == text
    marked = [p for p in found if p.marked]
    assert [(p.text, p.anchors, p.denied) for p in marked] == [("We collect e-mail. We share it.", (7, 20), False)]


def test_pieces_of_separate_sentences_keep_their_own_anchors():
    text = "A. B. C."
    found = pieces(text, [(3, 5, True), (0, 2, False)])
    assert [(p.text, p.anchors, p.denied) for p in found] == [("A.", (0,), False), (" ", (), False),
                                                              ("B.", (3,), True), (" C.", (), False)]


def test_policy_text_is_shown_only_from_the_unchanged_source(tmp_path):
    from policygraph.extract.reader import read_file
    from policygraph.records import sha256_text

    policy = tmp_path / "p.txt"
    policy.write_text("We collect your e-mail address when you register with us.\n", encoding="utf-8")
    assert policy_text("https://example.com/p", "x")[0] is None
    assert policy_text(str(tmp_path / "missing.txt"), "x")[0] is None
    text, why = policy_text(str(policy), "0" * 64)
    assert text is None and "changed" in why
    good = read_file(policy).sha256  # what build stores
    text, _why = policy_text(str(policy), good)
    assert text is not None and sha256_text(text) == good
    assert policy_text("/etc/passwd", good)[0] is None  # not a policy file: never read


def item(kind: str, negated: bool = False, data: tuple = (), value: tuple = (), start: int = 0, subject: str = ""):
    found = Item(f"urn:{kind}:{start}", kind, negated, f"sentence {start}", start, start + 5, subject=subject)
    found.values["data"].extend(data)
    found.values["value"].extend(value)
    return found


def test_compare_groups_both_only_and_denied():
    a = [item("Collect", data=("EmailAddress",), start=1), item("Share", data=("EmailAddress",), start=2),
         item("UserRight", value=("RightToDelete",), start=3)]
    b = [item("Collect", data=("EmailAddress",), start=4), item("Share", True, data=("EmailAddress",), start=5),
         item("Sell", data=("PhoneNumber",), start=6)]
    groups = compare(a, b)
    assert [(p.kind, p.value) for p in groups["both"]] == [("Collect", "EmailAddress")]
    assert {(p.kind, p.value) for p in groups["only_a"]} == {("Share", "EmailAddress"), ("UserRight", "RightToDelete")}
    assert [(p.kind, p.value, p.b) for p in groups["only_b"]] == [("Sell", "PhoneNumber", "sentence 6")]
    assert [(p.kind, p.value, p.a, p.b) for p in groups["denied"]] == [("Share", "EmailAddress", "sentence 2",
                                                                         "sentence 5")]


def test_a_heatmap_cell_keeps_narrower_actions_and_data():
    found = [item("Sell", data=("EmailAddress",), start=1), item("Share", data=("IPAddress",), start=2),
             item("Collect", data=("EmailAddress",), start=3), item("UserRight", value=("RightToDelete",), start=4)]
    assert [i.start for i in narrowed(found, action="Share", data="ContactData")] == [1]
    assert [i.start for i in narrowed(found, fact="UserRight")] == [4]


def test_sections_follow_the_page_order_and_children_go_together():
    found = [item("UserRight", start=1), item("Collect", start=2), item("Collect", start=3, subject="children")]
    assert [(title, [i.start for i in items]) for title, items in sections(found)] == [
        ("Collection", [2]), ("Rights and choices", [1]), ("Children", [3])]


def test_concept_options_show_the_hierarchy_and_the_altlabels():
    shown = {o.value: o.shown for o in options("data")}
    assert shown["e-mail address"].startswith("personal information › contact information › e-mail address")
    assert "(covers" in shown["contact information"]
    assert any(text == "= e-mail address" for text in shown.values())
    tree = concept_tree("data")
    assert [node.curie for node in tree] == ["pg:DataCategory"]


def test_heatmap_columns_group_in_order():
    cols = columns()
    assert [name for name, _count in groups(cols)] == ["collect", "share or disclose", "sell or rent", "facts"]
    assert sum(count for _name, count in groups(cols)) == len(cols)
