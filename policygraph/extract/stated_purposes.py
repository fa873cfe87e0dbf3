"""Purposes a sentence states in words the ontology has no term for.

"We upload your address book to help find people you may know" states what the upload is for, but no purpose
term of the lexicon names "help find people you may know". Without the words the statement would read as a
practice for no stated purpose, which is incomplete, and growing the lexicon can never cover every way a company
words its purposes. So a clause of purpose that no purpose term covers is kept as the sentence gives it, beside the
statement's purpose terms: a reader sees what the practice is for, and a question about a term never matches on
the words.

Only clauses whose grammar says "purpose" count: an infinitive hung on the practice verb ("to help ..."), "in
order to ...", "so (that) ...", "for" with a gerund ("for getting feedback on ...") and "for the purpose(s) of
...". Pointers ("for the purposes described above") and vague words ("for other purposes") state nothing and are
left out; so is a "for" with a noun ("for you", "for 30 days"), which names a beneficiary or a period as often as
a purpose."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from policygraph.extract.clauses import opens_with_so_that
from policygraph.extract.practice_verbs import is_purpose_verb, verb_actions
from policygraph.records import ROOT_TERMS

#: verbs that send the reader elsewhere ("to see our cookie policy", "to contact us"), and verbs that do so only
#: with "more" or "out" after them ("to learn more", "to find out", but "to understand your needs" is a purpose)
_POINTER_VERBS = {"see", "read", "visit", "contact", "opt", "exercise"}
_POINTER_WITH_MORE = {"learn", "find", "understand", "review"}

#: a purpose clause that only points elsewhere ("for the purposes described above", "to do the things described in
#: this policy", "for these purposes"): a word such as "detailed" or "listed" alone points nowhere
_POINTER = re.compile(
    r"\b(?:(?:described|set (?:out|forth)|listed|outlined|explained|mentioned|specified|identified|detailed)\s+"
    r"(?:in|under|above|below|herein|elsewhere|earlier|later)\b|(?:the following|these|such|those|above|below)\s+"
    r"purposes?\b|purposes?\s+(?:above|below|herein)\b)", re.I)
#: verbs that name a practice as the topic of a section or item ("Using our services", "Sharing with partners")
_PRACTICE_TOPICS = {"use", "collect", "share", "sell", "retain", "transfer", "disclose", "process", "store", "keep"}
_MAX_WORDS = 30
#: pronouns that open a main clause after a purpose clause's comma
_SUBJECTS = {"we", "they", "i"}
#: words that open what follows a clause, not end it: "to identify a user, such as", "services, which include"
_TRAILING = {"and", "or", "such", "as", "like", "including", "include", "includes", "which", "e.g.", "i.e.",
             "for", "example"}


def unnamed_purposes(verb: Token) -> tuple[str, ...]:
    """The clauses of purpose of a practice verb that no purpose term covers, each as the sentence words it
    (without its closing punctuation); a clause longer than 30 words is cut, with an ellipsis."""
    found = (_words(part) for clause in _purpose_clauses(verb) if _states_a_purpose(clause)
             for part in _conjoined_parts(clause) if not _covered(part))
    return tuple(words for words in found if words)


def unnamed_item_purpose(doc: Doc, bare_verb_is_purpose: bool) -> tuple[str, ...]:
    """A list item (or a section heading) worded as a purpose ("To evaluate the effectiveness of promotions;", "For
    getting feedback", "Getting feedback on product ideas") that no purpose term covers: its first sentence, as
    worded. An item opening with a bare verb ("Debug products to repair errors") is a purpose only where its
    lead-in says the list is of purposes ("We may keep it to:"); under "We collect information when you:" it is
    the user's act. An item that names data ("Location-related information") states no purpose, whatever its
    lead-in says."""
    sentence = next(iter(doc.sents), None)
    if sentence is None or not _opens_like_a_purpose(sentence, bare_verb_is_purpose):
        return ()
    if not _states_a_purpose(sentence):
        return ()
    found = (_words(part) for part in _conjoined_parts(sentence) if not _covered(part))
    return tuple(words for words in found if words)


def _states_a_purpose(clause: Span) -> bool:
    """Words of content, no pointer ("for the purposes described above"), and no practice of its own: in "we use
    technologies to process your information", processing data is the practice, not a purpose of it. (Whether a
    term names it is asked of each of its conjoined parts.)"""
    return _has_content(clause) and not (_POINTER.search(clause.text) or any(
        t.pos_ == "VERB" and t.lemma_.lower() in verb_actions() and _acts_on_data(t) for t in clause))


def _has_content(tokens) -> bool:
    """A word of content beyond the markers ("in order to", "such as") and the words that open a continuation."""
    return any(t.pos_ in ("VERB", "NOUN", "PROPN") and t.lower_ not in _TRAILING | {"order"} for t in tokens)


def _acts_on_data(verb: Token) -> bool:
    data = {i for span in verb.doc.spans["pg_data"] for i in range(span.start, span.end)}
    return any(c.dep_ in ("dobj", "nsubjpass") and c.i in data for c in verb.children)


def opens_with_an_infinitive(words: Doc | Span) -> bool:
    """ "To prevent harm", listed among the cases data is kept for: words opening with "to" and a bare verb say
    what for ("To our service providers" names a party; "To learn more, see our cookie policy" points elsewhere)."""
    return len(words) > 1 and words[0].lower_ == "to" and words[1].tag_ == "VB" and not _points_elsewhere(words[1])


def _points_elsewhere(verb: Token) -> bool:
    lemma = verb.lemma_.lower()
    following = verb.doc[verb.i + 1].lower_ if verb.i + 1 < len(verb.doc) else ""
    return lemma in _POINTER_VERBS or (lemma in _POINTER_WITH_MORE and following in ("more", "out"))


def opens_with_a_gerund(words: Doc | Span) -> bool:
    """ "Conducting research and surveys": words whose head is a gerund at their start ("Browsing history and
    preferences" opens with a data term, whatever the parser makes of "browsing")."""
    first = words[0]
    return (first.tag_ == "VBG" and first.dep_ == "ROOT"
            and not any(s.start == first.i for s in first.doc.spans["pg_data"]))


def _opens_like_a_purpose(sentence: Span, bare_verb_is_purpose: bool) -> bool:
    """ "To ...", "For ...ing" / "For the purpose of ...", a gerund ("Getting feedback"), or, where the lead-in
    lists purposes, a bare verb. A gerund or bare verb of a practice or of pointing ("Using our services",
    "Contacting us") names what the section is about, not what for."""
    first = sentence[0]
    if opens_with_an_infinitive(sentence):
        return True
    if first.lower_ == "for":
        return _opens_a_purpose(first)
    if first.lemma_.lower() in _PRACTICE_TOPICS or _points_elsewhere(first):
        return False
    return opens_with_a_gerund(sentence) or (
        bare_verb_is_purpose and first.tag_ == "VB" and first.dep_ == "ROOT"
        and not any(s.start == first.i for s in first.doc.spans["pg_data"]))


def _purpose_clauses(verb: Token) -> list[Span]:
    clauses = []
    for child in verb.children:
        if child.i < verb.i:
            continue
        if child.lemma_.lower() in verb_actions() and not is_purpose_verb(child):
            continue  # "so that we can share it with partners": a practice of its own, read as such
        if opens_with_so_that(child) or (child.dep_ in ("advcl", "xcomp") and child.pos_ in ("VERB", "AUX") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in child.children)):
            clauses.append(_clause(child))
        elif child.dep_ == "prep" and child.lower_ == "in" and any(
                c.dep_ == "pobj" and c.lower_ == "order" for c in child.children):
            clauses.append(_subtree(child))  # "in order to ..."
        elif child.dep_ == "prep" and child.lower_ == "for" and _opens_a_purpose(child):
            clauses.append(_subtree(child))
    return clauses


