"""Build data-practice statements from a tagged spaCy ``Doc`` of one segment.

One statement per action verb of a sentence. Tagged phrases (data, recipients, purposes, conditions) are
attached to the action verb they depend on: from the phrase's root we walk up the dependency tree to the
first action verb; a phrase under no action verb attaches to the sentence's main action verb. This keeps
"we collect your e-mail address to send you offers, and we share your name with affiliates" as two
statements with the right data on each.

A segment whose sentences have no action verb (a list item "Your e-mail address;", a purpose "To prevent
fraud;") inherits the action and actor of its lead-in sentence, or the topic of its heading, with a lower
confidence and a rule id that says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span, Token

from policygraph.extract.framing import ENTITLEMENT_NOUNS, defines_its_subject, talked_about, what_varies
from policygraph.ontology.lexicon import get_lexicon
from policygraph.records import UMBRELLA_DATA, Action, Evidence, Segment, SegmentKind, Statement

_MODAL = {"may": "may", "might": "may", "can": "may", "could": "may", "will": "will", "shall": "will",
          "would": "will", "must": "must"}
_NEGATIONS = {"not", "n't", "never", "no", "nor", "neither"}
_EXCEPTION_MARKERS = ("unless", "except", "other than", "without your", "excluding")
#: "We will not collect more data without updating this policy": the denial holds only until that act.
_WITHOUT_ACT = re.compile(r"\bwithout\s+(?:first\s+)?(?!your\b)\w+ing\b", re.I)
_USER_SUBJECTS = {"you", "user", "users", "visitor", "visitors", "customer", "customers", "member", "members",
                  "child", "children", "minor", "minors", "parent", "parents", "guardian", "guardians"}
_USER_GIVING_VERBS = {"provide", "give", "submit", "send", "share", "enter", "supply", "post", "furnish"}
# Verbs whose infinitival complement is the same practice ("ask you to provide" = collect), not a purpose.
_CONTROL_VERBS = {"ask", "request", "require", "choose", "decide", "want", "intend", "wish", "plan", "need",
                  "agree", "try", "attempt", "seek", "permit", "allow", "authorize", "authorise", "instruct",
                  "direct", "oblige", "compel"}
#: The confidence of a tentative reading, below the default threshold (``extract.pipeline.DEFAULT_MIN_CONFIDENCE``)
#: and so left out unless asked for: a paragraph read through its heading's topic, a purpose list item, a denial
#: whose exceptions are not named. A judged audit found most of them wrong.
TENTATIVE = 0.6
_GENERIC_DATA = {"UnspecifiedPersonalInformation"}
#: Capitalised words policies use for the site itself, which the parser may take for an organisation.
_SITE_WORDS = {"services", "service", "site", "sites", "website", "websites", "company", "app", "apps", "terms",
               "policy", "user", "users", "member", "members", "content", "contents", "property"}
_UMBRELLA_DATA = UMBRELLA_DATA
_COMPANY_PRONOUNS = {"we", "us", "it", "which", "that", "who", "this", "these"}
#: Common nouns a company calls itself or its offering by, as the subject of its practices.
_COMPANY_NOUNS = {"platform", "platforms", "product", "products", "application", "applications", "team",
                  "business", "organisation", "organization", "controller", "operator", "server", "servers",
                  "system", "systems", "computer", "computers", "technology", "technologies", "tool", "tools",
                  "software", "department", "staff", "employees", "cookie", "cookies", "beacon", "beacons",
                  "pixel", "pixels", "tag", "tags", "bug", "bugs", "sdk", "sdks", "script", "scripts"}
#: family roots ("purposes", "recipients") say nothing on their own.
_ROOT_TERMS = {"Purpose", "Recipient", "DataCategory", "Condition"}
# A denial that only limits the practice: "we will not keep it longer than necessary" states a limited
# retention, and "we do not store your data across borders" denies a cross-border transfer, not storage.
_LIMITED_RETENTION = re.compile(r"\b(?:longer|more) than (?:is )?(?:necessary|needed|required|reasonably|"
                                r"\d+|one|two|three|six|twelve|thirty|ninety)\b", re.I)
_CROSS_BORDER = re.compile(r"\bacross borders\b|\boutside (?:of )?(?:the|your|this) (?:country|jurisdiction)|"
                           r"\bto other countries\b|\babroad\b", re.I)
#: Verbs of a sentence that lists what an earlier one spoke of ("This includes ...").
#: A retention period: "for seven years", "up to 13 months", "as long as your account is active", "until ...".
_RETENTION_PERIOD = re.compile(r"\b(?:for|up to|within|after|than)\s+(?:\w+\s+){0,2}(?:days?|weeks?|months?|years?)\b"
                               r"|\bas long as\b|\buntil\b|\bperiod\b", re.I)
_LISTING_VERBS = {"include", "consist", "contain", "comprise", "mean"}
_LEGAL = {"LegalCompliance", "LegalClaims"}
_DEMONSTRATIVE = re.compile(r"^(?:this|that|these|those|such|the above|said)\b", re.I)
_AGE = re.compile(r"\b(?:under|below|younger than)\s+(?:the\s+age\s+of\s+)?(\d{1,2}|thirteen|sixteen|eighteen)\b",
                  re.I)
_AGE_WORDS = {"thirteen": 13, "sixteen": 16, "eighteen": 18}
#: A lead-in that lists what the user may do: "You have the right to:", "you can:", "You may ask us to:".
_USER_LEAD_IN = re.compile(r"\b(?:you|users?)\s+(?:\w+\s+){0,3}?(?:right|rights|can|may|could|able|choose|request|"
                           r"ask)\b|\brights?\b", re.I)
#: A lead-in that leaves its purposes to the list after it: "We use your information to:", "... for the following
#: purposes:".
_PURPOSE_LEAD_IN = re.compile(r"(?:\b(?:to|for)|\bpurposes?(?: such as)?)\s*:\s*$", re.I)
_CHILD_WORDS = re.compile(r"\b(?:children|child|kids|minors?|under\s+(?:the\s+age\s+of\s+)?\d{1,2})\b", re.I)
_HEADING_TOPICS = (
    (re.compile(r"\b(?:shar|disclos|third part|transfer|recipient)", re.I), Action.SHARE),
    (re.compile(r"\b(?:sell|sale)", re.I), Action.SELL),
    (re.compile(r"\b(?:retention|retain|storage|store|keep)", re.I), Action.RETAIN),
    (re.compile(r"\b(?:use|using|purpose)", re.I), Action.USE),
    (re.compile(r"\b(?:collect|information we|we collect|cookies|gather|receive|personal information|"
                r"data we)", re.I), Action.COLLECT),
)


@dataclass(frozen=True)
class LeadIn:
    """What a lead-in sentence ("We may share your data with advertisers:") gives the list items that continue it:
    the action and actor of its practice verb, its modality, whether it introduces purposes, whether it speaks of
    the user's own acts ("You have the right to:", "You can:": its items state nothing of the company), the
    recipients, conditions and data it names ("Where you have given us consent, we use your data to:"), and whether
    it gives the user what its items name ("we will disclose to you:": an item naming data names what the user
    receives, no practice on it).
    """

    action: Action | None = None
    actor: str = "FirstParty"
    modality: str = "unspecified"
    purpose: bool = False
    by_user: bool = False
    recipients: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    to_the_user: bool = False


_NO_LEAD_IN = LeadIn()


@dataclass
class SegmentContext:
    """What a segment inherits from the text before it: the lead-ins seen (by their text), the recent data
    with the index of the segment that named it, the purposes each heading names (by its text), and the words of
    the operator's own names (lower case: "meta", "platforms"), which name no third party."""

    lead_ins: dict[str, LeadIn] = field(default_factory=dict)
    recent_data: tuple[str, ...] = ()
    recent_segment: int = -1
    heading_purposes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    own_names: frozenset[str] = frozenset()

    def lead_in(self, segment: Segment) -> LeadIn:
        """The lead-in a list item continues (an empty one when it continues none)."""
        return self.lead_ins.get(segment.lead_in or "", _NO_LEAD_IN) if segment.lead_in else _NO_LEAD_IN

    def reset(self) -> None:
        """Forget the recent data: a new top-level section starts."""
        self.recent_data = ()


def verb_actions() -> dict[str, Action]:
    """Verb lemma -> action, from the altLabels of the ontology's practice classes (deepest class wins)."""
    table: dict[str, Action] = {}
    for form, term in get_lexicon().surface_forms("action").items():
        if term in {a.value for a in Action}:
            table[form] = Action(term)
    return table


