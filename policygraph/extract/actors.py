"""Who performs a practice verb: the company, the user, a party of the lexicon, or no one the policy answers for."""

from __future__ import annotations

from spacy.tokens import Token

from policygraph.extract.clauses import USER_SUBJECTS, grammatical_subject
from policygraph.extract.parties import SITE_WORDS, antecedent, names_another_body, reads_as_a_name, recipient_forms

_COMPANY_PRONOUNS = {"we", "us", "it", "which", "that", "who", "this", "these"}
#: Common nouns a company calls itself or its offering by, as the subject of its practices.
_COMPANY_NOUNS = {"platform", "platforms", "product", "products", "application", "applications", "team",
                  "business", "organisation", "organization", "controller", "operator", "server", "servers",
                  "system", "systems", "computer", "computers", "technology", "technologies", "tool", "tools",
                  "software", "department", "staff", "employees", "cookie", "cookies", "beacon", "beacons",
                  "pixel", "pixels", "tag", "tags", "bug", "bugs", "sdk", "sdks", "script", "scripts"}


def actor_of(verb: Token, own_names: frozenset[str] = frozenset()) -> str | None:
    """Who performs the verb: "FirstParty", "User", a recipient term, or None for a subject that is none of
    these.

    The company is "we", its own name or one of its named offerings ("Google Play uses", with ``own_names``),
    a proper name ("Kpopmart.com collects", "Acme Inc. uses") or a word for its site or service ("the App
    collects"); a subject that names a party of the lexicon anywhere in its phrase ("our
    payment processor, Stripe Inc.") is that party. Any other subject ("in-app notices that provide you
    information", "DNT is a way for users ...", "understanding your interests helps us provide ...") is not
    the company, and what it does is no practice of the company's.
    """
    subject = grammatical_subject(verb)
    relative = subject is not None and subject.lower_ in ("who", "which", "that")
    if relative and subject.head.dep_ == "relcl":
        subject = subject.head.head  # "a partner who uses technologies": the partner
    elif relative and subject.i > 0 and subject.doc[subject.i - 1].pos_ in ("NOUN", "PROPN"):
        subject = subject.doc[subject.i - 1]  # the same, when the parser misses the relative clause
    if subject is None:
        return "FirstParty"
    if relative and subject.lower_ not in _COMPANY_NOUNS and any(
            s.root.i == subject.i for s in verb.doc.spans["pg_data"]):
        return None  # "a mobile number that uses the dialing code +86": the data is no one's means
    if relative and subject.dep_ == "pobj" and subject.head.lower_ in ("with", "to"):
        # "we share data with Lumen, which collects and analyzes it": the party the data went to acts
        party = next((s.label_ for s in verb.doc.spans["pg_recipient"] if s.root.i == subject.i), None)
        return party or ("NamedThirdParty" if subject.pos_ == "PROPN" else None)
    if subject.lower_ in USER_SUBJECTS:
        return "User"
    if subject.lower_ == "they":
        return antecedent(subject)
    if subject.lower_ in _COMPANY_PRONOUNS:
        return "FirstParty"
    own = [t for t in (subject, *subject.children) if t.lower_ in own_names
           and (t.i == subject.i or t.dep_ in ("compound", "poss", "nmod"))]
    if own and not any(names_another_body(t) for t in own if t.i != subject.i) and not any(
            c.dep_ == "conj" for c in subject.children):  # "Acme and its agents" stays the parties' reading
        return "FirstParty"  # "Google collects", "Google Play uses", "Google's Search engine may index"
    lexicon_forms = recipient_forms()
    phrase = " ".join(t.lower_ for t in subject.subtree if t.dep_ not in ("det", "poss", "punct"))
    for candidate in (phrase, subject.lower_):
        term = lexicon_forms.get(candidate)
        if term:
            return term
    subtree = {t.i for t in subject.subtree}
    party = next((s.label_ for s in verb.doc.spans["pg_recipient"] if s.root.i in subtree
                  and s.label_ not in ("Recipient",)), None)
    if party is not None:
        return party
    if any(c.dep_ == "poss" and c.lower_ == "your" for c in subject.children):
        return None  # "your browser may give you the ability to control cookies": the user's own things
    if subject.pos_ == "PROPN" and subject.left_edge.tag_ == "NNS" and subject.left_edge.i < subject.i:
        return None  # "Participants in Acme's Developer Programs can access": the participants, misparsed
    if (subject.pos_ == "PROPN" or subject.lower_ in SITE_WORDS or subject.lower_ in _COMPANY_NOUNS
            or reads_as_a_name(subject) or any(s.root.i == subject.i for s in verb.doc.spans["pg_data"])):
        return "FirstParty"  # the company, its service, or its means ("Cookies tell us which browser ...")
    return None


def subject_is_they(verb: Token) -> bool:
    """True when the verb's subject is "they"."""
    subject = grammatical_subject(verb)
    return subject is not None and subject.lower_ == "they"
