"""Whether and how a practice is stated: denials (and the exceptions that undo them), modality, and the
conditions a practice is stated under."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from policygraph.extract.clauses import first_conjunct
from policygraph.extract.context import LeadIn
from policygraph.records import Segment

_MODAL = {"may": "may", "might": "may", "can": "may", "could": "may", "will": "will", "shall": "will",
          "would": "will", "must": "must"}
NEGATIONS = {"not", "n't", "never", "no", "nor", "neither"}
_EXCEPTION_MARKERS = ("unless", "except", "other than", "without your", "excluding")
#: "We will not collect more data without updating this policy": the denial holds only until that act.
_WITHOUT_ACT = re.compile(r"\bwithout\s+(?:first\s+)?(?!your\b)\w+ing\b", re.I)


# A denial that only limits the practice: "we will not keep it longer than necessary" states a limited
# retention, and "we do not store your data across borders" denies a cross-border transfer, not storage.
LIMITED_RETENTION = re.compile(r"\b(?:longer|more) than (?:is )?(?:necessary|needed|required|reasonably|"
                                r"\d+|one|two|three|six|twelve|thirty|ninety)\b", re.I)
#: Dependencies through which a negation reaches a verb: conjuncts ("do not sell or rent"), controlled
#: verbs ("do not intend to sell") and gerunds under a phrase ("we are not in the business of selling").
_NEGATION_PATH = {"conj", "xcomp", "pcomp", "pobj", "prep"}
#: A conjoined verb with its own subject or auxiliary (not the infinitive "to": "not intend to sell or to
#: rent") does not share the first verb's negation.
_OWN_CLAUSE = {"nsubj", "nsubjpass", "aux", "auxpass"}


#: Adverbs that turn "not" into a hedge: "not necessarily", "not always".
_HEDGES = {"necessarily", "always"}


def is_negated(verb: Token) -> bool:
    """Negation on the verb, on the verb it is conjoined to, or on a controlling verb ('do not want to sell'),
    unless it is hedged (see ``is_hedged``)."""
    holder = _negation_holder(verb)
    return holder is not None and not _hedged(holder)


def is_hedged(verb: Token) -> bool:
    """ "We don't necessarily collect your e-mail address", "we do not always need to share it": a negation
    hedged where it stands is neither a denial nor a statement of the practice."""
    holder = _negation_holder(verb)
    return holder is not None and _hedged(holder)


def _hedged(token: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in _HEDGES for c in token.children)


def _no_longer(token: Token) -> bool:
    """ "We will no longer collect it", "we no more share it": the negation hangs on "longer" / "more"."""
    return token.dep_ == "advmod" and token.lower_ in ("longer", "more") and any(
        c.dep_ == "neg" for c in token.children)


def _negation_holder(verb: Token) -> Token | None:
    """The word the negation of the verb hangs on: the verb, the verb it is conjoined to or a controlling verb."""
    current = verb
    for _ in range(8):
        if any(c.dep_ == "neg" or c.lower_ in ("never",) or _no_longer(c) for c in current.children):
            return current
        if any(c.dep_ in ("dobj", "nsubjpass") and any(g.lower_ == "no" and g.dep_ == "det" for g in c.children)
               for c in current.children):
            return current
        if current.dep_ == "conj" and any(c.dep_ in _OWN_CLAUSE and c.tag_ != "TO" for c in current.children):
            return None  # "it does not identify you, and is used to analyse trends": a clause of its own
        if current.dep_ in ("pcomp", "pobj") and current.head.lower_ == "without":
            return None  # "we cannot provide the service without retaining it": two negations, a practice
        if current.dep_ in _NEGATION_PATH and current.head.i != current.i:
            current = current.head
        else:
            return None
    return None


def sentence_denies(sent: Span) -> bool:
    """True when a sentence's main verb is negated outright: not 'unless/except ...', not a mere limit
    ('not longer than necessary'), and not only a remark on a first clause the parser joins under it ("you can
    withdraw your consent at any time, however this will not affect ...": the first clause, hung on the root
    before it with a subject of its own, is affirmed; "..., you do not have the right to delete it" still denies).
    Facts read from a denying sentence are negated facts."""
    root = sent.root
    remark = any(c.dep_ == "nsubj" and c.lower_ in ("this", "that", "it", "which") for c in root.children)
    joined = remark and any(c.dep_ == "ccomp" and c.i < root.i and any(
        g.dep_ in ("nsubj", "nsubjpass") for g in c.children) for c in root.children)
    return (is_negated(root) and not joined and not has_exception(sent)
            and not LIMITED_RETENTION.search(sent.text))


def has_exception(sent: Span) -> bool:
    lowered = sent.text.lower()
    return any(marker in lowered for marker in _EXCEPTION_MARKERS) or bool(_WITHOUT_ACT.search(sent.text))


def modality_of(verb: Token) -> str:
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ == "aux" and child.lower_ in _MODAL:
                return _MODAL[child.lower_]
        if current.dep_ in ("conj", "xcomp") and current.head.i != current.i:
            current = current.head
        else:
            break
    return "unspecified"


# The user's own act or setting that a practice waits for: "if you provide it", "when you turn on location
# services", "if you choose to connect your contacts", "only if you have enabled sync". Using or visiting the
# service ("when you use our app") is no choice a practice waits for, so those verbs are not here.
_OPTING_VERBS = {"provide", "give", "choose", "decide", "elect", "enable", "turn", "allow", "connect", "link",
                 "opt", "sign", "submit", "upload", "sync", "activate", "select", "share", "join", "enter",
                 "grant", "authorize", "authorise", "agree", "consent", "permit"}
#: Verbs of switching a setting or feature on: "if the setting is enabled" waits for the user's act.
_SWITCHING_VERBS = {"enable", "turn", "activate", "switch"}
#: Verbs by which the user chooses: "you can choose to share your location", "you may elect to connect".
_CHOOSING_VERBS = {"choose", "decide", "elect", "opt"}
_CONSENTING_VERBS = {"grant", "authorize", "authorise", "agree", "consent", "permit"}
_REQUESTING_VERBS = {"request", "ask", "require", "demand", "order", "compel", "subpoena"}
_AUTHORITIES = {"GovernmentAuthority"}
_TRANSFERRING_VERBS = {"sell", "transfer", "merge", "divest", "assign"}
#: What changes hands when a business is sold: "if we sell all or part of our business".
BUSINESS_WORDS = {"business", "businesses", "company", "assets", "stock", "shares", "operations", "division"}
#: Words opening a clause that says when a practice happens.
CONDITION_MARKS = {"if", "when", "where", "once", "whenever"}
#: "depending on your settings", "Depending on where you live, and your privacy settings", "depending on the
#: products you use and settings you choose", "in accordance with your ad preferences"
_SETTINGS = re.compile(r"\b(?:depending on|based on|according to|subject to|in accordance with)\b"
                       r"(?:(?!\b(?:if|even|unless|regardless|whether)\b)[^.;:]){0,60}?\b"
                       r"(?:(?:your|the user's|their) (?:\w+ ){0,2}(?:settings|preferences|choices|permissions)|"
                       r"(?:settings|preferences) (?:that )?you (?:choose|select|set))\b", re.I)


# A section headed by the legal basis "Consent" (or "Where you have given consent") lists what is done with it.
_CONSENT_HEADING = re.compile(r"^\W*(?:(?:with|where you have given(?: us)?|based on) )?(?:your )?consent\W*$",
                              re.I)


def in_concession(span: Span) -> bool:
    """Inside a clause of concession: "we may keep it even after you request deletion", "even if you ask us to
    delete it". The practice holds whatever the clause says, so the clause is no condition of it."""
    current = span.root
    for _ in range(8):
        if current.dep_ == "advcl" and any(c.lower_ in ("even", "though", "although") for c in current.children):
            return True
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def clause_conditions(span: Span) -> list[str]:
    """Conditions an adverbial clause states: "if/when/where you <choose, provide, enable ...>" is OptIn
    (Consent for "agree", "grant", "authorize"), and so are "if the setting is enabled" and "by enabling it"; "if a
    government agency requests (it)" is LegalRequirement; "if we sell or transfer all or part of our business" is a
    business transfer; "depending on your settings" is UserSettings."""
    found = []
    parties = {s.root.i: s.label_ for s in span.doc.spans["pg_recipient"]}
    for token in span:
        if _opted_in_by(token):
            found.append("OptIn")
        if token.dep_ != "advcl" or not any(c.dep_ in ("mark", "advmod") and c.lower_ in CONDITION_MARKS
                                            for c in token.children) or in_concession(token.doc[token.i:token.i + 1]):
            continue
        lemma = token.lemma_.lower()
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            continue
        opting_out = _switched_off(token)
        if lemma in _SWITCHING_VERBS and token.tag_ == "VBN" and subject.lower_ != "you" and not opting_out:
            found.append("OptIn")  # "if your activity setting is enabled", "when location services are turned on"
            continue
        if subject.lower_ == "you" and lemma in _OPTING_VERBS and not opting_out:
            found.append("Consent" if lemma in _CONSENTING_VERBS else "OptIn")
        elif lemma in _REQUESTING_VERBS and parties.get(subject.i) in _AUTHORITIES:
            found.append("LegalRequirement")
        elif (lemma in _TRANSFERRING_VERBS or _about_to(token)) and subject.lower_ == "we" and any(
                t.lower_ in BUSINESS_WORDS for t in token.subtree):
            found.append("BusinessTransferCondition")
    if _SETTINGS.search(span.text):
        found.append("UserSettings")  # on or off by default, the sentence does not say: no opt-in
    return found


