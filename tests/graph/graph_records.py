"""Hand-built extraction records for the graph tests (also imported by the SIGKILL worker subprocess)."""

from __future__ import annotations

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

SENTENCES = [
    ("We may share your email address with our affiliates for marketing.", Action.SHARE,
     ("EmailAddress",), ("Affiliate",), ("ThirdPartyMarketing",), ()),
    ("We do not sell your personal information.", Action.SELL, ("PersonalData",), ("ThirdParty",), (), ()),
    ("We collect your name and phone number unless you opt out.", Action.COLLECT,
     ("PersonName", "PhoneNumber"), (), (), ("OptOut",)),
    ("We use your IP address for analytics.", Action.USE, ("IPAddress",), (), ("Analytics",), ()),
]


def make_extraction(policy_id: str, version: str = "1.0", statements: int = 4, text_suffix: str = "",
                    company: str | None = "Example Corp") -> Extraction:
    """A small, valid extraction: a heading, ``statements`` practices (cycling SENTENCES) and two facts."""
    heading = "HOW WE SHARE YOUR INFORMATION"
    parts = [heading]
    segments = [Segment(0, SegmentKind.HEADING, 0, len(heading))]
    result = []
    offset = len(heading) + 1
    for i in range(statements):
        sentence, action, data, recipients, purposes, conditions = SENTENCES[i % len(SENTENCES)]
        sentence = f"{sentence} ({i})"
        index = i + 1
        segments.append(Segment(index, SegmentKind.TEXT, offset, offset + len(sentence), (heading,)))
        evidence = Evidence(policy_id, index, offset, offset + len(sentence), sentence, f"rule-{action}",
                            0.85, (heading,))
        result.append(Statement(action, "FirstParty", evidence, data, recipients, purposes, conditions,
                                negated=sentence.startswith("We do not"), modality="may"))
        parts.append(sentence)
        offset += len(sentence) + 1
    text = "\n".join(parts) + text_suffix
    first = result[0].evidence if result else Evidence(policy_id, 0, 0, len(heading), heading, "heading", 0.5)
    facts = PolicyFacts(company=company, legal_entity=company and f"{company} Ltd.", effective_date="2024-01-01",
                        contact_emails=("privacy@example.com",),
                        facts=(Fact("UserRight", "RightToDelete", first, detail="by e-mail"),
                               Fact("RetentionPeriod", "AsLongAsNecessary", first)))
    document = PolicyDocument(policy_id, text, source=f"https://example.com/{policy_id}",
                              metadata={"retrieved_at": "2024-05-01T12:00:00Z"})
    return Extraction(document, tuple(segments), tuple(result), facts, version)