#: what a verb's own phrase holds beyond itself: an object, a complement, a clause or a phrase of its own
_OWN_COMPLEMENTS = {"dobj", "dative", "prep", "ccomp", "xcomp", "advcl", "attr", "acomp", "oprd", "prt", "agent"}


def _conjoined_parts(clause: Span) -> list[Span]:
    """A purpose clause of conjoined verbs each with its own object ("to verify your identity and determine your
    eligibility for our programs", "to investigate abuse, or to detect when someone needs help") states one
    purpose per verb: each is checked against the lexicon and quoted on its own, so a term for the first does not
    hide the second. Verbs sharing one object ("to provide, personalise and improve our Products") are one
    purpose, kept whole."""
    head = clause.root
    verbs = [head, *(c for c in head.conjuncts if c.i > head.i and clause.start <= c.i < clause.end)]
    if len(verbs) < 2 or not all(v.pos_ == "VERB" and any(c.dep_ in _OWN_COMPLEMENTS for c in v.children)
                                 for v in verbs):
        return [clause]
    for verb in verbs[1:]:
        before = verb.left_edge.i - 1
        while before > clause.start and (verb.doc[before].is_punct or verb.doc[before].dep_ == "cc"):
            before -= 1
        if verb.doc[before].pos_ == "VERB" and verb.doc[before] not in verbs:
            # "to respond to your requests to access or delete your data": the "or" joins the verbs beside it,
            # whatever the parser hung it on
            return [clause]
    starts = [clause.start] + [v.left_edge.i for v in verbs[1:]]
    ends = starts[1:] + [clause.end]
    parts = [clause.doc[a:b] for a, b in zip(starts, ends, strict=True)]
    # each part says something beyond its verb ("To facilitate and improve your experience" shares one object)
    # and ends as a phrase ends ("to facilitate the creation of and secure your account" shares the last words)
    if not all(_has_content(t for t in part if t.i != verb.i) and _ends_whole(part)
               for part, verb in zip(parts, verbs, strict=True)):
        return [clause]
    return parts


