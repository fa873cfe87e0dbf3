"""Policy facts beyond data practices: rights, choices, retention, security, audiences, tracking, Do Not
Track, change notices, data location; and the policy's contact e-mails, with its operator and dates from
``operator``.

Facts are read sentence by sentence by matching the ontology's surface forms of each family, but only in
sentences that are about that topic (a guard pattern per family): "password" names a security measure in
"your account is password-protected", not in "we collect your password". The guards are the subtle part;
each is a short regular expression next to its family below.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from policygraph.extract.data_terms import age_threshold, children_only_protected
from policygraph.extract.framing import under_definitions
from policygraph.extract.operator import EMAIL, Operator, find_dates
from policygraph.extract.polarity import sentence_denies
from policygraph.ontology.lexicon import get_lexicon
from policygraph.records import Evidence, Fact, PolicyDocument, PolicyFacts, Segment, SegmentKind

_YOU = r"\byou(?:r)?\b"
#: Words that offer the user a choice: "if you do not want ..., (please do this)" offers one; a wish alone ("a
#: browser feature that tells websites you do not want to be tracked") offers none.
_CHOICE_OFFERED = (r"\bopt(?:-|\s)?(?:out|in)\b|\bunsubscribe\b|\bchoose not\b|"
                   r"\bif (?:you|users?|consumers?|customers?|visitors?)\b[^.]*?\b(?:do not|don't) (?:wish|want)\b|"
                   r"\byou (?:can|may|could) (?:choose|elect|decline|refuse|disable|turn off|set|adjust|block|"
                   r"delete|remove|reject|withdraw|change|stop|manage)\b|\byour choices?\b")
#: family -> the topic a sentence must be about before the family's surface forms are read in it. Patterns of
#: several conditions are lookaheads anchored at the start (``\A``): unanchored, ``search`` would try them at every
#: position of the sentence, each scanning to its end.
_GUARDS = {
    "right": re.compile(rf"\A(?=.*{_YOU})"
                        r"(?=.*\b(?:information|data|account|profile|details|preferences|records)\b)"
                        r"(?=.*\b(?:can|may|right|request|ask|able|allow|contact|entitled|option)\b)", re.I | re.S),
    # a wish opens the sentence to the choice family's named mechanisms ("if you don't want cookies, change your
    # browser settings"), though alone it offers no choice (see _FALLBACK)
    "choice": re.compile(rf"{_CHOICE_OFFERED}|\b(?:do not|don't) (?:wish|want)\b", re.I),
    "retention": re.compile(r"\b(?:retain|retention|keep|kept|store|stored|storage|hold|delete[ds]?|preserve)\b", re.I),
    "security": re.compile(r"secur|protect|safeguard|encrypt|restrict|\bssl\b|\btls\b|firewall|"
                           r"unauthori[sz]ed|confidential", re.I),
    "audience": re.compile(r".", re.S),
    "tracking": re.compile(r".", re.S),
    "change": re.compile(r"\A(?=.*\b(?:chang|updat|modif|revis|amend)\w*)(?=.*\b(?:policy|statement|notice|terms)\b)",
                         re.I | re.S),
    "location": re.compile(r"\b(?:stored?|transferr?(?:ed|ing)?|processed|located|hosted|servers?|transmit\w*)\b",
                           re.I),
    "safeguard": re.compile(r".", re.S),
}
# When a sentence is clearly about choices but names no specific mechanism, it still states one: "please
# adjust your Communication Preferences" is a choice. Security without a named measure is read from the parse
# (``_states_protection``), since "security" is as often a purpose ("for safety and security reasons").
_FALLBACK = {
    "choice": lambda sentence: ["UserChoice"] if re.search(_CHOICE_OFFERED, sentence, re.I) else [],
}
_MENTIONS_DATA_SECURITY = re.compile(r"\A(?=.*\bsecur(?:e|ity)\b)(?=.*\b(?:information|data)\b)", re.I | re.S)
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)
_PROTECTING_VERBS = {"protect", "secure", "safeguard", "encrypt"}
#: What a protecting verb protects when it states data security: "protect your information", "your account is
#: secured", "we encrypt it"; not "protect the rights and safety of others".
_PROTECTED_THINGS = {"information", "data", "account", "accounts", "content", "systems", "system", "servers",
                     "network", "networks", "it", "them", "this", "details", "records", "communications", "messages",
                     "transmission", "transmissions", "files", "database", "databases", "infrastructure", "privacy",
                     "password", "passwords", "connection", "connections", "traffic", "confidentiality",
                     "integrity", "security", "availability"}
_MEASURE_NOUNS = {"measure", "measures", "safeguard", "safeguards", "precaution", "precautions", "control",
                  "controls", "procedure", "procedures", "standard", "standards", "step", "steps", "technology",
                  "technologies", "practice", "practices"}
_MEASURE_KINDS = {"security", "technical", "organizational", "organisational", "physical", "administrative",
                  "managerial", "electronic", "procedural", "reasonable", "appropriate", "protective"}
#: A sentence about data moving between places: the regions it names are the data's, not an audience.
_DATA_MOVES = re.compile(r"\btransfer|\badequacy\b|\bstandard contractual|\bdata flows?\b|\bcross-border\b", re.I)
#: Places named after "outside (of)": "outside of the EEA, the UK, Switzerland or the Chinese Mainland".
_OUTSIDE_REGIONS = re.compile(r"\b[Oo]utside\s+(?:of\s+)?(?:(?:the\s+)?[A-Z][\w.]*(?:\s+[A-Z][\w.]*)*"
                              r"(?:\s*,\s*(?:(?:or|and)\s+)?|\s+(?:or|and)\s+)?)+")
_REGION_GUARD = re.compile(r"\b(?:residents?|users?|citizens?|visitors?|located|outside|individuals|consumers|"
                           r"live in)\b", re.I)
#: fact kinds a denying sentence negates ("you cannot delete your account", "we do not store it outside the EU");
#: an audience, a choice, a change notice or a DNT stance keeps its meaning in a negative sentence, a security
#: measure does too ("we use safeguards; however, no system is guaranteed to be secure" is a caveat), a
#: tracking technology is denied only by a denied use (``_NOT_USED``) and a retention period by a denied
#: keeping (``_NOT_KEPT``).
_DENIABLE = {"UserRight", "DataLocation", "TransferSafeguard"}
_PERIOD = re.compile(r"\b(\d{1,4}|one|two|three|six|twelve|thirty|ninety)\s*(?:\(\d+\)\s*)?"
                     r"(days?|weeks?|months?|years?)\b", re.I)
#: A choice the sentence withholds: "you may not opt out of service announcements".
_CHOICE_WITHHELD = re.compile(r"\b(?:cannot|can't|can ?not|may not|are not able to|will not be able to|unable to)\s+"
                              r"(?:opt|unsubscribe|choose|decline|refuse|disable|turn off)", re.I)
#: A choice given in the same sentence: "you can opt out of marketing e-mails, but you cannot opt out of ...".
_CHOICE_GIVEN = re.compile(r"\byou (?:can|may|are able to) (?:opt|unsubscribe|choose|decline|refuse|disable|turn off)",
                           re.I)
#: An audience fact says who the service is for, or what is done about them: "not directed to children under 13",
#: "we do not knowingly collect information from children"; "the privacy of children is important" says neither.
_AUDIENCE_STATED = re.compile(r"\b(?:(?:direct|intend|aim|target|design|collect|register|allow|permit|restrict|"
                              r"delete|remove)(?:s|ed|ing)?|knowingly|use[sd]?|eligible|sign up|consent|"
                              r"verif(?:y|ied|ication)|parents?|guardians?|residents?|located|live in)\b", re.I)
#: A document named after a technology: "see our Cookies Policy" mentions no use of cookies.
_DOCUMENT_NAME = re.compile(r"\b(?:cookies?|tracking)(?: technologies)? (?:policy|notice|statement|banner)\b", re.I)
#: A technology denied: "we do not use cookies", "no cookies are placed"; "cookies are not required for many parts
#: of the site" denies no use.
_NOT_USED = re.compile(r"\b(?:(?:do|does|will|did)(?: not|n't)|won't|cannot|can't|never(?: will)?) "
                       r"(?:use|place|set|employ|deploy)\b|\b(?:is|are|be)(?: not| never) (?:used|placed|set)\b|"
                       r"\bno (?:cookies|tracking|pixels|web beacons)\b", re.I)
#: Deletion that is permanent says nothing of keeping data forever: "permanently delete your account".
#: "We may preserve or disclose your information if we believe it is reasonably necessary to: ..." says when the
#: company acts (a belief that something is needed), not how long it keeps data; "as long as" or "until" does.
_BELIEVED_NECESSARY = re.compile(r"\bbelieve\b[^.;:]*\bnecessary\b", re.I)
_HOW_LONG = re.compile(r"\b(?:as long as|until|longer than|period)\b", re.I)
_PERMANENTLY_DELETED = re.compile(r"\bpermanently (?:delete|deleted|deleting|remove|removed|erase|erased)\b", re.I)
_KEPT_FOREVER = re.compile(r"\b(?:keep|kept|retain|retained|store|stored)\b[^.]*\b(?:indefinitely|forever|"
                           r"permanently)\b", re.I)
#: A retention denied: "we do not keep it longer than ...", "we never store it"; "even if you don't clear your
#: search, within six months we delete it" denies no retention.
_NOT_KEPT = re.compile(r"\b(?:(?:do|does|will|did)(?: not|n't)|won't|cannot|can't|never(?: will)?) "
                       r"(?:keep|retain|store|hold|preserve)\b|\b(?:not|never) (?:be )?(?:kept|retained|stored)\b",
                       re.I)
#: An adequacy decision is found by a regulator: "countries deemed to provide an adequate level of protection";
#: "we ensure an adequate level of protection" names no decision.
_ADEQUACY_FOUND = re.compile(r"\badequacy\b|\b(?:deemed|recogni[sz]ed|determined|found|decided|considered)\b|"
                             r"\bcommission\b", re.I)
_DNT = re.compile(r"do[- ]not[- ]track|\bDNT\b", re.I)
_REFUSING_WORDS = {"not", "no", "n't", "never", "unable", "ignore"}
#: "You are entitled to know how we respond to Do Not Track": the question, not the answer
_HOW_WE_RESPOND = re.compile(r"\b(?:how|whether) (?:we|it|they|the \w+) (?:respond|honou?r|respect)", re.I)
_FACT_FAMILIES = ("right", "choice", "retention", "security", "audience", "tracking", "change", "location",
                  "safeguard")


class FactExtractor:
    """Reads ``Fact`` records from tagged segments, and the policy-level facts from the whole text."""

    def __init__(self) -> None:
        lexicon = get_lexicon()
        # (form, pattern, term), longest forms first; the form, lower-cased, lets ``_terms`` skip the patterns whose
        # words are not in the sentence at all (most of them, for any sentence) without running them
        self.patterns: dict[str, list[tuple[str, re.Pattern, str]]] = {}
        for family in _FACT_FAMILIES:
            forms = lexicon.surface_forms(family)
            roots = {t.local for t in lexicon.family(family) if t.parent is None or
                     lexicon.terms[t.parent].family != family}
            entries = [(f if f.isascii() else "", re.compile(rf"(?<![\w-]){re.escape(f)}(?![\w-])", re.I), term)
                       for f, term in sorted(forms.items(), key=lambda kv: (-len(kv[0]), kv[0])) if term not in roots]
            self.patterns[family] = entries

    def segment_facts(self, doc: Doc, segment: Segment, offset: int, policy_id: str, text: str) -> list[Fact]:
        """Facts stated in the sentences of one segment."""
        found: list[Fact] = []
        for sent in doc.sents:
            found.extend(self._sentence_facts(sent, segment, offset, policy_id, text))
        return found

    def _sentence_facts(self, sent: Span, segment, offset, policy_id, text) -> list[Fact]:
        sentence = _URL.sub(" ", sent.text)  # "https://..." names a page, not a secure connection
        start, end = offset + sent.start_char, offset + sent.end_char

        denied = sentence_denies(sent)

        def fact(kind: str, value: str, rule: str, detail: str | None = None, confidence: float = 0.7) -> Fact:
            evidence = Evidence(policy_id, segment.index, start, end, text[start:end], f"fact-{rule}", confidence,
                                segment.heading_path)
            return Fact(kind=kind, value=value, evidence=evidence, detail=detail,
                        negated=denied and kind in _DENIABLE)

        facts: list[Fact] = []
        for family in _FACT_FAMILIES:
            if not _GUARDS[family].search(sentence):
                continue
            terms = self._terms(family, sentence) or _FALLBACK.get(family, lambda _: [])(sentence)
            if family == "security":
                # A measure is stated when the sentence says data is protected; a security word alone ("for
                # safety and security reasons", "no method is 100% secure") is kept as a tentative reading
                # (below the answer threshold), which segment labelling still uses as the sentence's topic.
                protection = _states_protection(sent)
                measures = terms or (["GenericSecurity"] if _MENTIONS_DATA_SECURITY.search(sentence) else [])
                refused = _encryption_denied(sent)
                for term in _most_specific(measures):
                    # a named measure can be denied on its own word ("messages are not end-to-end encrypted"); a
                    # denial elsewhere is a disclaimer ("we use SSL, but we cannot guarantee security")
                    facts.append(replace(fact("SecurityMeasure", term, family, confidence=0.7 if protection else 0.4),
                                         negated=refused and term != "GenericSecurity"))
                continue
            if family == "right":
                phrases = self._terms(family, sentence, multiword_only=True)
                verbs = _user_right_verbs(sent)
                terms = [t for t in terms if t in phrases or t in verbs]
            if family == "audience":
                # "users located outside of the EEA, the UK or Switzerland" are not those regions' residents
                regions = self._terms(family, _OUTSIDE_REGIONS.sub(" ", sentence))
                terms = [t for t in terms if t in ("Children", "OtherRegionResidents") or t in regions]
                if children_only_protected(sentence):
                    terms = [t for t in terms if t != "Children"]  # "to detect child sexual abuse": victims
                if _DATA_MOVES.search(sentence):
                    terms = [t for t in terms if t == "Children"]  # "transfers from the EU rely on SCCs": places
                    # the data goes from or to, not people the policy speaks to
                terms = [t for t in terms if (t == "Children" and (age_threshold(sentence) or
                                                                   _AUDIENCE_STATED.search(sentence)))
                         or (t != "Children" and _REGION_GUARD.search(sentence))]
                if "OtherRegionResidents" in terms and not self._names_another_place(sent):
                    terms.remove("OtherRegionResidents")  # "residents of the UK and EEA" are Europeans
                age = age_threshold(sentence)
                for term in terms:
                    facts.append(fact("Audience", term, family, f"under {age}" if age and term == "Children"
                                      else None))
                continue
            if family == "retention":
                period = _PERIOD.search(sentence)
                terms = [t for t in terms if t != "StatedPeriod"] + (["StatedPeriod"] if period else [])
                if _BELIEVED_NECESSARY.search(sentence) and not _HOW_LONG.search(sentence):
                    terms = [t for t in terms if t != "AsLongAsNecessary"]  # "if we believe it is necessary to:"
                if _PERMANENTLY_DELETED.search(sentence) and not _KEPT_FOREVER.search(sentence):
                    terms = [t for t in terms if t != "Indefinitely"]  # "permanently delete your account"
                for term in terms:
                    facts.append(replace(fact("RetentionPeriod", term, family, period.group(0) if period and
                                              term == "StatedPeriod" else None),
                                         negated=denied and bool(_NOT_KEPT.search(sentence))))
                continue
            if family == "location":
                places = [e.text for e in sent.ents if e.label_ == "GPE"]
                terms = [t for t in terms if places] or (["StorageLocation"] if places and
                                                          re.search(r"\bstor", sentence, re.I) else [])
                for term in terms:
                    facts.append(fact("DataLocation", term, family, ", ".join(dict.fromkeys(places))))
                continue
            if family == "tracking":
                if segment.kind != SegmentKind.LIST_ITEM and not any(t.pos_ in ("VERB", "AUX") for t in sent):
                    continue  # a run-in label ("Cookies.") names the paragraph's topic; its sentences state the fact
                terms = self._terms(family, _DOCUMENT_NAME.sub(" ", sentence))  # "see our Cookies Policy"
                confidence = 0.4 if _defines_a_technology(sent) else 0.7
                for term in terms:
                    facts.append(replace(fact(_KIND[family], term, family, confidence=confidence),
                                         negated=denied and bool(_NOT_USED.search(sentence))))
                continue
            if family == "safeguard" and not _ADEQUACY_FOUND.search(sentence):
                terms = [t for t in terms if t != "AdequacyDecision"]  # "we ensure an adequate level of protection"
            if family == "choice" and _CHOICE_WITHHELD.search(sentence) and not _CHOICE_GIVEN.search(sentence):
                facts.extend(replace(fact(_KIND[family], term, family), negated=True) for term in terms)
                continue
            for term in terms:
                facts.append(fact(_KIND[family], term, family))
        if _DNT.search(sentence):
            stance = "DNTNotHonored" if _refuses(sent) else (
                "DNTHonored" if re.search(r"\b(?:honou?r|respond|respect)", sentence, re.I)
                and not _HOW_WE_RESPOND.search(sentence) else "DNTMentioned")
            # "Do Not Track is a preference users can set in their browsers" says what DNT is, not the stance
            facts.append(fact("DoNotTrackStance", stance, "dnt",
                              confidence=0.4 if stance == "DNTMentioned" and _defines_a_term(sent) else 0.7))
        if under_definitions(segment.heading_path):
            facts = [replace(f, evidence=replace(f.evidence, confidence=min(f.evidence.confidence, 0.4)))
                     for f in facts]
        return facts

    def _names_another_place(self, sent: Span) -> bool:
        """True when the sentence names a country or people (an entity) that no other audience term covers:
        "residents of Canada" are residents of another region; "residents of the UK and EEA" are Europeans, and
        "residents of countries where processing is based on consent" name no place."""
        others = [pattern for _, pattern, term in self.patterns["audience"] if term != "OtherRegionResidents"]
        return any(e.label_ in ("GPE", "NORP") and not any(p.search(e.text) for p in others) for e in sent.ents)

    def _terms(self, family: str, sentence: str, multiword_only: bool = False) -> list[str]:
        """Terms of ``family`` whose surface forms occur in the sentence, longest forms first, no overlaps; with
        ``multiword_only``, only forms of several words, and none the company does ("we may transfer your data
        to the buyer" is no right to portability)."""
        found: dict[str, None] = {}
        taken: list[tuple[int, int]] = []
        lowered = sentence.lower()
        for form, pattern, term in self.patterns[family]:
            if form not in lowered:
                continue
            for match in pattern.finditer(sentence):
                if multiword_only and (" " not in match.group(0) or (_DONE_BY_US.search(sentence[:match.start()])
                                                                    and not _ASKED.search(sentence))):
                    continue
                if any(match.start() < e and s < match.end() for s, e in taken):
                    continue
                taken.append(match.span())
                found[term] = None
        return list(found)

    def policy_facts(self, document: PolicyDocument, facts: list[Fact], operator: Operator) -> PolicyFacts:
        """The policy's operator (``operator.find_operator``), dates and contact e-mails, with the facts read from
        its segments."""
        text = document.text
        dates = find_dates(text)
        emails = tuple(dict.fromkeys(m.group(0).rstrip(".") for m in EMAIL.finditer(text)))
        return PolicyFacts(
            company=operator.brand,
            legal_entity=operator.legal_entity,
            effective_date=dates.effective,
            last_updated=dates.updated,
            contact_emails=emails,
            facts=tuple(facts),
        )


#: Verbs by which the user has the company act on a right: "you may ask us to delete your data".
_ASKING_VERBS = {"ask", "request", "instruct", "direct", "require", "tell", "contact"}
#: Verbs by which the company gives the user a right: "we allow you to delete your data".
_GRANTING_VERBS = {"allow", "let", "enable", "permit", "give", "offer"}
_RIGHT_OBJECTS = {"information", "data", "account", "profile", "preferences", "details", "records", "settings",
                  "registration", "subscription", "it", "them"}
#: Nouns whose "to" clause is what the user lets the service do: "your permission to access your address book".
_PERMISSION_NOUNS = {"permission", "permissions", "consent", "authorization", "authorisation", "access"}
_USER_WORDS = {"you", "user", "users", "customer", "customers", "member", "members", "visitor", "visitors"}


_TECHNOLOGY_WORDS = re.compile(r"\b(?:cookies?|beacons?|pixels?|pixel tags?|sdks?|local storage|fingerprinting|"
                               r"tags?|gifs?|tracking technolog(?:y|ies))\b", re.I)


def _noun_phrase(noun: Token) -> list[Token]:
    """The noun with its modifiers, prepositional phrases and conjuncts ("the confidentiality of your personal
    information and accounts"), not the clauses attached to it."""
    words, todo = [], [noun]
    while todo:
        token = todo.pop()
        words.append(token)
        todo.extend(c for c in token.children if c.dep_ in ("prep", "pobj", "conj", "compound", "amod", "poss"))
    return words


def _defines_a_term(sent: Span) -> bool:
    """A copular sentence saying what its subject is: "Do Not Track is a privacy preference ..."."""
    root = sent.root
    return (root.lemma_ == "be" and any(c.dep_ == "nsubj" for c in root.children)
            and any(c.dep_ == "attr" for c in root.children))


def _defines_a_technology(sent: Span) -> bool:
    """ "Pixel tags are small images ...": a copular sentence defining a technology says what it is, not that the
    service uses it (kept as a tentative reading)."""
    if not _defines_a_term(sent):
        return False
    subject = next(c for c in sent.root.children if c.dep_ == "nsubj")
    return (not any(c.dep_ == "relcl" for c in subject.children)  # "the technology we use is ..." names it
            and bool(_TECHNOLOGY_WORDS.search(" ".join(t.text for t in subject.subtree))))


#: What a setting is called: changing one is a choice, not a right over the data ("update your preferences" may
#: edit what the account holds, and OPP-115's annotators read it so).
_SETTING_NOUNS = {"setting", "settings"}


def _user_right_verbs(sent: Span) -> set[str]:
    """Rights stated by a one-word verb used as a user's right over their data.

    "you can update your profile", "you may ask us to delete your information", "you have the right to
    access your data": the verb's subject (or the subject of the verb controlling it) is the user, or it is
    the complement of "right", and its object is the user's data or account. "we may access your data" or
    "your browser permits a website to access cookies" state no right.
    """
    single = {form: term for form, term in get_lexicon().surface_forms("right").items() if " " not in form}
    found = set()
    for token in sent:
        term = single.get(token.lemma_.lower()) or single.get(token.lower_)
        if term is None or token.pos_ != "VERB" or (token.dep_ == "acl" and token.head.lower_ in _PERMISSION_NOUNS):
            continue
        if _anothers_right(token):
            continue  # "the rights of authorities to access your information"
        verbs = [token, *token.conjuncts]
        objects = [c for v in verbs for c in v.children if c.dep_ in ("dobj", "nsubjpass")]
        named = {t.lower_ for o in objects for t in o.subtree} & _RIGHT_OBJECTS
        if not named or (term == "RightOfAccess" and named == {"account"}):
            continue  # "help you access your account if you forget your password" is signing in, not a right
        if all(o.lemma_.lower() in _SETTING_NOUNS for o in objects + [c for o in objects for c in o.conjuncts]):
            continue  # "you can change your email settings": a setting changed is a choice, no data corrected
        if any(c.dep_ == "aux" and c.lower_ == "should" for c in token.children):
            continue  # "you should know the ways we share it", "you should review your data": advice, no right
        if token.head.lemma_.lower() not in _ASKING_VERBS | _GRANTING_VERBS and any(
                c.lower_ in ("us", "we") for c in token.head.children if c.dep_ in ("dative", "dobj", "nsubj")):
            continue  # "how long it takes us to delete your information", "we use cookies to access your
            # information": the company's act ("you may ask us to delete it" and "we allow you to" grant a right)
        if any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) and re.search(
                r"\b(?:you|your|please)\b", sent.text, re.I) and not any(c.dep_ == "nsubj" for c in token.children):
            found.add(term)  # "to update your information, please log in" / "you may log in to update it"
            continue
        holder, current = None, token
        for _ in range(4):
            holder = next((c for c in current.children if c.dep_ == "nsubj"), None)
            if holder is not None or current.head.i == current.i:
                break
            if current.head.lower_ == "right":
                holder = current.head
                break
            current = current.head
        others = holder is not None and any(c.lower_ in ("other", "another") for c in holder.children)
        if holder is not None and not others and (holder.lower_ in _USER_WORDS or holder.lower_ == "right"):
            found.add(term)
    return found


