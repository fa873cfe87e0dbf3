"""Which data a phrase names: umbrella terms beside specific ones, channels, places, ages and things that are not
data, and what "this information" refers to."""

from __future__ import annotations

import re

from spacy.tokens import Span

from policygraph.extract.context import SegmentContext
from policygraph.records import UMBRELLA_DATA, Statement

_GENERIC_DATA = {"UnspecifiedPersonalInformation"}
DEMONSTRATIVE = re.compile(r"^(?:this|that|these|those|such|the above|said)\b", re.I)
_AGE = re.compile(r"\b(?:under|below|younger than)\s+(?:the\s+age\s+of\s+)?(\d{1,2}|thirteen|sixteen|eighteen)\b",
                  re.I)
_AGE_WORDS = {"thirteen": 13, "sixteen": 16, "eighteen": 18}
_CHILD_WORDS = re.compile(r"\b(?:children|child|kids|minors?|under\s+(?:the\s+age\s+of\s+)?\d{1,2})\b", re.I)
#: Children a sentence protects rather than speaks to: "safeguarding children", "to detect child sexual abuse",
#: "protect children from exploitation" name victims or an end, not the practice's audience.
_CHILDREN_PROTECTED = re.compile(r"\b(?:safeguard(?:ing)?|protect(?:ing|ion of)?|keep(?:ing)?)\s+(?:\w+\s+)?"
                                 r"(?:children|child|kids|minors?)\b(?!['’]s|\s+(?:under|who|whose|using|aged))|"
                                 r"\bchild\s+(?:\w+\s+)?(?:abuse|exploitation|endangerment|safety|trafficking)\b",
                                 re.I)