def _about_to(verb: Token) -> bool:
    """ "If we were to sell our business": "be" + "to" + a verb of transferring says the same as the verb."""
    return verb.lemma_.lower() == "be" and any(
        c.dep_ == "xcomp" and c.lemma_.lower() in _TRANSFERRING_VERBS for c in verb.children)


def _switched_off(verb: Token) -> bool:
    """ "If location services are turned off", "if you do not enable it", "if you choose not to provide it":
    switching off, or declining, is no opt-in."""
    return any((c.dep_ == "prt" and c.lower_ in ("off", "out")) or c.dep_ == "neg"
               or (c.dep_ == "xcomp" and any(g.dep_ == "neg" for g in c.children)) for c in verb.children)


def _opted_in_by(token: Token) -> bool:
    """ "By enabling these settings", "by linking your account": the means is the user's opting act, which the
    sentence's practice waits for ("by entering your password" is how, not a choice; "by turning off location
    services" opts out)."""
    return (token.dep_ == "pcomp" and token.head.lower_ == "by" and not _switched_off(token)
            and token.lemma_.lower() in _SWITCHING_VERBS | {"connect", "link", "sync", "opt", "allow", "grant",
                                                           "authorize", "authorise", "agree", "consent", "permit"})


def chosen_by_the_user(verb: Token) -> bool:
    """ "You can choose to share your location", "you may decide to connect your contacts": the practice is the
    object of the user's choice, and waits for it. ("Information you choose to provide" describes the data, which
    the practice acts on whatever the user chose; "regardless of whether you choose to save it" makes nothing
    wait; "we collect X, and you can choose to link Y" does not make the collection wait.)"""
    chooser = verb.head
    if verb.dep_ != "xcomp" or _switched_off(verb) or chooser.lemma_.lower() not in _CHOOSING_VERBS:
        return False
    subjects = [c for c in chooser.children if c.dep_ in ("nsubj", "nsubjpass", "dep")]
    return (chooser.pos_ == "VERB" and chooser.dep_ in ("ROOT", "conj")
            and [c.lower_ for c in subjects] == ["you"]  # "Photos you may decide to share": a noun's clause
            and not any(c.dep_ == "neg" for c in chooser.children))