def _refuses(sent: Span) -> bool:
    """True when the sentence says Do Not Track signals are not honoured: a negation (or "unable", "ignore") in a
    clause of anyone but the user ("we do not respond to", "our services are unable to", "there is no standard").
    The words of the name itself, and the user's own wish ("a browser setting that tells websites you do not
    want to be tracked"), say nothing of the company's stance."""
    names = [(m.start() + sent.start_char, m.end() + sent.start_char) for m in _DNT.finditer(sent.text)]
    for token in sent:
        if token.lower_ not in _REFUSING_WORDS and token.lemma_.lower() not in _REFUSING_WORDS:
            continue
        if any(start <= token.idx < end for start, end in names):
            continue
        clause = token if token.pos_ in ("VERB", "AUX") and token.dep_ != "neg" else token.head
        for _ in range(3):
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
            if subject is not None or clause.dep_ == "ROOT":
                break
            clause = clause.head
        # the refusing clause speaks of the signals ("we do not respond to them", "there is no standard for
        # DNT"): "we respond to DNT; when we receive one, we do not set ad cookies" honours them
        speaks_of_dnt = any(start <= t.idx < end or t.lower_ in ("it", "them", "signals", "requests")
                            for t in _own_clause(clause) for start, end in names)
        if (subject is None or subject.lower_ not in _USER_WORDS) and speaks_of_dnt:
            return True
    return False