class StatementBuilder:
    """Turns one tagged segment ``Doc`` into statements (see the module docstring for the method)."""

    def __init__(self) -> None:
        self.verbs = verb_actions()

    def build(self, doc: Doc, segment: Segment, offset: int, policy_id: str, text: str,
              context: SegmentContext) -> list[Statement]:
        """The statements of one segment (see the module docstring)."""
        lead_in = context.lead_in(segment)
        if lead_in.by_user or (lead_in.to_the_user and not _has_main_clause(doc)):
            return []  # an item of "You have the right to:" lists what the user may do, not what we do
        statements: list[Statement] = []
        previous: list[Statement] = []  # the statements of the sentence just before
        for sent in doc.sents:
            found = self._sentence(doc, sent, segment, offset, policy_id, text, context)
            if not found and previous:
                found = self._elaboration(doc, sent, previous[-1], offset, text)
            statements.extend(found)
            _remember_data(found, context)
            previous = found
        # A purpose item ("To provide the service;", "billing purposes by utilising...") is a fragment whose
        # verbs state the purpose, not a practice; an item that is a full clause with its own subject ("For
        # example, we share your e-mail with advertisers") keeps its statements.
        if segment.kind == SegmentKind.LIST_ITEM and not _has_clause_subject(doc) and (
                context.lead_in(segment).purpose or re.match(r"^\W*(?:to|for)\s", doc.text, re.I)):
            statements = []
        if not statements and segment.kind != SegmentKind.HEADING:
            inherited = self._inherited(doc, segment, offset, policy_id, text, context)
            if inherited:
                statements.append(inherited)
        _remember_data(statements, context)
        return [_with_heading_purposes(st, segment, context) for st in statements]

    # -- sentences with their own action verbs
    def _sentence(self, doc, sent: Span, segment, offset, policy_id, text, context) -> list[Statement]:
        actions = {t.i: self.verbs[t.lemma_.lower()] for t in sent
                   if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in self.verbs and not self._is_purpose_verb(t)
                   and not _names_something(t) and not _modifies_a_noun(t) and not _applies(t) and not _in_mind(t)}
        actions.update((t.i, Action.SHARE) for t in sent if _engaged_parties(t) and not self._is_purpose_verb(t))
        actions = {i: a for i, a in actions.items() if not self._controlled_same_practice(doc[i])
                   and not _names_the_means(doc[i], actions)}
        actions = _access_with_another_practice(doc, actions)
        # "information you provide us" describes data; it states our collection only when nothing else in the
        # sentence says what happens to that data, and the sentence is no item of a list of data.
        described = {i for i in actions if _describes_data_given_by_user(doc[i])}
        if len(described) < len(actions) or segment.lead_in:
            actions = {i: a for i, a in actions.items() if i not in described}
        practice = context.lead_in(segment).action or self._heading_practice(segment)
        if practice and _is_fragment(sent):
            # An item of "The information we use includes:", or a line under the heading "Data we use", names data
            # for the practice its lead-in or heading states; the verbs inside it only describe that data
            # ("content you provide through our camera", "identifiers collected from cookies").
            # (A participle of disclosure still discloses: "comments sent to our partners".)
            actions = {i: a for i, a in actions.items() if not _describes_a_noun(doc[i]) or _by_the_company(doc[i])
                       or (a in (Action.SHARE, Action.SELL, Action.TRANSFER)
                           and not _describes_data_given_by_user(doc[i])) or a == practice}
        # "This policy explains how we collect ...", "you have the right to know what we share": a practice the
        # sentence talks about is not one it states (see framing.talked_about).
        actions = {i: a for i, a in actions.items() if talked_about(doc[i]) is None and not _describes_a_party(doc[i])
                   and not what_varies(doc[i])}
        if not actions:
            return []
        groups: dict[int, dict[str, list[Span]]] = {i: {"data": [], "recipient": [], "purpose": [], "condition": []}
                                                   for i in actions}
        main = min(actions, key=lambda i: (_depth(doc[i]), i))
        for family in ("data", "recipient", "purpose", "condition"):
            for span in doc.spans[f"pg_{family}"]:
                if span.start < sent.start or span.end > sent.end or span.label_ in _ROOT_TERMS:
                    continue
                owner = self._owner(span.root, actions) or main
                groups[owner][family].append(span)
        _merge_conjoined_same_practice(doc, groups, actions)
        _share_with_conjuncts(doc, groups)
        _purposes_to_the_main_verb(doc, groups, actions)
        _parties_to_the_disclosure(doc, groups, actions)
        describing = _describing_anothers_object(doc, groups, actions)
        # Sharing and keeping verbs also name services ("provide", "maintain"): inside a purpose phrase,
        # without data as their object or a party to share with, they state a purpose, not a practice. "We
        # operate stores, provide services", "we maintain the website", "we provide you with ways to update
        # your information" serve a purpose; "we maintain your personal information" and "we share content
        # with advertisers" stay practices (and so do the other actions: "we analyze your browsing history",
        # "if we are acquired").
        naming = {i for span in doc.spans["pg_purpose"] if span.start >= sent.start and span.end <= sent.end
                  for i in range(span.start, span.end)}
        results = []
        for i, action in sorted(actions.items()):
            verb = doc[i]
            found = groups[i]
            if i in naming and action in (Action.SHARE, Action.RETAIN) and not _acts_on_data_or_party(verb, found):
                continue
            statement = self._make(doc, sent, verb, action, found, segment, offset, policy_id, text, context)
            if statement is not None and i in describing:
                # "We do not use information collected from messages for ads", "we never share information we
                # receive from you unless ...": the sentence states what happens to the data; the clause describing
                # the data is no statement of its own for a reader
                statement = replace(statement, evidence=replace(statement.evidence, confidence=min(
                    statement.evidence.confidence, TENTATIVE)))
            if statement is not None:
                results.append(statement)
        return results

    def _make(self, doc, sent, verb: Token, action: Action, found, segment, offset, policy_id, text, context):
        actor = self._actor(verb)
        if actor == "FirstParty" and segment.kind != SegmentKind.LIST_ITEM and _addresses_the_reader(verb):
            actor = "User"
        data = [s for s in found["data"] + _described_data(verb) if not _is_subject_of(s, verb)
                and not _is_channel(s) and not _is_a_thing_not_data(s) and not _is_a_place(s)
                and not _is_an_age_limit(s) and not _what_it_depends_on(s)]
        # Data named inside the purpose clause describes the purpose ("to send you e-mail"), unless it is all
        # the statement names ("we use cookies to remember your preferences").
        outside = [s for s in data if not self._in_purpose_zone(s, verb)]
        data = outside or data
        if action in (Action.COLLECT, Action.RETAIN) and _acts_on_something_else(verb):
            # "once we receive your request, we review whether we may retain the information", "maintaining
            # measures to restore access to personal information": the verb acts on its own object, and the
            # data in another clause, or in its purpose, is not what it receives or keeps
            data = [s for s in outside if _in_own_clause(s, verb)]

        if action == Action.RETAIN and (_sent_to_the_user(verb) or _on_the_users_device(verb)):
            return None  # "identifiers stored in cookies on your device": kept by the user's device, not by us
        if action in (Action.SHARE, Action.TRANSFER) and _sent_to_the_user(verb):
            action = Action.COLLECT  # "cookies are sent to your browser": the site places and reads them
        elif action == Action.SHARE and _given_to(verb, "us"):
            # "our business partners may give us information about you", "directory services who provide us with
            # business information": the company collects it from them (whoever the parser took for the subject)
            action, actor = Action.COLLECT, "FirstParty"
        if actor is None:
            return None
        if actor == "User":
            # "you provide your name" is our collection; "you can choose not to provide it" is the user's
            # choice, not a denial by the company.
            if (verb.lemma_.lower() not in _USER_GIVING_VERBS or _negated(verb) or _given_to_others(verb)
                    or _in_conditional_clause(verb)):
                return None  # "unless you provide it as part of a promotion, ...": a condition, not collection
            action, actor = Action.COLLECT, "FirstParty"
        categories = self._data_terms(data, context, segment)
        engaged = {t.i for t in _engaged_parties(verb)}
        recipients = [_own_party(s, context.own_names) or s.label_ for s in found["recipient"]
                      if s.label_ != "FirstParty" and (s.root.i in engaged or (
                          not _is_subject_of(s, verb) and not _in_purpose_clause(s, verb)
                          and not _is_a_persons_parent(s) and not _on_behalf_of(s) and not _in_other_role(s)))]
        recipients = [r for r in recipients if r != "FirstParty"] + _named_recipients(verb, context.own_names)
        if (any(_points_back(s) for s in found["recipient"]) and set(recipients) - {"ThirdParty"}
                and not any(s.label_ == "ThirdParty" and not _points_back(s) for s in found["recipient"])):
            # "with our subsidiaries ... jointly with these companies": "these companies" are the parties named
            # before, not third parties besides them
            recipients = [r for r in recipients if r != "ThirdParty"]
        if action == Action.SHARE and not recipients and _given_to(verb, "you"):
            action = Action.USE  # "we will send you newsletters": the company uses data to reach the user
        if action in (Action.COLLECT, Action.USE, Action.RETAIN):
            recipients = []
        # a verb is no purpose of itself ("we collect and maintain it"), except a business changing hands ("if our
        # company is acquired")
        purposes = [s.label_ for s in found["purpose"] if not (len(s) == 1 and s.start == verb.i)
                    or s.label_ == "MergerAcquisition"]
        if "MergerAcquisition" in purposes and action in (Action.COLLECT, Action.USE, Action.RETAIN):
            # A business transfer is a disclosure: in "if we are acquired, your information will be one of the
            # transferred assets" the data passes to the buyer, whatever verb carries the purpose.
            action = Action.TRANSFER
        # A condition phrase inside the purpose clause ("to protect the safety of our users", "to comply with our
        # legal obligations") is what the practice is for, not when it happens.
        conditions = [] if _describes_its_head(verb) else [
            s.label_ for s in doc.spans["pg_condition"] if sent.start <= s.start and s.end <= sent.end
            and s.label_ not in _ROOT_TERMS and not self._in_purpose_zone(s, verb)
            and not _names_the_data(s, verb)] + _clause_conditions(sent) + (
            _context_conditions(segment, context.lead_in(segment)))
        # A practice names its data or the party it goes to; a verb with purposes alone ("understanding your
        # interests helps us provide better products") states a goal. Using something named only by a pronoun
        # ("we use it to improve our services") still states a use of data for the purposes.
        stated_parties = bool(recipients)
        if not (categories or recipients or (purposes and action == Action.USE and _has_object(verb))):
            if action in (Action.SHARE, Action.SELL) and _label_recipient(segment):
                recipients = [_label_recipient(segment)]
            else:
                return None
        negated, rule = _negated(verb), "verb-engages-party" if engaged else "verb"
        if negated and _has_exception(sent):
            negated, rule = False, "verb-negation-exception"
        elif negated and _LIMITED_RETENTION.search(sent.text):
            negated, rule = False, "verb-negation-limit"
        elif negated and _CROSS_BORDER.search(sent.text):
            action, rule = Action.TRANSFER, "verb-negation-cross-border"
        start, end = offset + sent.start_char, offset + sent.end_char
        audience, age = _audience(sent.text)
        confidence = 0.9 if categories and (recipients or action not in (Action.SHARE, Action.SELL)) else 0.75
        if action == Action.USE and verb.lemma_.lower() in _MEANS_VERBS and _acts_on_something_else(
                verb, passive=True) and not any(
                _in_own_clause(s, verb) and not _modifies_a_thing(s) for s in data):
            # "We use security measures", "we use encryption to protect your personal information", "we use automated
            # tools to detect violations": what is used is a means, and no data is said to be used; the data named in
            # the purpose is what the means protects or finds
            confidence = TENTATIVE
        elif action in (Action.SHARE, Action.SELL) and _acts_on_something_else(verb) and not any(
                _in_own_clause(s, verb) for s in data) and not stated_parties:
            # "Advertising revenue enables us to provide our products", "we do not provide these access rights":
            # what is provided, to no party the sentence names, is a service or a right, not data
            confidence = TENTATIVE
        elif rule == "verb-negation-exception" and not conditions:
            # "We do not share it except in the following cases:" allows the practice only under conditions the
            # sentence does not name; stated plainly it would read as unconditional sharing.
            confidence = TENTATIVE
        elif defines_its_subject(verb):
            confidence = TENTATIVE  # "Cookies are small files that are sent to your browser" (a definition)
        elif segment.kind != SegmentKind.LIST_ITEM and _labels_a_noun(verb):
            # "Information categories we use (see ...)": a noun phrase standing alone, a table label or a
            # run-in title, names what follows; it states nothing by itself
            confidence = TENTATIVE
        elif _PURPOSE_LEAD_IN.search(sent.text):
            # "We use cookies and SDKs to:" leaves its purposes to the list after it, whose items state the
            # practice whole; the lead-in alone would be the practice without them
            confidence = TENTATIVE
        elif actor != "FirstParty":
            # "Our partners may collect your IP address": what another party does is read from the company's
            # account of it, and the subject is often misread (a list fragment, "you or others"); it stays in
            # the graph for a reader who asks, below the threshold of answers.
            confidence = TENTATIVE
        elif rule == "verb-engages-party" and not categories:
            # "we contract with outside companies to audit our security systems": engaging a party for work that
            # names no data says nothing of what it receives
            confidence = TENTATIVE
        elif action == Action.SHARE and not (recipients or negated or conditions or set(purposes) & _LEGAL):
            # "We may disclose your information": a disclosure to no one named, on no condition and for no legal
            # end, is vague at best and mostly a misreading (information the company receives, or uses to show
            # the user something); "we may disclose information where we are required to do so by law" and "we
            # share information to respond to a court order" say when, and to whom in effect
            confidence = TENTATIVE
        elif (rule == "verb" and action != Action.TRANSFER and not (negated or recipients or purposes or conditions)
              and set(categories) <= _UMBRELLA_DATA
              and not (action == Action.RETAIN and _RETENTION_PERIOD.search(sent.text))):
            # "We may aggregate the information we collect", "the information it collects": a practice on
            # information of no kind, for no purpose, with no one, tells a reader nothing and is mostly a phrase
            # describing data in a sentence about something else. (A denial, a limit, a transfer abroad or a
            # party engaged do say something.)
            confidence = TENTATIVE
        return Statement(
            action=action, actor=actor,
            evidence=Evidence(policy_id, segment.index, start, end, text[start:end], rule, confidence,
                              segment.heading_path),
            data_categories=_unique(categories), recipients=_unique(recipients), purposes=_unique(purposes),
            conditions=_unique(conditions), negated=negated, modality=_modality(verb),
            audience=audience, age_threshold=age,
        )

    def _elaboration(self, doc, sent: Span, previous: Statement, offset: int, text: str) -> list[Statement]:
        """ "We collect technical information. This includes your IP address and browser type.": a sentence
        that only lists what "this" includes names the data of the statement before it, so it is that
        practice again with the listed data (rule "elaboration")."""
        root = sent.root
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if root.lemma_.lower() not in _LISTING_VERBS or subject is None or previous.negated or _negated(root):
            return []
        data_roots = {s.root.i for s in doc.spans["pg_data"]}
        # "This includes ...", "This information may include ...", not "These measures include ..."
        pronoun = subject.pos_ == "PRON" and _DEMONSTRATIVE.match(subject.text)
        about_data = subject.i in data_roots and any(c.dep_ == "det" and _DEMONSTRATIVE.match(c.text)
                                                     for c in subject.children)
        if not (pronoun or about_data):
            return []
        parties = {s.root.i for s in doc.spans["pg_recipient"]}
        if any(c.dep_ == "dobj" and (c.i in parties or c.lemma_.lower() in _PARTY_NOUNS) for c in root.children):
            return []  # "These include providers of payment processing and email delivery": parties, not data
        data = [s.label_ for s in doc.spans["pg_data"] if sent.start <= s.start and s.end <= sent.end
                and s.root.i != subject.i]
        data = [d for d in data if d not in _UMBRELLA_DATA] or data
        if not data:
            return []
        start, end = offset + sent.start_char, offset + sent.end_char
        evidence = replace(previous.evidence, start=start, end=end, text=text[start:end], rule="elaboration",
                           confidence=min(previous.evidence.confidence, 0.75))
        return [replace(previous, data_categories=_unique(data), evidence=evidence)]

    # -- segments without an action verb inherit one
    def _inherited(self, doc, segment, offset, policy_id, text, context) -> Statement | None:
        action, rule, actor = None, "", "FirstParty"
        lead_in = context.lead_in(segment)
        if segment.lead_in and _has_main_clause(doc):
            # an item that is a clause of its own ("Access your data. You can edit it in settings.") says its own
            # thing, not the lead-in's
            return None
        if lead_in.action:
            action, rule, actor = lead_in.action, "lead-in", lead_in.actor
        elif segment.kind == SegmentKind.LIST_ITEM and re.match(r"^\W*(?:to|for)\s", doc.text, re.I):
            action, rule = Action.USE, "purpose-item"
        elif self._heading_practice(segment) and all(_names_data(s) for s in doc.sents):
            # a line of data under "Data we use" or "Information we collect": the heading states the practice
            action, rule = self._heading_practice(segment), "heading-practice"
        else:
            for heading in reversed(segment.heading_path):
                action = _heading_action(heading)
                if action:
                    rule = "heading"
                    break
        if action is None:
            return None
        data = self._data_terms([s for s in doc.spans["pg_data"] if not _is_a_place(s)], context, segment)
        if rule == "lead-in" and not data:
            data = list(lead_in.data)  # "We use cookies and SDKs to: - personalise features": the cookies
        # "We may disclose your information to: - Protect the rights of our users and affiliates": an item that
        # opens with a bare verb after a lead-in ending in "to:" says what for; its parties are whom it serves
        verb_item = rule == "lead-in" and doc[0].tag_ == "VB" and bool(_PURPOSE_LEAD_IN.search(segment.lead_in or ""))
        purposes = [s.label_ for s in doc.spans["pg_purpose"] if s.label_ not in _ROOT_TERMS and (
            rule == "purpose-item" or lead_in.purpose or action == Action.USE or verb_item)]
        if "MergerAcquisition" in purposes and action in (Action.COLLECT, Action.USE, Action.RETAIN):
            action = Action.TRANSFER  # a business transfer discloses the data to the buyer (as in ``_make``)
        # "Protect the legal rights of our users and our affiliates": owners, sources and the served are no recipients
        recipients = [] if verb_item else [
            s.label_ for s in doc.spans["pg_recipient"] if s.label_ not in ("FirstParty", "Recipient")
            and not _in_other_role(s) and not _on_behalf_of(s) and not _is_a_persons_parent(s)]
        if rule == "lead-in" and not recipients:
            recipients = list(lead_in.recipients)
        if action not in (Action.SHARE, Action.SELL, Action.TRANSFER):
            recipients = []
        if not (data or purposes or recipients):
            return None
        # an item of purposes ("to protect the safety of our users") names what the practice is for, not when
        purpose_item = rule == "purpose-item" or lead_in.purpose or verb_item
        first = doc[0:len(doc)]
        start, end = offset + first.start_char, offset + first.end_char
        audience, age = _audience(doc.text)
        return Statement(
            action=action, actor=actor,
            evidence=Evidence(policy_id, segment.index, start, end, text[start:end], rule,
                              0.75 if rule == "lead-in" or (rule == "heading-practice" and (
                                  set(data) - _UMBRELLA_DATA or _names_a_party(doc))) else TENTATIVE,
                              segment.heading_path),
            data_categories=_unique(data), recipients=_unique(recipients), purposes=_unique(purposes),
            conditions=_unique(([] if purpose_item else [s.label_ for s in doc.spans["pg_condition"]])
                               + _clause_conditions(doc[:]) + _context_conditions(segment, lead_in)),
            negated=any(t.lower_ in _NEGATIONS and t.dep_ == "neg" and t.head.pos_ in ("VERB", "AUX") for t in doc),
            modality=lead_in.modality if rule == "lead-in" else "unspecified",
            audience=audience, age_threshold=age,
        )

    def heading_context(self, heading: str, doc: Doc, context: SegmentContext) -> None:
        """Record the purposes the section heading ``heading`` (tagged as ``doc``) names, for the uses under it."""
        context.heading_purposes[heading] = _unique(s.label_ for s in doc.spans["pg_purpose"]
                                                    if s.label_ not in _ROOT_TERMS and not _excluded(s))

    def lead_in_context(self, key: str, sentence: Span, context: SegmentContext) -> None:
        """Record what the lead-in sentence ``sentence`` (known to its items as ``key``) gives its list items.

        Its first practice verb gives the items their action, when the company (or a named party) performs it
        and the sentence states it: "We may share the following with advertisers:". A user's giving verb is
        the company's collection ("You may provide us with:"); a lead-in about what the user may do ("You have
        the right to:") gives no action, and marks its items' verbs as the user's.
        """
        action, actor, modality = None, "FirstParty", "unspecified"
        # The practice is the first action verb with a subject of its own ("to fulfil your order and maintain
        # our records, we receive the following:" receives), else the first action verb.
        verbs = [t for t in sentence if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in self.verbs
                 and not self._is_purpose_verb(t)]
        # A verb of an adverbial clause says when, not what: "Once we receive your request, we will disclose to
        # you:" discloses, and "For example, if we show you ads:" states no practice for its items.
        verbs = [t for t in verbs if not _in_adverbial_clause(t)]
        verb = next((t for t in verbs if any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children)),
                    verbs[0] if verbs else None)
        named_parties = any(sentence.start <= s.start and s.end <= sentence.end and s.label_ not in (
            "FirstParty", "Recipient") for s in sentence.doc.spans["pg_recipient"])
        if verb is not None and named_parties:
            # "We may access, preserve and share the information with law enforcement ...:" the items are the
            # disclosure's, the practice that names its recipients
            verb = next((c for c in (verb, *verb.conjuncts) if c.i in {t.i for t in verbs} and
                         self.verbs[c.lemma_.lower()] in (Action.SHARE, Action.SELL, Action.TRANSFER)), verb)
        if verb is not None and talked_about(verb) is None:
            actor, action, modality = self._actor(verb), self.verbs[verb.lemma_.lower()], _modality(verb)
            if actor == "User" and verb.lemma_.lower() in _USER_GIVING_VERBS and not _given_to_others(verb):
                action, actor = Action.COLLECT, "FirstParty"
            elif actor in ("User", None) or (_subject(verb) is not None and _subject(verb).lower_ == "they"
                                             and actor == "FirstParty"):
                # "Depending on how you interact with them, they receive:" names no party its items could be
                # read for (a "they" left for the company, with nothing to refer to, is no one's practice here)
                action, actor = None, "FirstParty"

        def named(family: str) -> tuple[str, ...]:
            return tuple(s.label_ for s in sentence.doc.spans[family] if sentence.start <= s.start
                         and s.end <= sentence.end and s.label_ not in _ROOT_TERMS | {"FirstParty", "Recipient"})

        # "we will disclose to you:", "we will provide you with:" lists what the user is given (a copy of their
        # data, the categories we hold), not a practice on the user's data
        to_the_user = (verb is not None and action in (Action.SHARE, Action.SELL, Action.TRANSFER)
                       and _given_to(verb, "you"))
        if to_the_user:
            action = None
        context.lead_ins[key] = LeadIn(action, actor, modality,
                                       "purpose" in sentence.text.lower() or action == Action.USE,
                                       action is None and not to_the_user and bool(_USER_LEAD_IN.search(sentence.text)),
                                       named("pg_recipient"),
                                       named("pg_condition") + tuple(_clause_conditions(sentence)),
                                       _without_umbrellas(named("pg_data")), to_the_user)

    # -- helpers
    def _heading_practice(self, segment: Segment) -> Action | None:
        """The practice the nearest heading states on the data listed under it: "Data we use" (Use), "Information
        we collect" (Collect), "Personal data that we share" (Share); None for other headings."""
        for heading in reversed(segment.heading_path[-2:]):  # the nearest, or the one above a run-in label
            match = _PRACTICE_HEADING.match(heading)
            if match:
                return self.verbs.get(match.group(1).lower())
        return None

    def _owner(self, token: Token, actions: dict[int, Action]) -> int | None:
        current = token
        for _ in range(40):
            if current.i in actions:
                return current.i
            if current.head is current:
                return None
            current = current.head
        return None

    def _is_purpose_verb(self, token: Token) -> bool:
        """A verb heading an infinitival purpose clause ("... to provide the service") states a purpose, and so
        does a verb conjoined to it without a subject or auxiliary of its own ("to monitor and analyze ...")."""
        if token.dep_ == "conj" and token.head is not token and not any(
                c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in token.children):
            if token.tag_ == "VBG" and _continues_a_purpose_list(token):
                return True
            return self._is_purpose_verb(token.head)
        if token.dep_ in ("advcl", "xcomp", "acl", "relcl", "pcomp", "conj") and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
            head = token.head
            if token.dep_ == "acl" and head.lower_ in ENTITLEMENT_NOUNS:
                return False  # "we reserve the right to share it": what the right is to, not what it is for
            if head.lemma_.lower() in ("ask", "request", "require") and any(
                    c.dep_ == "prep" and c.lower_ == "for" for c in head.children):
                return True  # "we may ask for other information to help process your payment": what it is for
            return not (head.lemma_.lower() in _CONTROL_VERBS or (token.dep_ == "conj" and not
                        self._is_purpose_verb(head)))
        # "to help keep it secure", "to help us improve": a bare infinitive under a purpose verb
        if (token.dep_ in ("xcomp", "ccomp") and token.head is not token and token.head.lemma_.lower() in _HELPING_VERBS
                and not any(c.dep_ == "aux" for c in token.children) and self._is_purpose_verb(token.head)):
            return True
        # "for fraud prevention by detecting ...", "including showing you ads", "for the purposes of sending ...",
        # also further down a list inside such a phrase ("for the purposes of detecting abuse, sending marketing")
        current = token
        for _ in range(8):
            if current.dep_ == "pcomp" and (current.head.lower_ in ("for", "by", "including") or (
                    current.head.lower_ == "of" and current.head.head.lower_ in ("purpose", "purposes"))):
                return True
            if current.dep_ not in ("conj", "pobj", "dobj", "appos") or current.head is current or (
                    current is not token and current.pos_ in ("VERB", "AUX") and current.dep_ != "conj"):
                return False
            current = current.head
        return False

    def _controlled_same_practice(self, token: Token) -> bool:
        """'ask you to provide' / 'require you to submit': the complement repeats the practice of its head."""
        head = token.head
        return (token.dep_ == "xcomp" and head.lemma_.lower() in self.verbs
                and self.verbs[head.lemma_.lower()] == Action.COLLECT)

    def _actor(self, verb: Token) -> str | None:
        """Who performs the verb: "FirstParty", "User", a recipient term, or None for a subject that is none of
        these.

        The company is "we", a proper name ("Kpopmart.com collects", "Acme Inc. uses") or a word for its site or
        service ("the App collects"); a subject that names a party of the lexicon anywhere in its phrase ("our
        payment processor, Stripe Inc.") is that party. Any other subject ("in-app notices that provide you
        information", "DNT is a way for users ...", "understanding your interests helps us provide ...") is not
        the company, and what it does is no practice of the company's.
        """
        subject = _subject(verb)
        if subject is not None and subject.lower_ in ("who", "which", "that") and subject.head.dep_ == "relcl":
            subject = subject.head.head  # "a partner who uses technologies": the partner
        if subject is None:
            return "FirstParty"
        if subject.lower_ in _USER_SUBJECTS:
            return "User"
        if subject.lower_ == "they":
            return _antecedent(subject)
        if subject.lower_ in _COMPANY_PRONOUNS:
            return "FirstParty"
        lexicon_forms = self._recipient_forms()
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
        if (subject.pos_ == "PROPN" or subject.lower_ in _SITE_WORDS or subject.lower_ in _COMPANY_NOUNS
                or _reads_as_a_name(subject) or any(s.root.i == subject.i for s in verb.doc.spans["pg_data"])):
            return "FirstParty"  # the company, its service, or its means ("Cookies tell us which browser ...")
        return None

    def _recipient_forms(self) -> dict[str, str]:
        forms = getattr(self, "_forms", None)
        if forms is None:
            forms = self._forms = get_lexicon().surface_forms("recipient")
        return forms

    def _data_terms(self, spans: list[Span], context: SegmentContext, segment: Segment) -> list[str]:
        """The data terms of the spans; "this information" is the data named last in this segment or the one
        just before it (further back, a reader can no longer tell what it points to, so it stays general)."""
        terms = []
        near = segment.index - context.recent_segment <= 1
        for span in spans:
            after_demonstrative = span.start > 0 and _DEMONSTRATIVE.match(span.doc[span.start - 1].text)
            if _DEMONSTRATIVE.match(span.text) or (after_demonstrative and span.label_ in _UMBRELLA_DATA):
                local = _local_referent(span)
                if local is not None:
                    terms.extend(local or (span.label_,))
                else:
                    terms.extend((near and context.recent_data) or (span.label_,))
            else:
                terms.append(span.label_)
        # An umbrella term ("personal information", "information") adds nothing next to specific data:
        # "personal information such as your name" is about the name. "Your phone number or other personal
        # information" does name more than the phone number.
        other = any(t.lower_ == "other" for span in spans for t in span.root.children)
        if any(t not in _UMBRELLA_DATA for t in terms) and not other:
            terms = [t for t in terms if t not in _UMBRELLA_DATA]
        return terms

    def _in_purpose_zone(self, span: Span, verb: Token) -> bool:
        """Purposes count only inside purpose clauses: 'to <verb> ...', 'in order to', 'for ... (purposes)'."""
        current = span.root
        for _ in range(40):
            if current.i == verb.i or current.head is current:
                return False
            if current.dep_ in ("advcl", "xcomp", "acl", "relcl", "conj", "pcomp") and any(
                    c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
                return True
            if current.dep_ == "prep" and current.lower_ in ("for", "to") and current.head.i == verb.i:
                return True
            if current.dep_ == "pobj" and current.head.lower_ == "for":
                return True
            current = current.head
        return False


_COMPANY_OWNERS = {"our", "its", "their"}
_COMPANY_WORDS = {"affiliate", "affiliates", "subsidiary", "subsidiaries", "company", "companies", "corporation",
                  "entity", "entities", "group"}


def _is_a_persons_parent(span: Span) -> bool:
    """A bare "parent" names the parent company only as "our / its parent" or beside affiliates and
    subsidiaries; "the child's parent", "parents or guardians" are people."""
    if span.label_ != "ParentCompany" or span.text.lower() not in ("parent", "parents"):
        return False
    root = span.root
    return not (any(c.dep_ == "poss" and c.lower_ in _COMPANY_OWNERS for c in root.children)
                or any(c.lower_ in _COMPANY_WORDS for c in root.conjuncts))


_ENABLING_VERBS = {"enable", "allow", "permit", "let", "help", "authorize", "authorise"}


def _in_purpose_clause(span: Span, verb: Token) -> bool:
    """True when a phrase sits inside an infinitival clause or a 'for' phrase under the verb: in "we may
    disclose it to protect the safety of the public" or "... for the benefit of others", the public and the
    others are whom the purpose serves, not recipients. A plain "to <party>" phrase is not such a clause."""
    current = span.root
    for _ in range(40):
        if current.i == verb.i or current.head is current:
            return False
        if current.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
            # "to enable / allow third parties to ...": the party the clause lets act is a recipient
            return not (current.lemma_.lower() in _ENABLING_VERBS and span.root.head.i == current.i
                        and span.root.dep_ == "dobj")
        if current.dep_ == "pobj" and current.head.lower_ == "for":
            return True
        current = current.head
    return False


#: Verbs that, with a party as object, mean the party works for the company: "we employ other companies to
#: deliver packages", "we use third-party advertising companies to serve ads", "we may retain service
#: providers", "we partner with ValueClick". The party handles users' data on the company's behalf, which
#: OPP-115 and DPV treat as sharing with that party, whatever the verb's own sense ("use" data, "retain" data).
#: Verbs of using a means: "we use / employ / apply security measures".
_MEANS_VERBS = {"use", "utilize", "utilise", "employ", "apply", "deploy", "implement", "leverage"}
_ENGAGING_VERBS = {"employ", "hire", "engage", "use", "utilize", "utilise", "retain", "contract", "partner",
                   "work"}
_TOOL_VERBS = {"use", "utilize", "utilise", "retain"}
_ENGAGING_PREPOSITIONS = {"contract": "with", "partner": "with", "work": "with"}


def _engaged_parties(verb: Token) -> list[Token]:
    """The third parties an engaging verb takes as object (or in its 'with' phrase); empty for other verbs."""
    lemma = verb.lemma_.lower()
    if verb.pos_ not in ("VERB", "AUX") or lemma not in _ENGAGING_VERBS:
        return []
    preposition = _ENGAGING_PREPOSITIONS.get(lemma)
    if preposition:
        objects = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == preposition
                   for g in c.children if g.dep_ == "pobj"]
    else:
        # "employ other companies to deliver packages" is often parsed with the companies as the subject of
        # the infinitive rather than the object of "employ"
        objects = [c for c in verb.children if c.dep_ == "dobj"] + [
            g for c in verb.children if c.dep_ in ("ccomp", "xcomp") for g in c.children if g.dep_ == "nsubj"]
    parties = {s.root.i for s in verb.doc.spans["pg_recipient"] if s.label_ not in ("FirstParty", "Recipient")}
    # The parser tags capitalised terms ("use Tracking Technologies", "using our Contact Form") as
    # organisations, so an unknown organisation counts only after a verb that takes people as its object.
    return [o for o in objects if o.i in parties or (lemma not in _TOOL_VERBS and _is_named_organisation(o))]