def without_umbrellas(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The specific terms, or the umbrella ones when there are no others."""
    specific = tuple(t for t in terms if t not in UMBRELLA_DATA)
    return unique(specific or terms)


def remember_data(statements: list[Statement], context: SegmentContext) -> None:
    """Keep the latest data categories, the referent of a later 'this information'; after a statement on
    information of no kind ("We use your information to provide ads. We also use this information to ..."), the
    referent is that information, and stays general."""
    for st in statements:
        specific = tuple(d for d in st.data_categories if d not in _GENERIC_DATA)
        if specific or st.data_categories:
            context.recent_data, context.recent_segment = specific, st.evidence.segment


def local_referent(span: Span) -> list[str] | None:
    """What "this information" refers to inside its own sentence: the data named before it ("we collect your name
    and use this information to ..."), nothing specific when a thing not tagged as data is the object before it
    the user's ("when you set your preferences, we collect that information"), or None when the sentence names none
    (the referent is in an earlier sentence)."""
    doc, sent = span.doc, span.sent
    before = [s for s in doc.spans["pg_data"] if sent.start <= s.start and s.end <= span.start
              and not DEMONSTRATIVE.match(s.text)
              and not (s.start > 0 and DEMONSTRATIVE.match(doc[s.start - 1].text))
              and not (is_channel(s) or is_a_thing_not_data(s) or is_a_place(s) or is_an_age_limit(s))]
    if before:
        specific = [s.label_ for s in before if s.label_ not in UMBRELLA_DATA]
        return specific or [before[-1].label_]
    if any(t.dep_ == "dobj" and t.pos_ == "NOUN" and any(c.lower_ == "your" for c in t.children)
           for t in doc[sent.start:span.start]):
        return []  # "when you set your preferences, we collect that information"
    return None


_CONTACT_CHANNELS = {"EmailAddress", "PhoneNumber", "PostalAddress", "ContactData"}


def is_channel(span: Span) -> bool:
    """'contact us by e-mail', 'via postal mail': a means of communication, not data being processed."""
    return (span.label_ in _CONTACT_CHANNELS and span.root.dep_ == "pobj"
            and span.root.head.lower_ in ("by", "via", "through"))


#: Bare words that name a thing more often than data about it: an e-mail (a message), a browser.
_BARE_THINGS = {"EmailAddress": {"email", "e-mail", "emails", "e-mails"},
                "BrowserType": {"browser", "browsers", "web browser", "web browsers"}}


def is_a_thing_not_data(span: Span) -> bool:
    """A bare "e-mail" is mostly a message ("when you open e-mail from us", "email campaigns") and a bare
    "browser" the program ("cookies are sent to your browser", "your browser settings"). They name data
    when listed beside other data ("your name, email and phone number"), asked about ("which browser you
    use"), or as what information is about or from ("information from your browser"); "your email" is also
    the address, while "your browser" is still the program."""
    if span.text.lower() not in _BARE_THINGS.get(span.label_, ()):
        return False
    root = span.root
    owned = span.label_ == "EmailAddress" and any(c.dep_ == "poss" for c in root.children)
    listed = root.dep_ == "conj" or any(c.dep_ == "conj" for c in root.children)
    asked = any(c.lower_ in ("which", "what") for c in root.children)
    described = root.dep_ == "pobj" and root.head.lower_ in ("about", "from", "regarding")
    return not (owned or listed or asked or described)


_AGE_LIMIT = re.compile(r"\b(?:years?|yrs?)\s+(?:of\s+)?(?:age|old)\s*$", re.I)


def is_an_age_limit(span: Span) -> bool:
    """ "consumers under 16 years of age", "anyone under the age of 13": the age that bounds an audience, not
    data about the user."""
    doc = span.doc
    after = doc[span.end:span.end + 2].text.lower()
    return span.label_ == "Age" and (bool(_AGE_LIMIT.search(doc[max(0, span.start - 3):span.end].text))
                                     or bool(re.match(r"of \d", after)))


#: Data terms that also name the software or device data comes from.
_SOURCES = {"OperatingSystem", "BrowserType", "TechnicalData"}


def is_a_source(span: Span, data: list[Span]) -> bool:
    """ "Device signals from different operating systems", "information from your browser, such as your IP
    address": a browser, operating system or device in a "from" phrase (or one of several there: "from devices or
    web browsers you use"), or as the agent of the other data ("identifiers developed by mobile operating
    systems"), is where the other (specific) data named comes from, not data collected of its own ("information
    from your browser" is the browser's information)."""
    def from_phrase(candidate: Span) -> bool:
        root = candidate.root
        while root.dep_ == "conj" and root.head.i != root.i:
            root = root.head
        return root.dep_ == "pobj" and (root.head.lower_ == "from" or root.head.dep_ == "agent")

    return (span.label_ in _SOURCES and from_phrase(span) and any(
        other.label_ not in UMBRELLA_DATA and not from_phrase(other) for other in data))


def is_a_place(span: Span) -> bool:
    """ "We may transfer your information to other countries": a country is where data goes, not data about
    the user, unless it is the user's ("your country") or listed beside other data ("your name and country"). The
    user's country named as a place ("the laws in your country", "outside your country") is still a place."""
    if span.label_ != "Country":
        return False
    root = span.root
    owned = any(c.dep_ == "poss" for c in root.children)
    other_data = {s.root.i for s in span.doc.spans["pg_data"] if s.label_ != "Country"}
    listed = any(t.i in other_data for t in (root.head, *root.children) if t.dep_ == "conj" or root.dep_ == "conj")
    preposition = root.head if root.dep_ == "pobj" else None
    named_as_a_place = preposition is not None and (preposition.lower_ in _PLACE_PREPOSITIONS or (
        preposition.lower_ in ("to", "into") and preposition.head.pos_ == "VERB"))  # not "specific to your country"
    return not listed and (named_as_a_place or not owned)


#: prepositions that make a country the place where something is or comes from (and "to", "into" after a verb of
#: moving: "transfer it to your country")
_PLACE_PREPOSITIONS = {"in", "from", "outside", "within", "across", "throughout", "inside"}


def audience_of(text: str) -> tuple[str | None, int | None]:
    """("Children", its age limit) when the sentence speaks of children as the people it concerns, else (None,
    None)."""
    if not _CHILD_WORDS.search(_CHILDREN_PROTECTED.sub(" ", text)):
        return None, None
    return "Children", age_threshold(text)


#: A heading whose subject is children: "For Children", "N. Children's Privacy", "Kids" (not one that mentions
#: them among other things: "Sale of Personal Information of Minors Under 16", "Kids and Advertising Partners").
_CHILDREN_SECTION = re.compile(r"^\W*(?:[A-Z0-9]{1,3}[.)]\s*)?(?:(?:for|about)\s+)?(?:our\s+)?(?:children|childrens|"
                               r"child['’]s|kids|minors|teens|teenagers|young(?:er)?\s+(?:users|people))\b(?:['’]s?)?"
                               r"(?!\s*(?:and|&|or)\b)", re.I)


def children_only_protected(text: str) -> bool:
    """True when every mention of children is of children protected ("to detect child sexual abuse material"),
    none of the people the sentence concerns."""
    return bool(_CHILD_WORDS.search(text)) and not _CHILD_WORDS.search(_CHILDREN_PROTECTED.sub(" ", text))


def audience_in_context(text: str, heading_path: tuple[str, ...] | list[str]) -> tuple[str | None, int | None]:
    """The sentence's audience (``audience_of``), else that of the section it stands in: a statement under "For
    Children" or "Children's Privacy" concerns children though its sentence ("we use your username to let you
    access your account") does not say so again."""
    audience, age = audience_of(text)
    if audience is None:
        for heading in reversed(heading_path):
            if _CHILDREN_SECTION.search(heading):
                return "Children", age_threshold(heading)
    return audience, age


def age_threshold(text: str) -> int | None:
    """The age in 'under 13', 'under the age of thirteen (13)', 'younger than 16'; None when absent."""
    match = _AGE.search(text)
    if not match:
        return None
    value = match.group(1).lower()
    return _AGE_WORDS.get(value) or int(value)


def unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


#: Words that give examples of what a phrase names: "information, including ...", "data such as ...".
_EXAMPLE_MARKERS = {"including", "include", "includes", "like", "example", "e.g.", "eg"}


def examples_of(span: Span, umbrellas: set[int]) -> bool:
    """True when the data phrase is an example of an umbrella phrase ("your information, including financial
    data", "personal information such as your name"): walking up from it, an example word is passed before the
    umbrella's word is reached (or the verb whose object the umbrella is: the parser hangs "including ..." on the
    verb in "we may keep your information, including ...")."""
    current, marked = span.root, False
    for _ in range(8):
        if current.i in umbrellas:
            return marked
        if current.pos_ in ("VERB", "AUX") and current.lower_ not in _EXAMPLE_MARKERS:
            # "we may keep your information, including ...": the parser hangs the examples on the verb
            return marked and any(c.i in umbrellas and c.dep_ in ("dobj", "nsubjpass") for c in current.children)
        marked = marked or current.lower_ in _EXAMPLE_MARKERS or (
            current.lower_ == "as" and any(t.lower_ == "such" for t in (*current.children, *current.head.children)))
        if current.head.i == current.i:
            return False
        current = current.head
    return False