def _own_clause(verb: Token) -> list[Token]:
    """The verb's clause with its conjoined verbs ("does not recognize or respond to DNT signals") and without the
    clauses hung on it ("we do not set cookies" without "our site responds to DNT signals", which the parser may
    hang on it)."""
    words, todo = [], [verb]
    while todo:
        token = todo.pop()
        words.append(token)
        for child in token.children:
            if child.dep_ in ("ccomp", "advcl", "parataxis"):
                words.append(child)  # the clause's own word only ("respond to Do Not Track" parsed as a clause)
            else:
                todo.append(child)
    return words


def _encryption_denied(sent: Span) -> bool:
    """ "Direct messages are not end-to-end encrypted": the negation sits on the encrypting word itself (or on the
    copula it completes)."""
    def negated(token: Token) -> bool:
        return any(c.dep_ == "neg" for c in token.children)

    return any(t.lower_.startswith("encrypt") and (negated(t) or (t.dep_ in ("acomp", "attr") and negated(t.head)))
               for t in sent)


def _most_specific(terms: list[str]) -> list[str]:
    """The terms without those a more specific term found beside them already implies ("SSL encryption" is
    encryption in transit, not also encryption of no stated kind)."""
    lexicon = get_lexicon()

    def ancestors(term: str) -> set[str]:
        found, current = set(), lexicon.terms[term].parent
        while current is not None:
            found.add(current)
            current = lexicon.terms[current].parent
        return found

    implied = {a for t in terms if t in lexicon.terms for a in ancestors(t)}
    return [t for t in terms if t not in implied]