def _is_named_organisation(token: Token) -> bool:
    """A proper noun spaCy tags as an organisation or product, and not a word for the site itself."""
    return token.ent_type_ in ("ORG", "PRODUCT") and token.pos_ == "PROPN" and token.lower_ not in _SITE_WORDS


_THIRD_PERSON_USERS = _USER_SUBJECTS - {"you"}


def _antecedent(pronoun: Token) -> str:
    """Whom "they" refers to: the nearest plural subject before it in the segment (else the nearest plural
    noun), when that phrase names a party or a group of users.

    "We employ other companies ... They have access to personal information" speaks of the companies, so
    what "they" do is a third party's practice; "if users register, they may ..." speaks of users; in
    "Cookies are small files. They collect ..." the files are no party, and "they" stays the company (the
    statement stays a first-party one), as it does with no plural noun before it. Subjects come first:
    in "Advertisers serve the ads on our site. They receive your IP address" they are the advertisers."""
    doc = pronoun.doc
    # a party named before it in its own sentence, also by a singular "they": "If you shopped on an advertiser's
    # website, they can use that visit information"
    party = next((s.label_ for s in reversed(doc.spans["pg_recipient"]) if pronoun.sent.start <= s.start
                  and s.end <= pronoun.i and s.label_ not in ("FirstParty", "Recipient")), None)
    if party is not None:
        return party
    plurals = [t for t in doc[:pronoun.i] if t.tag_ in ("NNS", "NNPS")]
    subjects = [t for t in plurals if t.dep_ in ("nsubj", "nsubjpass")]
    if not plurals:
        return "FirstParty"
    nearest = (subjects or plurals)[-1]
    phrase = {t.i for t in nearest.subtree}
    party = next((s.label_ for s in doc.spans["pg_recipient"] if s.root.i in phrase
                  and s.label_ not in ("FirstParty", "Recipient")), None)
    if party is not None:
        return party
    return "User" if nearest.lower_ in _THIRD_PERSON_USERS else "FirstParty"