def _ends_whole(part: Span) -> bool:
    words = [t for t in part if not t.is_punct and not t.is_space and t.lower_ not in ("and", "or")]
    return bool(words) and words[-1].pos_ not in ("ADP", "DET", "CCONJ", "SCONJ", "PART")


def _opens_a_purpose(preposition: Token) -> bool:
    """ "for getting feedback", "for the purpose(s) of anonymising it": a gerund, or the word "purpose" with what
    it is of."""
    for child in preposition.children:
        if child.dep_ == "pcomp" and child.tag_ == "VBG":
            return True
        if child.dep_ == "pobj" and child.lemma_.lower() == "purpose":
            return any(c.dep_ == "prep" and c.lower_ == "of" and any(True for _ in c.children)
                       for c in child.children)
    return False


def _clause(token: Token) -> Span:
    """The purpose clause a verb heads, from its "to" or "so" (not from a word the parser hangs before it: "which
    we use to estimate ...")."""
    span = _subtree(token)
    markers = [c.i for c in token.children if (c.dep_ == "aux" and c.lower_ == "to") or c.dep_ == "mark"]
    return token.doc[min(markers):span.end] if markers and min(markers) > span.start else span


def _subtree(token: Token) -> Span:
    """The clause a token heads, run on up to the next punctuation mark or the next part of the practice verb's
    own clause: the parser often hangs the end of a purpose ("which device you'd like to use to install an app")
    on a word outside the practice's clause."""
    doc = token.doc
    end = token.right_edge.i + 1
    while end < token.sent.end and not doc[end].is_punct and token.head not in doc[end].ancestors:
        end += 1
    return doc[token.left_edge.i:end]


def _covered(clause: Span) -> bool:
    """True when a purpose term of the lexicon stands inside the clause: the statement names it already."""
    return any(span.label_ not in ROOT_TERMS and span.start < clause.end and clause.start < span.end
               for span in clause.doc.spans["pg_purpose"])


def _words(clause: Span) -> str:
    """The clause as worded, without what only opens a continuation; "" when no word of content is left."""
    tokens = [t for t in clause if not t.is_space]
    # a main clause after the purpose ("To show you content that's relevant to you, we ...") is no part of it
    cut_at = next((k for k, t in enumerate(tokens[:-1]) if t.text == "," and tokens[k + 1].lower_ in _SUBJECTS), None)
    tokens = tokens[:cut_at] if cut_at else tokens
    while tokens and (tokens[-1].is_punct or tokens[-1].lower_ in _TRAILING):
        tokens.pop()
    if not _has_content(tokens):
        return ""
    cut = len(tokens) > _MAX_WORDS
    tokens = tokens[:_MAX_WORDS]
    text = clause.doc[tokens[0].i:tokens[-1].i + 1].text
    return re.sub(r"\s+", " ", text) + ("…" if cut else "")