def _anothers_right(verb: Token) -> bool:
    """True when the verb is what a right of someone other than the user is to: "the rights of authorities to
    access your personal information" (the parser may hang the verb anywhere, so the words before it are read)."""
    for word in verb.doc[max(0, verb.i - 6):verb.i]:
        if word.lemma_.lower() == "right" and any(
                c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" and g.lower_ not in _USER_WORDS
                                                             for g in c.children) for c in word.children):
            return True
    return False


def _states_protection(sent: Span) -> bool:
    """True when the sentence says data is protected: a protecting verb done by the company or to data ("we
    protect your information", "your data is encrypted"), or security measures the company takes ("we use
    technical and organisational measures"). "For safety and security purposes", "to keep our users safe" or
    "no method is 100% secure" state none, and neither does a noun phrase naming data ("Information for additional
    account security", "Information from security partners who help us protect against abuse")."""
    if sent.root.lemma_.lower() in ("information", "data", "detail") and sent.root.pos_ in ("NOUN", "PROPN"):
        return False
    for token in sent:
        lemma = token.lemma_.lower()
        if token.pos_ == "VERB" and lemma in _PROTECTING_VERBS and not any(c.dep_ == "neg" for c in token.children):
            if _what_a_practice_is_for(token):
                continue
            objects = [c for c in token.children if c.dep_ in ("dobj", "nsubjpass")]
            if objects and not any(t.lower_ in _PROTECTED_THINGS for o in objects for t in _noun_phrase(o)):
                continue  # "protect such vital interests", "protect the rights, property or safety of others"
            actors = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")]
            if not actors or any(a.lower_ in ("we", "it", "they") or a.pos_ == "PROPN"
                                 or a.lower_ in ("information", "data", "account", "content") for a in actors):
                return True
        if token.lower_ in _MEASURE_NOUNS and any(c.lower_ in _MEASURE_KINDS for c in token.children):
            return True
    return False