def _acts_on_data_or_party(verb: Token, found: dict[str, list[Span]]) -> bool:
    """True when the verb's object is data ("maintain your personal information") or it names a party other
    than the company ("share content with advertisers")."""
    return any(s.root.head.i == verb.i and s.root.dep_ in ("dobj", "nsubjpass") for s in found["data"]) or any(
        s.label_ != "FirstParty" for s in found["recipient"])


def _describes_a_party(verb: Token) -> bool:
    """ "service providers that help us operate our website and analyze data": a relative clause on a party
    says what the party does or is for, not a practice of the company. (Data the company collects described
    by a clause, "the information we collect", is not a party.)"""
    current = verb
    for _ in range(6):
        if current.dep_ == "relcl":
            head = current.head
            return any(s.root.i == head.i and s.label_ not in ("FirstParty", "Recipient")
                       for s in verb.doc.spans["pg_recipient"])
        if current.dep_ not in ("conj", "xcomp", "ccomp") or current.head is current:
            return False
        current = current.head
    return False


def _on_behalf_of(span: Span) -> bool:
    """'offers on behalf of our partners and their affiliates': the parties the action serves, not recipients."""
    current = span.root
    while current.dep_ == "conj" and current.head is not current:
        current = current.head  # the parser may attach later parties to "behalf" itself
    return current.lower_ == "behalf" or (current.dep_ == "pobj" and current.head.lower_ == "of"
                                          and current.head.head.lower_ == "behalf")