#: Conditions of the user's agreement, which "without" turns around.
_AGREEMENT = {"Consent", "OptIn"}


def waived(span: Span, denied: bool) -> bool:
    """True for consent a practice goes "without" or the user declines: "we may share it without your consent in
    the following cases", "without obtaining your prior authorization and consent", "if you choose not to". In a
    denial the consent is the condition again ("we do not share it without your consent" shares it with consent),
    so a denied practice keeps it."""
    if denied or span.label_ not in _AGREEMENT:
        return False
    if _switched_off(span.root):
        return True  # "if you choose not to provide it": the choice declined
    current = span.root
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head  # "without obtaining your prior authorization and consent"
    governor = current.head
    return (current.dep_ == "pobj" and governor.lower_ == "without") or (
        current.dep_ == "dobj" and governor.dep_ == "pcomp" and governor.head.lower_ == "without")


def complied_with(span: Span) -> bool:
    """True for the obligation of a bare "comply with" ("as long as we need it to provide our Products, comply
    with legal obligations or protect our interests"): complying is what the practice is for, whatever the parser
    hangs the verb on, not a requirement it depends on ("if we are legally required" is one)."""
    current = first_conjunct(span.root)
    governor = current.head.head if current.dep_ == "pobj" and current.head.lower_ == "with" else None
    return (governor is not None and governor.lemma_.lower() == "comply" and governor.tag_ in ("VB", "VBG")
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in governor.children))


def context_conditions(segment: Segment, lead_in: LeadIn) -> list[str]:
    """Conditions a segment takes from its place: its lead-in's, and Consent under a "Consent" heading."""
    found = list(lead_in.conditions)
    if any(_CONSENT_HEADING.match(heading) for heading in segment.heading_path):
        found.append("Consent")
    return found