#: Verbs of data practices, whose "to protect ..." clause says what the practice is for.
_PRACTICE_VERBS = {"use", "process", "disclose", "share", "collect", "preserve", "retain", "access", "transfer",
                   "analyze", "analyse", "create", "maintain", "customize", "customise"}
_MEANS_WORDS = _MEASURE_NOUNS | {"encryption", "ssl", "tls", "https", "firewall", "firewalls", "tools", "software"}


def _what_a_practice_is_for(verb: Token) -> bool:
    """ "We may use the information to ... protect the security of our services", "we may disclose information to
    protect the security of the Services", an item "To create, maintain and secure your account": protecting is
    what a data practice (or the item's practice) is for, not a measure the company takes. ("We use encryption to
    protect your data" names the means: a measure.)"""
    current = verb
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
    if infinitive and current.dep_ == "ROOT":
        return True  # a purpose item: "To create, maintain, customize, and secure your account."
    governor = current.head if infinitive else current
    for _ in range(4):  # "disclose information that we believe is necessary to protect ...": up to the practice
        if governor.lemma_.lower() in _PRACTICE_VERBS and governor.i != verb.i:
            means = {t.lower_ for c in governor.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree}
            return not means & _MEANS_WORDS
        if governor.dep_ == "ROOT" or not infinitive:
            return False
        governor = governor.head
    return False


#: The company as the doer of the words that follow: "we may transfer ...", "we will export ..."; a right still,
#: when the user asks for it ("you can request that we transfer ...", "at your request, we will transfer ...").
_DONE_BY_US = re.compile(r"\bwe\s+(?:\w+\s+){0,2}\Z", re.I)
_ASKED = re.compile(r"\b(?:request|ask|asks|asked)\b", re.I)
_KIND = {"right": "UserRight", "choice": "UserChoice", "security": "SecurityMeasure", "audience": "Audience",
         "tracking": "TrackingTechnology", "change": "ChangeNotice", "safeguard": "TransferSafeguard"}