#: Links by which a name modifies a noun ("the Meta Companies", "a Kaleida Health charitable foundation").
_NAME_MODIFIERS = {"compound", "nmod"}
_GROUP_WORDS = {"companies", "affiliates", "entities", "group"}


def _own_party(span: Span, own_names: frozenset[str]) -> str | None:
    """The company itself or its group, when a party is named by the policy's own brand: "outside of Google" names
    no third party, and "the Meta Companies" are affiliates."""
    root = span.root
    if root.dep_ in _NAME_MODIFIERS:  # the name modifies a noun: "the Meta Companies", "a Meta charitable foundation"
        if root.lower_ in own_names and root.head.lower_ in _GROUP_WORDS:
            return "Affiliate"
        return None  # another body named after the company
    if root.lower_ in own_names and root.pos_ == "PROPN":
        return "FirstParty"
    named = any(c.dep_ == "compound" and c.lower_ in own_names for c in root.children)
    return "Affiliate" if named and root.lower_ in _GROUP_WORDS else None


def _named_recipients(verb: Token, own_names: frozenset[str] = frozenset()) -> list[str]:
    """Organisations named as recipients ('with Google Analytics', 'to PayPal', 'we employ Acme'): spaCy
    ORG/PRODUCT entities inside a 'with'/'to' phrase of the verb or a party it engages ('other companies,
    such as PointRoll')."""
    phrases = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("with", "to")] + _engaged_parties(verb)
    return ["NamedThirdParty" for phrase in phrases if any(
        _is_named_organisation(t) and not (t.lower_ in own_names and t.dep_ not in _NAME_MODIFIERS)
        for t in _party_words(phrase))]


def _party_words(phrase: Token) -> list[Token]:
    """The words of a "with"/"to" phrase that name the party itself: its object with conjuncts, appositions,
    compounds and examples ("such as Google"), not the other phrases inside it ("to third parties for SMS marketing
    purposes", "to another party with which Acme enters into a transaction" name no organisation)."""
    words, todo = [], [phrase]
    while todo:
        token = todo.pop()
        words.append(token)
        todo.extend(c for c in token.children if c.dep_ in ("pobj", "conj", "appos", "compound", "dobj", "nmod")
                    or (c.dep_ == "prep" and c.lower_ in ("as", "like", "including")))
    return words


def _reads_as_a_name(token: Token) -> bool:
    """A name the tagger took for a common noun: a domain ("Sci-News.com") or a capitalised singular noun with
    no determiner ("Groundspeak uses cookies"); an English count noun in the singular takes one ("the provider")."""
    return "." in token.text.strip(".") or (token.tag_ == "NN" and token.text[:1].isupper()
                                            and not any(c.dep_ in ("det", "poss") for c in token.children))


def _given_to_others(verb: Token) -> bool:
    """True when a user's giving verb names someone other than the company to give to: "share your location
    with your friends", "post content to the public" are the user's sharing, not data the company collects."""
    publishing = verb.lemma_.lower() in _PUBLISHING_VERBS
    # "when you want to share and communicate with these people": a conjunct's party is the sharing's
    for v in (verb, *verb.conjuncts) if publishing else (verb,):
        for child in v.children:
            if child.dep_ in ("prep", "dative") and child.lower_ in ("with", "to"):
                objects = [g for g in child.children if g.dep_ == "pobj"]
                if any(g.lower_ not in ("us", "we") for g in objects):
                    return True
                if not objects and publishing:
                    return True  # "the friends you share your location with"
    # "features that allow you to create and share public content", "you can post photos": sharing and posting
    # content with no one named is the user's publishing to others ("share your location" with no one named is
    # mostly sharing it with the service); "share it with us" gives it to the company
    return (verb.lemma_.lower() in _PUBLISHING_VERBS and not _given_to(verb, "us")
            and (verb.lemma_.lower() != "share" or _publishes_content(verb)))


#: The user's verbs of publishing, which give data to an audience rather than to the company.
_PUBLISHING_VERBS = {"share", "post", "publish"}
_CONTENT = {"UserContent", "Photos", "Videos", "ProfileData", "Messages"}
_CONTENT_WORDS = {"content", "contents", "post", "posts", "photo", "photos", "video", "videos", "snaps", "stories",
                  "story", "comments"}


def _publishes_content(verb: Token) -> bool:
    """True when what the user shares is content ("share public content", "share photos") or is shared publicly."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    if verb.dep_ == "relcl":
        objects.append(verb.head)  # "content that you've shared from your account"
    if any(c.lower_ == "publicly" for c in verb.children) or not objects:
        return True  # shared publicly, or shared with its object named elsewhere ("content ... that you've shared")
    content = {s.root.i for s in verb.doc.spans["pg_data"] if s.label_ in _CONTENT}
    return any(o.i in content or o.lower_ in _CONTENT_WORDS for o in objects)


def _given_to(verb: Token, pronoun: str) -> bool:
    """True when the verb's indirect object is ``pronoun``: "send you", "give us", "provide to us", "share
    with us"."""
    for child in verb.children:
        if child.dep_ in ("dative", "dobj") and child.lower_ == pronoun:
            return True
        if child.dep_ in ("prep", "dative") and child.lower_ in ("to", "with") and any(
                g.dep_ == "pobj" and g.lower_ == pronoun for g in child.children):
            return True
    return False


_USER_ENDPOINTS = {"you", "your", "computer", "browser", "device", "devices", "hard", "drive", "phone", "machine"}


def _sent_to_the_user(verb: Token) -> bool:
    """True when the 'to'/'with'/'on'/'in' phrase of the verb points at the user or their own device."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("to", "with", "on", "in"):
            objects = [t for t in prep.children if t.dep_ == "pobj"]
            if objects and all(o.lower_ in _USER_ENDPOINTS for o in objects):
                return True
    return False


def _on_the_users_device(verb: Token) -> bool:
    """True when the verb's phrase places what it stores on the user's own device ("identifiers stored in
    cookies on your device")."""
    return any(t.lower_ in _USER_ENDPOINTS - {"you", "your"} and t.head.dep_ == "prep"
               and t.head.lower_ in ("on", "in") and any(c.lower_ == "your" for c in t.children)
               for t in verb.subtree)


_OTHER_ROLES = {"from", "of", "by", "about", "against", "for", "behalf", "through", "via"}


def _in_other_role(span: Span) -> bool:
    """A party in a "from", "of", "by" or "about" phrase is a source or an owner, and one in a "through" phrase a
    means, not a recipient: "offers from our advertisers", "the interests of users and third parties",
    "information about our partners", "we show you ads directly or through partners"."""
    current = span.root
    while current.dep_ == "conj" and current.head is not current:
        current = current.head
    return current.dep_ == "pobj" and current.head.lower_ in _OTHER_ROLES


def _purposes_to_the_main_verb(doc: Doc, groups: dict[int, dict[str, list[Span]]], actions: dict[int, Action]
                               ) -> None:
    """ "We use the information we collect to improve our services", "we do not use information collected from
    messages for advertising": the parser often hangs the purpose on the clause that describes the data; the
    purpose is that of the use, whose object the data is. (After a sharing verb, "we share the information we
    collect to provide the service", the purpose may be either's.)"""
    for i, found in groups.items():
        verb = doc[i]
        noun = verb.head
        if (verb.dep_ in ("relcl", "acl") and noun.dep_ in ("dobj", "nsubjpass")
                and actions.get(noun.head.i) == Action.USE
                and found["purpose"]):
            groups[noun.head.i]["purpose"].extend(found["purpose"])
            found["purpose"] = []


_DISCLOSING = (Action.SHARE, Action.SELL, Action.TRANSFER)


def _parties_to_the_disclosure(doc: Doc, groups: dict[int, dict[str, list[Span]]], actions: dict[int, Action]
                               ) -> None:
    """ "We may share information that we collect with our subsidiaries": the parser often hangs the party on the
    clause that describes the data; the party is the one the data is shared with."""
    for i, found in groups.items():
        verb = doc[i]
        noun = verb.head
        if (verb.dep_ in ("relcl", "acl") and actions.get(i) not in _DISCLOSING and noun.dep_ == "dobj"
                and actions.get(noun.head.i) in _DISCLOSING and found["recipient"]):
            heads = {s: _first_conjunct(s.root) for s in found["recipient"]}
            moved = [s for s, h in heads.items() if h.dep_ == "pobj" and h.head.lower_ in ("with", "to")
                     and _in_own_clause(s, verb)]
            groups[noun.head.i]["recipient"].extend(moved)
            found["recipient"] = [s for s in found["recipient"] if s not in moved]


def _describing_anothers_object(doc: Doc, groups: dict[int, dict[str, list[Span]]], actions: dict[int, Action]
                                ) -> set[int]:
    """The practice verbs of clauses describing the object of another practice verb of the sentence ("use
    information collected from messages"). The data such a clause names describes that object: "does not use
    information collected from direct messages" is a denial about message data."""
    describing = set()
    for i in list(groups):
        verb = doc[i]
        noun = verb.head
        j = noun.head.i
        if verb.dep_ in ("relcl", "acl") and noun.dep_ in ("dobj", "nsubjpass") and j != i and j in groups:
            describing.add(i)
            if all(s.label_ in _UMBRELLA_DATA for s in groups[j]["data"]):
                groups[j]["data"].extend(s for s in groups[i]["data"] if s.label_ not in _UMBRELLA_DATA)
    return describing


def _points_back(span: Span) -> bool:
    """A party named by a demonstrative ("these companies", "such third parties"): one named before."""
    return span.label_ == "ThirdParty" and span.start > 0 and bool(
        re.match(r"^(?:these|those|such|this|that)$", span.doc[span.start - 1].text, re.I))


#: Nouns for organisations: "These include providers of ...", "partners such as ...".
_PARTY_NOUNS = {"provider", "partner", "vendor", "company", "processor", "party", "advertiser", "affiliate",
                "contractor", "supplier", "agency", "organization", "organisation", "business", "publisher"}
def _continues_a_purpose_list(token: Token) -> bool:
    """ "processing your data for the purposes of detecting abuse, sending marketing communications, ...": a
    gerund the parser conjoins to the practice, right after that practice's list of purposes in gerunds, continues
    the list."""
    head = token.head
    for prep in head.children:
        if (prep.dep_ == "prep" and prep.lower_ in ("for", "by") and prep.i < token.i
                and prep.right_edge.i < token.i and token.i - prep.right_edge.i <= 2
                and any(t.tag_ == "VBG" and t.dep_ == "pcomp" for t in prep.subtree)):
            return True
    return False


#: Verbs taking a bare infinitive of what they serve: "to help keep it secure", "to let us improve".
_HELPING_VERBS = {"help", "let", "make", "enable", "allow"}
#: Verbs of examining what one has: "we may access and review your messages" uses them.
_EXAMINING_VERBS = {"review", "examine", "analyze", "analyse", "inspect", "read", "monitor", "scan", "check"}


def _access_with_another_practice(doc: Doc, actions: dict[int, Action]) -> dict[int, Action]:
    """Accessing data beside another practice on it is part of that practice, not a collection: "we may access,
    preserve and disclose your information" preserves and discloses, "information may be preserved and accessed"
    is kept; "we may access and review your messages" uses them."""
    result = dict(actions)
    for i, action in actions.items():
        verb = doc[i]
        if verb.lemma_.lower() != "access" or action != Action.COLLECT:
            continue
        partners = [c for c in verb.conjuncts if c.i != i]
        other = next((actions[c.i] for c in partners if actions.get(c.i) not in (None, Action.COLLECT)), None)
        if other is not None:
            result[i] = other  # one practice with its partner, merged with it as conjoined verbs of one practice
        elif any(c.lemma_.lower() in _EXAMINING_VERBS for c in partners):
            result[i] = Action.USE
    return result


def _first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    return token


def _described_data(verb: Token) -> list[Span]:
    """The data a relative clause describes, which is its object: "the information we collect (to ...)" states
    that the company collects that information."""
    if verb.dep_ not in ("relcl", "acl") or _has_object(verb):
        return []
    return [s for s in verb.doc.spans["pg_data"] if s.root.i == verb.head.i]


def _modifies_a_noun(verb: Token) -> bool:
    """A participle used as an adjective: "aggregated or anonymized information" (which the parser may take for a
    verb of its own), "information is anonymized"; it names a kind of data, not a practice."""
    if verb.dep_ in ("amod", "acomp"):
        return True
    if verb.tag_ not in ("VBN", "VBD") or verb.dep_ == "ROOT" or any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children):
        return False
    head = verb.head
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and (head.tag_ not in ("VBN", "VBD") or any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in head.children)):
        return False  # "we have collected and sold personal information": a verb sharing its head's subject
    following = verb.doc[verb.i + 1:verb.i + 4]
    words = [t for t in following if t.dep_ not in ("cc", "punct") and t.tag_ not in ("VBN", "VBD")]
    return bool(words) and words[0].pos_ in ("NOUN", "ADJ")


def _names_the_means(verb: Token, actions: dict[int, Action]) -> bool:
    """ "We receive information using cookies": a participle clause of "using" names the means of another
    practice, not a use of its own."""
    if verb.tag_ != "VBG" or verb.lemma_.lower() not in ("use", "utilize", "utilise"):
        return False
    # the parser hangs the participle on the verb or on its object ("receive information using cookies")
    head = verb.head.head if verb.dep_ == "acl" and verb.head.dep_ == "dobj" else verb.head
    return verb.dep_ in ("advcl", "acl") and head.i in actions


def _describes_its_head(verb: Token) -> bool:
    """A relative or participle clause describing a noun ("information we receive from you"). The conditions of
    its sentence, its lead-in's and a Consent heading's are the main clause's, so such a clause takes none."""
    return verb.dep_ in ("relcl", "acl")


def _labels_a_noun(verb: Token) -> bool:
    """True when the verb only describes the head noun of a sentence without a main verb."""
    root = verb.sent.root
    return root.pos_ not in ("VERB", "AUX") and verb.dep_ in ("relcl", "acl") and verb.head.i == root.i


def _in_conditional_clause(verb: Token) -> bool:
    """True for a verb of an "if" or "unless" clause (or conjoined to or controlled by one: "if you decide to
    share it")."""
    while verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children)


_CLAUSE_LINKS = {"advcl", "ccomp", "relcl", "xcomp", "conj", "csubj", "pcomp"}


def _in_own_clause(span: Span, verb: Token) -> bool:
    """True when the span hangs from the verb through no other clause ("we obtain your consent before we share
    your contact details": the details are the sharing's; "information related to these messages" is still the
    storing's)."""
    current = span.root
    for _ in range(40):
        if current.i == verb.i:
            return True
        if current.head is current or (current.pos_ in ("VERB", "AUX") and current.i != span.root.i
                                       and current.dep_ in _CLAUSE_LINKS):
            return False
        current = current.head
    return False


def _acts_on_something_else(verb: Token, passive: bool = False) -> bool:
    """True when the verb's direct object is a noun that names neither data nor a party ("receive your request",
    "maintain security measures")."""
    doc = verb.doc
    tagged = {i for family in ("pg_data", "pg_recipient") for s in doc.spans[family] for i in range(s.start, s.end)}
    # "a secure server is employed": with ``passive``, also what a passive verb acts on
    objects = [c for c in verb.children if c.dep_ in (("dobj", "nsubjpass") if passive else ("dobj",))]
    if not objects and verb.dep_ == "conj" and not _has_object(verb):
        objects = [c for c in verb.head.children if c.dep_ == "dobj"]  # "identify and use additional protections"
    return any(o.pos_ in ("NOUN", "PROPN") and o.i not in tagged for o in objects)


def _has_object(verb: Token) -> bool:
    """True when the verb acts on something: a direct object, or a passive subject."""
    return any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children)


def _has_main_clause(doc: Doc) -> bool:
    """True when a sentence of the text is a clause with its own subject ("You can edit it in settings"), not a
    fragment ("Your name, which you give us", "Content you create")."""
    return any(not _is_fragment(s) for s in doc.sents)


def _is_fragment(sent: Span) -> bool:
    """True for a sentence that is no clause with a subject of its own: a noun phrase ("Your name, which you give
    us", "Device signals"), also when the parser reads a fronted noun as a clause ("Content you create, like
    posts", "Hashtags you use": the noun is what the user creates or uses, not the start of a clause)."""
    root = sent.root
    return not (root.pos_ in ("VERB", "AUX") and any(c.dep_ in ("nsubj", "nsubjpass") for c in root.children)
                and not _fronted_object(root))


_DESCRIBING_LINKS = {"relcl", "acl", "amod", "conj", "prep", "pcomp", "pobj"}
#: Words that open a clause, not a noun phrase, before its subject ("For example, you ...", "If you ...").
_CLAUSE_OPENERS = {"ADP", "ADV", "SCONJ", "CCONJ", "VERB", "AUX", "PART", "INTJ", "PUNCT"}


def _fronted_object(verb: Token) -> bool:
    """ "Content you provide through our camera", "Purchases or other transactions you make": a noun phrase
    before the verb's subject, with no object after the verb, is the verb's object, and the whole a noun phrase
    (a relative clause without "that") that the parser may read as a clause."""
    # the subject nearest before the verb: in "Messages you send, for features you choose to use" the parser may
    # hang both "Messages" and the second "you" on "choose"
    subject = next((c for c in reversed(list(verb.lefts)) if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ not in _USER_SUBJECTS | {"others"} or any(
            c.dep_ in ("dobj", "ccomp", "dative") and c.i > verb.i for c in verb.children):
        return False
    before = verb.doc[verb.sent.start:subject.left_edge.i]
    # verbs inside the fronted phrase describe its nouns ("Messages you send and receive, including ...")
    return (len(before) > 0 and before[0].pos_ not in _CLAUSE_OPENERS and before[0].tag_ != "PRP"
            and any(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in before) and not any(t.text in ":;" for t in before)
            and not any((t.pos_ in ("VERB", "AUX") and t.dep_ not in _DESCRIBING_LINKS)
                        or (t.tag_ == "PRP" and t.head.dep_ not in _DESCRIBING_LINKS) for t in before))


def _in_adverbial_clause(verb: Token) -> bool:
    """True for a verb in (or conjoined to a verb of) an adverbial clause opened by a conjunction: "Once we
    receive your request", "if we show you ads"."""
    for _ in range(6):
        if verb.dep_ == "advcl":
            return any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB") for c in verb.children)
        if verb.dep_ != "conj" or verb.head is verb:
            return False
        verb = verb.head
    return False


def _names_a_party(doc: Doc) -> bool:
    """True when the text names a party other than the company ("Information from our trusted partners")."""
    return any(s.label_ not in ("FirstParty", "Recipient") for s in doc.spans["pg_recipient"])


def _names_data(sent: Span) -> bool:
    """True for a sentence that is a noun phrase ("Device signals", "Data you provide: your name"), not a clause
    nor an imperative ("Learn more about the technologies we use")."""
    return _is_fragment(sent) and (sent.root.pos_ not in ("VERB", "AUX") or _fronted_object(sent.root))


def _by_the_company(verb: Token) -> bool:
    """True when the verb's own subject is the company: "the categories of information we collected"."""
    return any(c.dep_ == "nsubj" and c.lower_ in ("we", "us") for c in verb.children)


def _describes_a_noun(verb: Token) -> bool:
    """True for a verb that only describes a noun: a relative or participle clause ("identifiers collected from
    cookies", "information that you provide"), a participle before it ("Member provided data"), a fronted object's
    clause ("Content you create"), or a verb conjoined to or controlled by one ("features you choose to use")."""
    while verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        verb = verb.head
    return verb.dep_ in ("relcl", "acl", "amod") or _fronted_object(verb)


def _has_clause_subject(doc: Doc) -> bool:
    """True when some verb of the text has an explicit subject, i.e. it is a clause, not a fragment."""
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX") for t in doc)


def _without_umbrellas(terms: tuple[str, ...]) -> tuple[str, ...]:
    """The specific terms, or the umbrella ones when there are no others."""
    specific = tuple(t for t in terms if t not in _UMBRELLA_DATA)
    return _unique(specific or terms)


def _remember_data(statements: list[Statement], context: SegmentContext) -> None:
    """Keep the latest data categories, the referent of a later 'this information'; after a statement on
    information of no kind ("We use your information to provide ads. We also use this information to ..."), the
    referent is that information, and stays general."""
    for st in statements:
        specific = tuple(d for d in st.data_categories if d not in _GENERIC_DATA)
        if specific or st.data_categories:
            context.recent_data, context.recent_segment = specific, st.evidence.segment


def _local_referent(span: Span) -> list[str] | None:
    """What "this information" refers to inside its own sentence: the data named before it ("we collect your name
    and use this information to ..."), nothing specific when a thing not tagged as data is the object before it
    the user's ("when you set your preferences, we collect that information"), or None when the sentence names none
    (the referent is in an earlier sentence)."""
    doc, sent = span.doc, span.sent
    before = [s for s in doc.spans["pg_data"] if sent.start <= s.start and s.end <= span.start
              and not _DEMONSTRATIVE.match(s.text)
              and not (s.start > 0 and _DEMONSTRATIVE.match(doc[s.start - 1].text))
              and not (_is_channel(s) or _is_a_thing_not_data(s) or _is_a_place(s) or _is_an_age_limit(s))]
    if before:
        specific = [s.label_ for s in before if s.label_ not in _UMBRELLA_DATA]
        return specific or [before[-1].label_]
    if any(t.dep_ == "dobj" and t.pos_ == "NOUN" and any(c.lower_ == "your" for c in t.children)
           for t in doc[sent.start:span.start]):
        return []  # "when you set your preferences, we collect that information"
    return None


def _subject(verb: Token) -> Token | None:
    """The verb's subject, or the subject it shares with the verb it is conjoined to or controlled by; the agent
    of a passive verb ("shared by us"), None for a passive without one."""
    current = verb
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:  # "... may be shared with or collected directly by these services"
        return next((g for g in agent.children if g.dep_ == "pobj"), None)
    if any(c.dep_ == "auxpass" for c in verb.children) and not any(c.dep_ == "nsubjpass" for c in verb.children):
        return None
    for _ in range(6):
        for child in current.children:
            if child.dep_ in ("nsubj", "nsubjpass", "csubj"):
                if child.dep_ == "nsubjpass":
                    by = next((c for c in current.children if c.dep_ == "agent"), None)
                    return next((g for g in by.children if g.dep_ == "pobj"), None) if by is not None else None
                return child
        if current.dep_ == "xcomp" and current.head is not current:
            # object control: in "you authorise us to share it" and "we ask you to provide it" the one who
            # shares or provides is the controlling verb's object
            # and in "these companies are authorised to use it" it is the passive controlling verb's subject
            controller = next((c for c in current.head.children if c.dep_ in ("dobj", "dative", "nsubjpass")
                               and c.pos_ in ("PRON", "PROPN", "NOUN")), None)
            if controller is not None:
                return controller
        if current.dep_ in ("conj", "xcomp") and current.head is not current:
            current = current.head
        elif current.dep_ == "advcl" and current.tag_ == "VBG" and not any(c.dep_ == "mark" for c in current.children):
            # "if you return to our site using the same browser": you use it
            return next((c for c in current.head.children if c.dep_ == "nsubj" and c.lower_ in _USER_SUBJECTS),
                        None)
        else:
            return None
    return None


def _addresses_the_reader(verb: Token) -> bool:
    """True for a verb without a subject of its own in an imperative sentence: in "Please read their
    policies before disclosing any personal information" it is the reader who would disclose. (A list item
    "Use this information to ..." continues its lead-in's subject instead; the caller leaves those out.)"""
    if _subject(verb) is not None:
        return False
    root = verb.sent.root
    # "Do not share your password": the imperative's only auxiliary is "do" with a negation
    return root.tag_ == "VB" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "auxpass", "expl") or (c.dep_ == "aux" and c.lower_ != "do")
        for c in root.children)


def _describes_data_given_by_user(verb: Token) -> bool:
    """'information you provide us', 'content you or others create or share', 'Messages you send': a relative
    clause whose subject includes the user describes data; it is not a practice of its own."""
    while verb.dep_ == "conj" and verb.head is not verb and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return (verb.dep_ in ("relcl", "acl") or _fronted_object(verb)) and subject is not None and any(
        t.lower_ in _USER_SUBJECTS for t in (subject, *subject.conjuncts))


def _merge_conjoined_same_practice(doc: Doc, groups: dict[int, dict[str, list[Span]]], actions: dict[int, Action]
                                   ) -> None:
    """ "We do not sell, rent or lease your phone number to third parties": conjoined verbs of one practice
    without subjects of their own are one statement, with the phrases each of them carries."""
    for i in sorted(actions):
        if any(c.dep_ in ("nsubj", "nsubjpass", "neg") for c in doc[i].children):
            continue  # "they use it ..., and we use ...", "... and do not use it for ads": a clause of its own
        first = min((c.i for c in doc[i].conjuncts if c.i < i and actions.get(c.i) == actions[i]), default=None)
        if first is not None:
            for family, spans in groups.pop(i).items():
                groups[first][family].extend(spans)
            del actions[i]


def _share_with_conjuncts(doc: Doc, groups: dict[int, dict[str, list[Span]]]) -> None:
    """Conjoined verbs share their objects: 'we use and share this information', 'sell or rent your data'."""
    for i, found in groups.items():
        verb = doc[i]
        partners = [c.i for c in verb.conjuncts if c.i in groups]
        for family in ("data", "recipient"):
            if not found[family]:
                for j in partners:
                    found[family] = found[family] or list(groups[j][family])
    # "We collect and store this information to facilitate your purchase": verbs with one object share the
    # purposes stated after the last of them
    for i, found in groups.items():
        verb = doc[i]
        if found["purpose"]:
            continue
        # the partner whose object this verb shares: the first one after it with an object ("collect and store
        # your information and use it to ...": storing's, not using's)
        partner = next((j for j in sorted(c.i for c in verb.conjuncts if c.i in groups and c.i > i)
                        if _has_object(doc[j])), None)
        if partner is None or _has_object(verb) or any(c.dep_ in ("nsubj", "nsubjpass") for c in doc[partner].children):
            continue
        # not the partner's own word ("collect and maintain": "maintain" names no purpose of collecting)
        found["purpose"] = [s for s in groups[partner]["purpose"] if not s.start <= partner < s.end]


_CONTACT_CHANNELS = {"EmailAddress", "PhoneNumber", "PostalAddress", "ContactData"}


def _is_channel(span: Span) -> bool:
    """'contact us by e-mail', 'via postal mail': a means of communication, not data being processed."""
    return (span.label_ in _CONTACT_CHANNELS and span.root.dep_ == "pobj"
            and span.root.head.lower_ in ("by", "via", "through"))


#: Bare words that name a thing more often than data about it: an e-mail (a message), a browser.
_BARE_THINGS = {"EmailAddress": {"email", "e-mail", "emails", "e-mails"},
                "BrowserType": {"browser", "browsers", "web browser", "web browsers"}}


def _is_a_thing_not_data(span: Span) -> bool:
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


def _applies(verb: Token) -> bool:
    """ "This processing may not apply in your region", "these rights apply to you": "apply" without an object is
    being applicable, not applying something to data."""
    return verb.lemma_.lower() == "apply" and not _has_object(verb)


def _what_it_depends_on(span: Span) -> bool:
    """ "depending on your location", "depends on your settings": what a practice depends on is its condition, not
    the data it processes."""
    current = span.root
    while current.dep_ == "conj" and current.head is not current:
        current = current.head
    return (current.dep_ == "pobj" and current.head.lower_ == "on"
            and current.head.head.lemma_.lower() == "depend")


def _modifies_a_thing(span: Span) -> bool:
    """ "each data transfer", "our location services": a data word that only modifies a noun which is neither data
    nor a party names a kind of thing (a transfer, a service), not data. (OPP-115's annotators read "cookie
    technology" and "credit card processing" as the data, so this only weighs a reading's confidence.)"""
    root = span.root
    if root.dep_ not in ("compound", "amod", "nmod") or root.head.i < span.end:
        return False
    head = root.head
    tagged = {s.root.i for family in ("pg_data", "pg_recipient") for s in span.doc.spans[family]}
    return head.pos_ == "NOUN" and head.i not in tagged


def _is_an_age_limit(span: Span) -> bool:
    """ "consumers under 16 years of age", "anyone under the age of 13": the age that bounds an audience, not
    data about the user."""
    doc = span.doc
    after = doc[span.end:span.end + 2].text.lower()
    return span.label_ == "Age" and (bool(_AGE_LIMIT.search(doc[max(0, span.start - 3):span.end].text))
                                     or bool(re.match(r"of \d", after)))


def _names_the_data(span: Span, verb: Token) -> bool:
    """A condition word inside the data acted on names the data: "Subscriber information and opt-in consent will not
    be disclosed" discloses the record of consent; it is not disclosed on consent."""
    for phrase in (c for c in verb.children if c.dep_ in ("nsubjpass", "dobj")):
        current = span.root
        for _ in range(40):  # up to the data phrase, through no clause inside it ("information where required")
            if current.i == phrase.i or current.head.i == current.i or current.pos_ in ("VERB", "AUX"):
                break
            current = current.head
        if current.i == phrase.i:
            return True
    return False


def _in_mind(token: Token) -> bool:
    """ "Keep in mind that ...", "bear in mind": an idiom of attention, not keeping data."""
    return token.lemma_.lower() in ("keep", "bear") and any(
        c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ == "mind" for g in c.children) for c in token.children)


def _names_something(token: Token) -> bool:
    """A practice verb that is part of a name, not a verb of the sentence: a Title Case word inside the sentence
    ("Do Not Track", a "Do Not Sell My Personal Information" link) or "log in", "sign in"."""
    if token.i > token.sent.start and token.text.istitle() and token.doc[token.i - 1].text[:1].isupper():
        return True
    return any(c.dep_ == "prt" and c.lower_ in ("in", "on", "out", "into") for c in token.children) or (
        token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ in ("in", "into") and token.lower_ == "log")


def _is_a_place(span: Span) -> bool:
    """ "We may transfer your information to other countries": a country is where data goes, not data about
    the user, unless it is the user's ("your country") or listed beside other data ("your name and country")."""
    if span.label_ != "Country":
        return False
    root = span.root
    owned = any(c.dep_ == "poss" for c in root.children)
    other_data = {s.root.i for s in span.doc.spans["pg_data"] if s.label_ != "Country"}
    listed = any(t.i in other_data for t in (root.head, *root.children) if t.dep_ == "conj" or root.dep_ == "conj")
    return not (owned or listed)


def _is_subject_of(span: Span, verb: Token) -> bool:
    """True when the span is the verb's subject or one of its conjuncts ("we or our advertisers may send")."""
    root = span.root
    while root.dep_ == "conj" and root.head is not root:
        root = root.head
    return root.head.i == verb.i and root.dep_ in ("nsubj", "csubj")


#: Dependencies through which a negation reaches a verb: conjuncts ("do not sell or rent"), controlled
#: verbs ("do not intend to sell") and gerunds under a phrase ("we are not in the business of selling").
_NEGATION_PATH = {"conj", "xcomp", "pcomp", "pobj", "prep"}
#: A conjoined verb with its own subject or auxiliary (not the infinitive "to": "not intend to sell or to
#: rent") does not share the first verb's negation.
_OWN_CLAUSE = {"nsubj", "nsubjpass", "aux", "auxpass"}


def _negated(verb: Token) -> bool:
    """Negation on the verb, on the verb it is conjoined to, or on a controlling verb ('do not want to sell')."""
    current = verb
    for _ in range(8):
        if any(c.dep_ == "neg" or c.lower_ in ("never",) for c in current.children):
            return True
        if any(c.dep_ in ("dobj", "nsubjpass") and any(g.lower_ == "no" and g.dep_ == "det" for g in c.children)
               for c in current.children):
            return True
        if current.dep_ == "conj" and any(c.dep_ in _OWN_CLAUSE and c.tag_ != "TO" for c in current.children):
            return False  # "it does not identify you, and is used to analyse trends": a clause of its own
        if current.dep_ in ("pcomp", "pobj") and current.head.lower_ == "without":
            return False  # "we cannot provide the service without retaining it": two negations, a practice
        if current.dep_ in _NEGATION_PATH and current.head is not current:
            current = current.head
        else:
            return False
    return False


def sentence_denies(sent: Span) -> bool:
    """True when a sentence's main verb is negated outright: not 'unless/except ...', not a mere limit
    ('not longer than necessary'). Facts read from a denying sentence are negated facts."""
    return _negated(sent.root) and not _has_exception(sent) and not _LIMITED_RETENTION.search(sent.text)


def _has_exception(sent: Span) -> bool:
    lowered = sent.text.lower()
    return any(marker in lowered for marker in _EXCEPTION_MARKERS) or bool(_WITHOUT_ACT.search(sent.text))


def _modality(verb: Token) -> str:
    current = verb
    for _ in range(4):
        for child in current.children:
            if child.dep_ == "aux" and child.lower_ in _MODAL:
                return _MODAL[child.lower_]
        if current.dep_ in ("conj", "xcomp") and current.head is not current:
            current = current.head
        else:
            break
    return "unspecified"


def _audience(text: str) -> tuple[str | None, int | None]:
    if not _CHILD_WORDS.search(text):
        return None, None
    return "Children", age_threshold(text)


def age_threshold(text: str) -> int | None:
    """The age in 'under 13', 'under the age of thirteen (13)', 'younger than 16'; None when absent."""
    match = _AGE.search(text)
    if not match:
        return None
    value = match.group(1).lower()
    return _AGE_WORDS.get(value) or int(value)


# The user's own act or setting that a practice waits for: "if you provide it", "when you turn on location
# services", "if you choose to connect your contacts", "only if you have enabled sync". Using or visiting the
# service ("when you use our app") is no choice a practice waits for, so those verbs are not here.
_OPTING_VERBS = {"provide", "give", "choose", "decide", "elect", "enable", "turn", "allow", "connect", "link",
                 "opt", "sign", "submit", "upload", "sync", "activate", "select", "share", "join", "enter",
                 "grant", "authorize", "authorise", "agree", "consent", "permit"}
_CONSENTING_VERBS = {"grant", "authorize", "authorise", "agree", "consent", "permit"}
_REQUESTING_VERBS = {"request", "ask", "require", "demand", "order", "compel", "subpoena"}
_AUTHORITIES = {"GovernmentAuthority"}
_TRANSFERRING_VERBS = {"sell", "transfer", "merge", "divest", "assign"}
_BUSINESS_WORDS = {"business", "businesses", "company", "assets", "stock", "shares", "operations", "division"}
_CONDITION_MARKS = {"if", "when", "where", "once", "whenever"}
_SETTINGS = re.compile(r"\b(?:depending on|based on|according to|subject to) (?:your|the user's|their) "
                       r"(?:\w+ ){0,2}(?:settings|preferences|choices|permissions)\b", re.I)
# A section headed by the legal basis "Consent" (or "Where you have given consent") lists what is done with it.
_CONSENT_HEADING = re.compile(r"^\W*(?:(?:with|where you have given(?: us)?|based on) )?(?:your )?consent\W*$",
                              re.I)


def _clause_conditions(span: Span) -> list[str]:
    """Conditions an adverbial clause states: "if/when/where you <choose, provide, enable ...>" is OptIn
    (Consent for "agree", "grant", "authorize"); "if a government agency requests (it)" is LegalRequirement; "if
    we sell or transfer all or part of our business" is a business transfer; "depending on your settings" is
    OptIn."""
    found = []
    parties = {s.root.i: s.label_ for s in span.doc.spans["pg_recipient"]}
    for token in span:
        if token.dep_ != "advcl" or not any(c.dep_ in ("mark", "advmod") and c.lower_ in _CONDITION_MARKS
                                            for c in token.children):
            continue
        lemma = token.lemma_.lower()
        subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is None:
            continue
        opting_out = any((c.dep_ == "prt" and c.lower_ in ("off", "out")) or c.dep_ == "neg" for c in token.children)
        if subject.lower_ == "you" and lemma in _OPTING_VERBS and not opting_out:
            found.append("Consent" if lemma in _CONSENTING_VERBS else "OptIn")
        elif lemma in _REQUESTING_VERBS and parties.get(subject.i) in _AUTHORITIES:
            found.append("LegalRequirement")
        elif lemma in _TRANSFERRING_VERBS and subject.lower_ == "we" and any(
                t.lower_ in _BUSINESS_WORDS for t in token.subtree):
            found.append("BusinessTransferCondition")
    if _SETTINGS.search(span.text):
        found.append("OptIn")
    return found


def _context_conditions(segment: Segment, lead_in: LeadIn) -> list[str]:
    """Conditions a segment takes from its place: its lead-in's, and Consent under a "Consent" heading."""
    found = list(lead_in.conditions)
    if any(_CONSENT_HEADING.match(heading) for heading in segment.heading_path):
        found.append("Consent")
    return found


def _with_heading_purposes(statement: Statement, segment: Segment, context: SegmentContext) -> Statement:
    """A use that names no purpose takes the purposes its section heading names: under "Personalizing our
    products", "your activity on the app" (an item of "the information we use includes:") is used to personalise
    them. Only list items (what the section lists), only the nearest heading, and only for a use, which is what a
    purpose heading sorts; a paragraph under the heading says its own purposes or none."""
    if (statement.action != Action.USE or statement.purposes or statement.negated or not segment.heading_path
            or segment.kind != SegmentKind.LIST_ITEM):
        return statement
    purposes = context.heading_purposes.get(segment.heading_path[-1], ())
    return replace(statement, purposes=purposes) if purposes else statement


_PRACTICE_HEADING = re.compile(r"^\W*(?:the\s+)?(?:[\w-]+\s+){0,2}(?:data|information|details)\s+(?:that\s+|which\s+)?"
                               r"we\s+(\w+)\W*$", re.I)
_EXCLUDING = re.compile(r"\b(?:other than|except(?: for)?|excluding|apart from|but not|not (?:for|including))\s+$",
                        re.I)


def _excluded(span: Span) -> bool:
    """A phrase a title sets aside: in "Personalizing products other than ads" the section is not about ads."""
    doc = span.doc
    return bool(_EXCLUDING.search(doc[max(0, span.start - 3):span.start].text + " "))


def _heading_action(heading: str) -> Action | None:
    for pattern, action in _HEADING_TOPICS:
        if pattern.search(heading):
            return action
    return None


def _label_recipient(segment: Segment) -> str | None:
    """The recipient named by a paragraph label such as 'Affiliates – ...' or 'Our service providers – ...'."""
    if not segment.heading_path:
        return None
    label = segment.heading_path[-1].lower()
    forms = get_lexicon().surface_forms("recipient")
    for form in sorted(forms, key=len, reverse=True):
        if re.search(rf"\b{re.escape(form)}\b", label) and forms[form] != "FirstParty":
            return forms[form]
    return None


def _depth(token: Token) -> int:
    depth = 0
    while token.head is not token and depth < 50:
        token, depth = token.head, depth + 1
    return depth


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
