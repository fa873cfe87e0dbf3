"""Build data-practice statements from a tagged spaCy ``Doc`` of one segment.

One statement per action verb of a sentence. Tagged phrases (data, recipients, purposes, conditions) are
attached to the action verb they depend on: from the phrase's root we walk up the dependency tree to the
first action verb; a phrase under no action verb attaches to the sentence's main action verb. This keeps
"we collect your e-mail address to send you offers, and we share your name with affiliates" as two
statements with the right data on each.

A segment whose sentences have no action verb (a list item "Your e-mail address;", a purpose "To prevent
fraud;"), or a list item whose own verbs give tentative readings only, inherits the action and actor of its
lead-in sentence, or the topic of its heading, with a lower confidence and a rule id that says so. How sure a
verb's reading is, is weighed in ``extract.confidence``.
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from policygraph.extract.actors import actor_of, subject_is_they
from policygraph.extract.clauses import (
    acts_on_data_or_party,
    acts_on_something_else,
    addresses_the_reader,
    applies,
    by_the_company,
    described_data,
    describes_a_noun,
    describes_data_given_by_user,
    describes_its_head,
    first_conjunct,
    grammatical_subject,
    has_clause_subject,
    has_main_clause,
    has_object,
    in_an_idiom,
    in_conditional_clause,
    in_own_clause,
    in_purpose_clause,
    is_fragment,
    is_subject_of,
    modifies_a_noun,
    names_a_topic,
    names_data,
    names_something,
    names_the_data,
    names_the_means,
    points_back,
    set_aside,
    the_readers_reason,
    what_it_depends_on,
    with_its_first_verb,
)
from policygraph.extract.confidence import PLAIN, TENTATIVE, VerbReading, verb_reading_confidence
from policygraph.extract.context import PURPOSE_LEAD_IN, SegmentContext, SegmentReading
from policygraph.extract.data_terms import (
    DEMONSTRATIVE,
    audience_in_context,
    examples_of,
    is_a_place,
    is_a_source,
    is_a_thing_not_data,
    is_an_age_limit,
    is_channel,
    local_referent,
    remember_data,
    unique,
)
from policygraph.extract.framing import (
    talked_about,
    what_varies,
)
from policygraph.extract.lead_ins import USER_GIVING_VERBS, heading_action, heading_practice
from policygraph.extract.parties import (
    PARTY_NOUNS,
    describes_a_party,
    engaged_parties,
    given_to,
    given_to_others,
    gives_consent,
    in_a_party_description,
    in_other_role,
    is_a_persons_parent,
    label_recipient,
    named_recipients,
    names_a_group_company,
    names_a_party,
    on_behalf_of,
    on_the_users_device,
    own_party,
    passed_among_users,
    sent_to_the_user,
)
from policygraph.extract.polarity import (
    BUSINESS_WORDS,
    LIMITED_RETENTION,
    NEGATIONS,
    chosen_by_the_user,
    clause_conditions,
    complied_with,
    context_conditions,
    has_exception,
    in_concession,
    is_negated,
    modality_of,
    waived,
)
from policygraph.extract.practice_verbs import is_purpose_verb, verb_actions
from policygraph.extract.stated_purposes import (
    opens_with_a_gerund,
    opens_with_an_infinitive,
    unnamed_item_purpose,
    unnamed_purposes,
)
from policygraph.extract.verb_groups import (
    access_with_another_practice,
    describing_anothers_object,
    merge_conjoined_same_practice,
    parties_to_the_disclosure,
    purposes_to_the_main_verb,
    share_with_conjuncts,
)
from policygraph.records import (
    CONSENT_CONDITIONS,
    ROOT_TERMS,
    UMBRELLA_DATA,
    Action,
    Evidence,
    Segment,
    SegmentKind,
    Statement,
)

_CROSS_BORDER = re.compile(r"\bacross borders\b|\boutside (?:of )?(?:the|your|this) (?:country|jurisdiction)|"
                           r"\bto other countries\b|\babroad\b", re.I)
#: Verbs of a sentence that lists what an earlier one spoke of ("This includes ...").
_LISTING_VERBS = {"include", "consist", "contain", "comprise", "mean"}



class StatementBuilder:
    """Turns one tagged segment ``Doc`` into statements (see the module docstring for the method)."""

    def build(self, doc: Doc, segment: Segment, offset: int, policy_id: str, text: str,
              context: SegmentContext) -> list[Statement]:
        """The statements of one segment (see the module docstring)."""
        reading = SegmentReading(doc, segment, offset, policy_id, text, context)
        lead_in = context.lead_in(segment)
        if lead_in.by_user or (lead_in.to_the_user and not has_main_clause(doc)):
            return []  # an item of "You have the right to:" lists what the user may do, not what we do
        statements: list[Statement] = []
        previous: list[Statement] = []  # the statements of the sentence just before
        for sent in doc.sents:
            found = self._sentence(reading, sent)
            if not found and previous:
                found = self._elaboration(reading, sent, previous[-1])
            statements.extend(found)
            remember_data(found, context)
            previous = found
        # A purpose item ("To provide the service;", "billing purposes by utilising...") is a fragment whose
        # verbs state the purpose, not a practice; an item that is a full clause with its own subject ("For
        # example, we share your e-mail with advertisers") keeps its statements.
        if segment.kind == SegmentKind.LIST_ITEM and not has_clause_subject(doc) and (
                context.lead_in(segment).purpose or re.match(r"^\W*(?:to|for)\s", doc.text, re.I)):
            statements = []
        tentative_item = segment.lead_in and all(s.evidence.confidence <= TENTATIVE for s in statements)
        if (not statements or tentative_item) and segment.kind != SegmentKind.HEADING:
            # a list item whose own verbs give tentative readings only ("to provide, personalise (including ads if
            # we show you ads), and improve the app") is read through its lead-in as well
            inherited = self._inherited(reading)
            if inherited:
                statements.append(inherited)
        remember_data(statements, context)
        return [_with_heading_purposes(st, segment, context) for st in statements]

    # -- sentences with their own action verbs
    def _sentence(self, reading: SegmentReading, sent: Span) -> list[Statement]:
        doc, segment, context = reading.doc, reading.segment, reading.context
        actions = {t.i: verb_actions()[t.lemma_.lower()] for t in sent
                   if t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in verb_actions() and not is_purpose_verb(t)
                   and not names_something(t) and not modifies_a_noun(t) and not applies(t) and not in_an_idiom(t)}
        actions.update((t.i, Action.SHARE) for t in sent if engaged_parties(t) and not is_purpose_verb(t))
        actions = {i: a for i, a in actions.items() if not self._controlled_same_practice(doc[i])
                   and not names_the_means(doc[i], actions)}
        actions = access_with_another_practice(doc, actions)
        # "information you provide us" describes data; it states our collection only when nothing else in the
        # sentence says what happens to that data, and the sentence is no item of a list of data.
        described = {i for i in actions if describes_data_given_by_user(doc[i])}
        if len(described) < len(actions) or segment.lead_in:
            actions = {i: a for i, a in actions.items() if i not in described}
        practice = context.lead_in(segment).action or heading_practice(segment)
        if practice and is_fragment(sent):
            # An item of "The information we use includes:", or a line under the heading "Data we use", names data
            # for the practice its lead-in or heading states; the verbs inside it only describe that data
            # ("content you provide through our camera", "identifiers collected from cookies").
            # (A participle of disclosure still discloses: "comments sent to our partners".)
            actions = {i: a for i, a in actions.items() if not describes_a_noun(doc[i]) or by_the_company(doc[i])
                       or (a in (Action.SHARE, Action.SELL, Action.TRANSFER)
                           and not describes_data_given_by_user(doc[i])) or a == practice}
        # "This policy explains how we collect ...", "you have the right to know what we share": a practice the
        # sentence talks about is not one it states (see framing.talked_about).
        actions = {i: a for i, a in actions.items() if talked_about(doc[i]) is None and not describes_a_party(doc[i])
                   and not what_varies(doc[i])}
        if not actions:
            return []
        groups: dict[int, dict[str, list[Span]]] = {i: {"data": [], "recipient": [], "purpose": [], "condition": []}
                                                   for i in actions}
        # A phrase no practice verb governs goes to the sentence's first practice verb ("We may share your
        # information: (1) with our affiliates; (2) ...": the list after the colon hangs anywhere in the parse).
        main = min(actions)
        for family in ("data", "recipient", "purpose", "condition"):
            for span in doc.spans[f"pg_{family}"]:
                if span.start < sent.start or span.end > sent.end or span.label_ in ROOT_TERMS:
                    continue
                if family == "purpose" and (self._names_a_practice(span, actions) or names_a_topic(span)):
                    continue
                if family == "recipient" and any(d.start <= span.start and span.end <= d.end and d != span
                                                 for d in doc.spans["pg_data"]):
                    continue  # "government-issued identification": a word of a data term, not a party
                owner = self._owner(span.root, actions)
                if owner is None and family == "data" and _asked_of_the_reader(span):
                    continue  # "Please include your name in your request so we can process it": the reader's act
                groups[owner if owner is not None else main][family].append(span)
        merge_conjoined_same_practice(doc, groups, actions)
        share_with_conjuncts(doc, groups)
        purposes_to_the_main_verb(doc, groups, actions)
        parties_to_the_disclosure(doc, groups, actions)
        describing = describing_anothers_object(doc, groups, actions)
        # Sharing and keeping verbs also name services ("provide", "maintain"): inside a purpose phrase,
        # without data as their object or a party to share with, they state a purpose, not a practice. "We
        # operate stores, provide services", "we maintain the website", "we provide you with ways to update
        # your information" serve a purpose; "we maintain your personal information" and "we share content
        # with advertisers" stay practices (and so do the other actions: "we analyze your browsing history",
        # "if we are acquired").
        naming = {i for span in doc.spans["pg_purpose"] if span.start >= sent.start and span.end <= sent.end
                  for i in range(span.start, span.end)}
        purpose_words = {i for i, action in actions.items() if i in naming and action in (Action.SHARE, Action.RETAIN)
                         and not acts_on_data_or_party(doc[i], groups[i])}
        for i in purpose_words:
            # "We keep it as long as it is needed to provide our services": the purpose the phrase names is that of
            # the practice it serves
            owner = self._owner(doc[i].head, {j: a for j, a in actions.items() if j not in purpose_words})
            if owner is not None:
                groups[owner]["purpose"].extend(groups[i]["purpose"])
        results = []
        for i, action in sorted(actions.items()):
            verb = doc[i]
            found = groups[i]
            if i in purpose_words:
                continue
            statement = self._make(reading, sent, verb, action, found)
            if statement is not None and i in describing:
                # "We do not use information collected from messages for ads", "we never share information we
                # receive from you unless ...": the sentence states what happens to the data; the clause describing
                # the data is no statement of its own for a reader
                statement = replace(statement, evidence=replace(statement.evidence, confidence=min(
                    statement.evidence.confidence, TENTATIVE)))
            if statement is not None:
                results.append(statement)
        return results

    def _make(self, reading: SegmentReading, sent: Span, verb: Token, action: Action,
              found: dict[str, list[Span]]) -> Statement | None:
        doc, segment, offset, policy_id, text, context = reading
        actor = actor_of(verb, context.own_names)
        if actor == "FirstParty" and subject_is_they(verb) and not any(
                t.tag_ in ("NNS", "NNPS") for t in doc[:grammatical_subject(verb).i]):
            # "Depending on how you interact with them, they receive:" under "Partners who offer goods on our
            # Products": a "they" with no plural noun before it in the segment is the party its section is
            # titled by, if any ("Cookies are small files. They collect ..." stays the company's means)
            actor = label_recipient(segment, context.own_names) or actor
        if actor == "FirstParty" and segment.kind != SegmentKind.LIST_ITEM and addresses_the_reader(verb):
            actor = "User"
        named = found["data"] + described_data(verb)
        data = [s for s in named if not is_subject_of(s, verb) and not is_a_source(s, named)
                and not is_channel(s) and not is_a_thing_not_data(s) and not is_a_place(s)
                and not is_an_age_limit(s) and not what_it_depends_on(s) and not set_aside(s)]
        # Data named inside the purpose clause describes the purpose ("to send you e-mail"), and data named in a
        # clause describing a party what the party does ("providers who help us deliver SMS messages"), unless it
        # is all the statement names ("we use cookies to remember your preferences").
        outside = [s for s in data if not self._in_purpose_zone(s, verb) and not in_a_party_description(s)]
        data = outside or data
        if given_to(verb, "you"):
            # "We may send you text messages and push notifications": the company's messages to the user are its
            # communication, not the user's messages
            data = [s for s in data if s.label_ != "Messages"]
        if action in (Action.COLLECT, Action.RETAIN) and acts_on_something_else(verb):
            # "once we receive your request, we review whether we may retain the information", "maintaining
            # measures to restore access to personal information": the verb acts on its own object, and the
            # data in another clause, or in its purpose, is not what it receives or keeps
            data = [s for s in outside if in_own_clause(s, verb)]

        receiver = None
        if action == Action.COLLECT and _from_the_company(verb):
            if actor in (None, "User", "FirstParty"):
                return None  # "you will continue to receive administrative messages from us": the user receives
            # "Our partners receive your email address from us": the company discloses it to them
            action, receiver, actor = Action.SHARE, actor, "FirstParty"
        if action == Action.RETAIN and (sent_to_the_user(verb) or on_the_users_device(verb)):
            return None  # "identifiers stored in cookies on your device": kept by the user's device, not by us
        if action in (Action.SHARE, Action.TRANSFER) and sent_to_the_user(verb):
            action = Action.COLLECT  # "cookies are sent to your browser": the site places and reads them
        elif action == Action.SHARE and given_to(verb, "us") and not (actor == "User" and is_negated(verb)):
            # "our business partners may give us information about you", "directory services who provide us with
            # business information": the company collects it from them (whoever the parser took for the subject).
            # What the user declines to give us is the user's choice, no denial by the company ("even if you don't
            # agree to share your address book with us"): the user's branch below drops it.
            action, actor = Action.COLLECT, "FirstParty"
        if actor is None:
            return None
        if actor == "User":
            # "you provide your name" is our collection; "you can choose not to provide it" is the user's
            # choice, not a denial by the company.
            if (verb.lemma_.lower() not in USER_GIVING_VERBS or is_negated(verb) or given_to_others(verb)
                    or passed_among_users(verb) or gives_consent(verb) or in_conditional_clause(verb)):
                return None  # "unless you provide it as part of a promotion, ...": a condition, not collection
            action, actor = Action.COLLECT, "FirstParty"
        categories = self._data_terms(data, context, segment)
        lead_in = context.lead_in(segment)
        if not categories and segment.kind == SegmentKind.LIST_ITEM and lead_in.action == action:
            # "We use the information we collect to: - personalise and improve the app": an item that continues
            # its lead-in's practice acts on the lead-in's data
            categories = list(lead_in.data)
        engaged = {t.i for t in engaged_parties(verb)}
        recipients = [own_party(s, context.own_names) or s.label_ for s in found["recipient"]
                      if s.label_ != "FirstParty" and not names_a_group_company(s.root) and (s.root.i in engaged or (
                          not is_subject_of(s, verb) and not in_purpose_clause(s, verb)
                          and not is_a_persons_parent(s) and not on_behalf_of(s) and not in_other_role(s)))]
        recipients = ([receiver] if receiver else []) + [r for r in recipients if r != "FirstParty"] + (
            named_recipients(verb, context.own_names))
        if (any(points_back(s) for s in found["recipient"]) and set(recipients) - {"ThirdParty"}
                and not any(s.label_ == "ThirdParty" and not points_back(s) for s in found["recipient"])):
            # "with our subsidiaries ... jointly with these companies": "these companies" are the parties named
            # before, not third parties besides them
            recipients = [r for r in recipients if r != "ThirdParty"]
        if (action == Action.SHARE and actor == "FirstParty" and verb.lemma_.lower() in _SHOWING_VERBS
                and grammatical_subject(verb) is not None and not _shown_to_someone(verb)
                and not any(s.root.dep_ == "dobj" and s.root.head.i == verb.i for s in data)):
            # "We display third-party advertising based on your interests": a thing other than the user's data,
            # shown with no one named to see it, is shown to the user; a party word inside it receives nothing.
            # ("We display your profile picture" shows data to someone unnamed: a disclosure, if vague.)
            recipients = [r for r in recipients if r in _AUDIENCE_RECIPIENTS]
            if not recipients:
                action = Action.USE
        if action == Action.SHARE and not recipients and given_to(verb, "you"):
            action = Action.USE  # "we will send you newsletters": the company uses data to reach the user
        if action == Action.SHARE and not recipients and _LEGAL_PROCESS.search(sent.text):
            # "in response to a subpoena, court order or other governmental request": legal process comes from
            # courts and authorities, and what answers it goes to them
            recipients = ["GovernmentAuthority"]
        if action in (Action.COLLECT, Action.USE, Action.RETAIN):
            recipients = []
        # a verb is no purpose of itself ("we collect and maintain it"), except a business changing hands ("if our
        # company is acquired")
        purposes = [s.label_ for s in found["purpose"] if not (len(s) == 1 and s.start == verb.i)
                    or s.label_ == "MergerAcquisition"]
        action = _disclosure_or_move(action, recipients, purposes, sent)
        # A condition phrase inside the purpose clause ("to protect the safety of our users", "to comply with our
        # legal obligations") is what the practice is for, not when it happens.
        conditions = [] if describes_its_head(verb) else [
            s.label_ for s in doc.spans["pg_condition"] if sent.start <= s.start and s.end <= sent.end
            and s.label_ not in ROOT_TERMS and not self._in_purpose_zone(s, verb)
            and not names_the_data(s, verb) and not in_concession(s) and not waived(s, is_negated(verb))
            and not complied_with(s)
        ] + clause_conditions(sent) + (["OptIn"] if chosen_by_the_user(verb) else []) + (
            context_conditions(segment, lead_in))
        # A practice names its data or the party it goes to; a verb with purposes alone ("understanding your
        # interests helps us provide better products") states a goal. Using something named only by a pronoun
        # ("we use it to improve our services") still states a use of data for the purposes.
        stated_parties = bool(recipients)
        if not (categories or recipients or (purposes and action == Action.USE and has_object(verb))):
            if action in (Action.SHARE, Action.SELL) and label_recipient(segment, context.own_names):
                recipients = [label_recipient(segment, context.own_names)]
            else:
                return None
        negated, rule = is_negated(verb), "verb-engages-party" if engaged else "verb"
        kept_denial = conditions and not _EXCEPTED_PARTY.search(sent.text) and (
            (action == Action.SELL and set(conditions) <= _SALE_EXCEPTIONS)
            or (action in (Action.SHARE, Action.TRANSFER) and set(conditions) <= CONSENT_CONDITIONS
                and _excepts_consent_only(sent)))
        if negated and has_exception(sent) and not kept_denial:
            # ("We will not sell it unless required by law" stays a denial, no law requiring a sale; so do "we
            # do not sell it without your permission" and "we do not share it with third parties without your
            # consent", denials with their condition, not statements of selling or sharing. "We do not share it
            # except when required by law" does state the disclosures the law requires.)
            negated, rule = False, "verb-negation-exception"
        elif negated and LIMITED_RETENTION.search(sent.text):
            negated, rule = False, "verb-negation-limit"
        elif negated and _CROSS_BORDER.search(sent.text):
            action, rule = Action.TRANSFER, "verb-negation-cross-border"
        start, end = offset + sent.start_char, offset + sent.end_char
        audience, age = audience_in_context(sent.text, segment.heading_path)
        confidence = verb_reading_confidence(VerbReading(
            verb, sent, segment, action, actor, rule, negated, data, categories, recipients, purposes, conditions,
            lead_in, stated_parties))
        return Statement(
            action=action, actor=actor,
            evidence=Evidence(policy_id, segment.index, start, end, text[start:end], rule, confidence,
                              segment.heading_path),
            data_categories=unique(categories), recipients=unique(recipients), purposes=unique(purposes),
            conditions=unique(conditions), negated=negated, modality=modality_of(verb),
            audience=audience, age_threshold=age, stated_purposes=unnamed_purposes(verb),
        )

    def _elaboration(self, reading: SegmentReading, sent: Span, previous: Statement) -> list[Statement]:
        """ "We collect technical information. This includes your IP address and browser type.": a sentence
        that only lists what "this" includes names the data of the statement before it, so it is that
        practice again with the listed data (rule "elaboration")."""
        doc, offset, text = reading.doc, reading.offset, reading.text
        root = sent.root
        subject = next((c for c in root.children if c.dep_ == "nsubj"), None)
        if root.lemma_.lower() not in _LISTING_VERBS or subject is None or previous.negated or is_negated(root):
            return []
        data_roots = {s.root.i for s in doc.spans["pg_data"]}
        # "This includes ...", "This information may include ...", not "These measures include ..."
        pronoun = subject.pos_ == "PRON" and DEMONSTRATIVE.match(subject.text)
        about_data = subject.i in data_roots and any(c.dep_ == "det" and DEMONSTRATIVE.match(c.text)
                                                     for c in subject.children)
        if not (pronoun or about_data):
            return []
        parties = {s.root.i for s in doc.spans["pg_recipient"]}
        if any(c.dep_ == "dobj" and (c.i in parties or c.lemma_.lower() in PARTY_NOUNS) for c in root.children):
            return []  # "These include providers of payment processing and email delivery": parties, not data
        data = [s.label_ for s in doc.spans["pg_data"] if sent.start <= s.start and s.end <= sent.end
                and s.root.i != subject.i]
        data = [d for d in data if d not in UMBRELLA_DATA] or data
        if not data:
            return []
        start, end = offset + sent.start_char, offset + sent.end_char
        evidence = replace(previous.evidence, start=start, end=end, text=text[start:end], rule="elaboration",
                           confidence=min(previous.evidence.confidence, PLAIN))
        return [replace(previous, data_categories=unique(data), evidence=evidence)]

    # -- segments without an action verb inherit one
    def _inherited(self, reading: SegmentReading) -> Statement | None:
        doc, segment, offset, policy_id, text, context = reading
        action, rule, actor = None, "", "FirstParty"
        lead_in = context.lead_in(segment)
        if lead_in.by_another:
            return None  # an item of "These providers may collect:" is their practice, not one the heading states
        if segment.lead_in and has_main_clause(doc):
            # an item that is a clause of its own ("Access your data. You can edit it in settings.") says its own
            # thing, not the lead-in's
            return None
        if lead_in.action:
            action, rule, actor = lead_in.action, "lead-in", lead_in.actor
        elif segment.kind == SegmentKind.LIST_ITEM and re.match(r"^\W*(?:to|for)\s", doc.text, re.I):
            action, rule = Action.USE, "purpose-item"
        elif heading_practice(segment) and all(names_data(s) for s in doc.sents):
            # a line of data under "Data we use" or "Information we collect": the heading states the practice
            action, rule = heading_practice(segment), "heading-practice"
        else:
            for heading in reversed(segment.heading_path):
                action = heading_action(heading)
                if action:
                    rule = "heading"
                    break
        if action is None:
            return None
        data = self._data_terms([s for s in doc.spans["pg_data"] if not is_a_place(s) and not set_aside(s)],
                                context, segment)
        if rule == "lead-in" and not data:
            data = list(lead_in.data)  # "We use cookies and SDKs to: - personalise features": the cookies
        # "We may disclose your information to: - Protect the rights of our users and affiliates": an item that
        # opens with a bare verb after a lead-in ending in "to:" says what for; its parties are whom it serves
        verb_item = rule == "lead-in" and doc[0].tag_ == "VB" and bool(PURPOSE_LEAD_IN.search(segment.lead_in or ""))
        # "For safety and security purposes", "Conducting research and surveys", "To prevent harm": an item
        # opening with "for", a gerund or an infinitive says what for, under any practice
        # "Your selfie if you provide it when you contact us for account support", under a heading of another use:
        # why the user gave the data is what its collection is for, not what the item's use is for
        purposes = [s.label_ for s in doc.spans["pg_purpose"] if s.label_ not in ROOT_TERMS and (
            rule == "purpose-item" or lead_in.purpose or action == Action.USE or verb_item
            or re.match(r"^\W*for\s", doc.text, re.I) or opens_with_a_gerund(doc) or opens_with_an_infinitive(doc))
            and (action == Action.COLLECT or not the_readers_reason(s))]
        action = _disclosure_or_move(action, [], purposes, doc[:])
        # "Protect the legal rights of our users and our affiliates": owners, sources and the served are no recipients
        recipients = [] if verb_item else [
            s.label_ for s in doc.spans["pg_recipient"] if s.label_ not in ("FirstParty", "Recipient")
            and not in_other_role(s) and not on_behalf_of(s) and not is_a_persons_parent(s)]
        if rule == "lead-in" and not recipients:
            # the lead-in's parties, else those its section is titled by ("Service providers")
            label = label_recipient(segment, context.own_names)
            recipients = list(lead_in.recipients) or ([label] if label else [])
        if action not in (Action.SHARE, Action.SELL, Action.TRANSFER):
            recipients = []
        if not (data or purposes or recipients):
            return None
        # an item of purposes ("to protect the safety of our users") names what the practice is for, not when
        purpose_item = rule == "purpose-item" or lead_in.purpose or verb_item
        first = doc[0:len(doc)]
        start, end = offset + first.start_char, offset + first.end_char
        audience, age = audience_in_context(doc.text, segment.heading_path)
        return Statement(
            action=action, actor=actor,
            evidence=Evidence(policy_id, segment.index, start, end, text[start:end], rule,
                              PLAIN if rule == "lead-in" or (rule == "heading-practice" and (
                                  set(data) - UMBRELLA_DATA or names_a_party(doc))) else TENTATIVE,
                              segment.heading_path),
            data_categories=unique(data), recipients=unique(recipients), purposes=unique(purposes),
            conditions=unique(([] if purpose_item else [s.label_ for s in doc.spans["pg_condition"]
                                                        if not waived(s, False)])
                               + clause_conditions(doc[:]) + context_conditions(segment, lead_in)),
            # a negation inside a clause describing a noun ("data on a blockchain, which cannot be deleted") or
            # saying when ("fixing it when it's not working") denies nothing of the practice
            negated=any(t.lower_ in NEGATIONS and t.dep_ == "neg" and t.head.pos_ in ("VERB", "AUX")
                        and first_conjunct(t.head).dep_ not in ("relcl", "acl", "advcl") for t in doc),
            modality=lead_in.modality if rule == "lead-in" else "unspecified",
            audience=audience, age_threshold=age,
            stated_purposes=() if rule not in ("lead-in", "purpose-item") else unnamed_item_purpose(
                doc, bare_verb_is_purpose=purpose_item),
        )

    # -- helpers
    def _owner(self, token: Token, actions: dict[int, Action]) -> int | None:
        current = token
        for _ in range(40):
            if current.i in actions:
                return current.i
            if current.head.i == current.i:
                return None
            current = current.head
        return None

    @staticmethod
    def _names_a_practice(span: Span, actions: dict[int, Action]) -> bool:
        """A disclosure verb that is also a purpose word is no purpose of itself: in "we have collected and sold
        personal information", "consent will not be shared or sold", "sold" names the practice, not a business sale
        ("if our company is sold" does). (A use verb does state its purpose: "we analyze your browsing history" is
        analytics.) A verb whose object is a word of the purpose phrase itself states the purpose: "to provide our
        services" is providing the service, not a disclosure of services; so is "provide" tagged as providing the
        service for its object ("as needed to provide you Services", see ``nlp._providing_the_service``)."""
        if span.label_ == "ServiceProvision":
            return False

        def acts_on_a_thing(verb: Token) -> bool:
            return any((c.dep_ == "dobj" or (c.dep_ == "nsubjpass" and c.lower_ not in _SOLD_BUSINESS))
                       and not span.start <= c.i < span.end
                       for v in with_its_first_verb(verb) for c in v.children)

        return any(span.start <= i < span.end and actions[i] in (Action.SHARE, Action.SELL, Action.TRANSFER)
                   and acts_on_a_thing(span.doc[i]) for i in actions)

    def _controlled_same_practice(self, token: Token) -> bool:
        """'ask you to provide' / 'require you to submit': the complement repeats the practice of its head."""
        head = token.head
        return token.dep_ == "xcomp" and verb_actions().get(head.lemma_.lower()) == Action.COLLECT

    def _data_terms(self, spans: list[Span], context: SegmentContext, segment: Segment) -> list[str]:
        """The data terms of the spans; "this information" is the data named last in this segment or the one
        just before it (further back, a reader can no longer tell what it points to, so it stays general)."""
        terms = []
        near = segment.index - context.recent_segment <= 1
        for span in spans:
            after_demonstrative = span.start > 0 and DEMONSTRATIVE.match(span.doc[span.start - 1].text)
            if DEMONSTRATIVE.match(span.text) or (after_demonstrative and span.label_ in UMBRELLA_DATA):
                local = local_referent(span)
                if local is not None:
                    terms.extend(local or (span.label_,))
                else:
                    terms.extend((near and context.recent_data) or (span.label_,))
            else:
                terms.append(span.label_)
        # An umbrella term ("personal information", "information") adds nothing next to specific data it does not
        # govern ("we collect your name and other information we need"). It stays when the specific data are only
        # its examples ("your information, including financial data", "personal information such as your
        # name": more than the name) or when "other" says it names more ("your phone number or other personal
        # information").
        other = any(t.lower_ == "other" for span in spans for t in span.root.children)
        umbrellas = {span.root.i for span in spans if span.label_ in UMBRELLA_DATA}
        specific = [span for span in spans if span.label_ not in UMBRELLA_DATA]
        examples = bool(umbrellas and specific) and all(examples_of(span, umbrellas) for span in specific)
        if any(t not in UMBRELLA_DATA for t in terms) and not other and not examples:
            terms = [t for t in terms if t not in UMBRELLA_DATA]
        return terms

    def _in_purpose_zone(self, span: Span, verb: Token) -> bool:
        """Purposes count only inside purpose clauses: 'to <verb> ...', 'in order to', 'for ... (purposes)'."""
        current = span.root
        for _ in range(40):
            if current.i == verb.i or current.head.i == current.i:
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


def _with_heading_purposes(statement: Statement, segment: Segment, context: SegmentContext) -> Statement:
    """A use that names no purpose takes the purposes its section heading names: under "Personalizing our
    products", "your activity on the app" (an item of "the information we use includes:") is used to personalise
    them, and so is the contact information a paragraph under "Communicating with you" uses. Only the nearest
    heading, and only for a use, which is what a purpose heading sorts; a disclosure says its own purposes. A
    heading worded as a purpose no term names ("Anonymizing your information") gives its words, unless the
    sentence gives its own."""
    if (statement.action != Action.USE or statement.purposes or statement.negated or not segment.heading_path
            or segment.kind == SegmentKind.HEADING):
        return statement
    heading = segment.heading_path[-1]
    purposes = context.heading_purposes.get(heading, ())
    if purposes:
        return replace(statement, purposes=purposes)
    stated = context.heading_stated_purposes.get(heading, ())
    return replace(statement, stated_purposes=stated) if stated and not statement.stated_purposes else statement


#: The legal process a disclosure answers, served by a court or an authority: "in response to a subpoena",
#: "when required by law, subpoena or other legal process", "requests by public authorities". ("To comply with a
#: court order" says what for, and OPP-115's annotators name no recipient for it.)
_LEGAL_PROCESS = re.compile(r"\b(?:(?:respon(?:se|d|ding) to|pursuant to|receipt of|required (?:to do so )?by)\b"
                            r"(?:(?!comply|protected)[^.;:]){0,40}?\b"
                            r"(?:subpoenas?|court orders?|(?:search )?warrants?|legal process|"
                            r"(?:governmental|government|law enforcement) requests?)|"
                            r"requests? (?:from|by) (?:public|government|governmental|law enforcement) \w+)\b", re.I)


#: Where data goes when it is moved rather than handed to someone: another country, region or jurisdiction.
_DESTINATION = re.compile(r"\b(?:countr(?:y|ies)|jurisdictions?|abroad|overseas|internationally|borders?|outside|"
                          r"regions?)\b", re.I)


def _disclosure_or_move(action: Action, recipients: list[str], purposes: list[str], sent: Span) -> Action:
    """Share for a practice that hands data to another party, Transfer for one that moves it to another place.

    "We will not transfer your personal information to third parties" and "we may transfer your information to
    a successor" disclose data to a party (a transfer in DPV's sense moves data to another place or country,
    which the sentence does not name). A business transfer is a disclosure too: in "if we are acquired, your
    information will be one of the transferred assets" the data passes to the buyer, whatever verb carries the
    purpose. "We transfer your data to our service providers in other countries" names a place: a transfer.
    """
    merger = "MergerAcquisition" in purposes and action in (Action.COLLECT, Action.USE, Action.RETAIN,
                                                            Action.TRANSFER)
    handed_over = action == Action.TRANSFER and bool(recipients)
    if (merger or handed_over) and not _DESTINATION.search(sent.text) and not any(
            e.label_ in ("GPE", "LOC") for e in sent.ents):
        return Action.SHARE
    return Action.TRANSFER if merger else action


#: What is sold when a business changes hands: "if our company is sold", "if we are sold".
_SOLD_BUSINESS = BUSINESS_WORDS | {"we", "it", "companies", "subsidiary"}
#: Exceptions that leave a denied sale denied (with the exception as its condition), unless the exception names
#: whom the data is sold to ("except to advertisers when you opt in" is a sale to them).
_SALE_EXCEPTIONS = {"LegalRequirement", "Consent", "OptIn"}
#: "Except to our affiliates", "other than with service providers": the exception names a party, and the
#: sentence states the disclosure to it ("except with your (prior written) consent" names none).
_EXCEPTED_PARTY = re.compile(r"\b(?:except|other than|unless)\s+(?:to|with)\s+(?!(?:[\w-]+\s+){0,3}?"
                             r"(?:consent|permission|authori[sz]ation)\b)", re.I)
#: An exception and what follows it: "unless you give your consent", "except as described in this policy".
_EXCEPTION = re.compile(r"\b(?:unless|except|other than|without|excluding)\b([^.;]{0,40})", re.I)
_CONSENT_WORDS = re.compile(r"\b(?:consent|permission|authori[sz]|agree|opt)", re.I)
_SHOWING_VERBS = {"display", "show"}


def _excepts_consent_only(sent: Span) -> bool:
    """ "We do not share it without your consent", "... unless you give your consent": the consent is the only
    exception, and the sentence is a denial with its condition. "We do not share it except as described in this
    policy or with your consent" allows more than consent: the disclosures it describes."""
    return all(_CONSENT_WORDS.search(match.group(1)[:35]) for match in _EXCEPTION.finditer(sent.text))


def _asked_of_the_reader(span: Span) -> bool:
    """Data that is what an imperative asks the reader to do something with ("Please include your name and e-mail
    address in your request so we can process it") is the reader's to give, not the data of the company's verb
    elsewhere in the sentence; a phrase under no action verb otherwise goes to the sentence's main one."""
    head = span.root.head
    while head.pos_ not in ("VERB", "AUX") and head.dep_ != "ROOT":
        head = head.head
    return head.pos_ in ("VERB", "AUX") and head.dep_ == "ROOT" and addresses_the_reader(head)


#: Who may see what is displayed without being named in a "to" phrase ("displayed publicly", "shown to others").
_AUDIENCE_RECIPIENTS = {"Public", "OtherUsers"}


def _from_the_company(verb: Token) -> bool:
    """ "Receive promotional messages from us", "to stop receiving SMS messages from us": what comes from the company
    is what the user receives, not what the company collects."""
    return any(c.dep_ == "prep" and c.lower_ == "from" and any(g.dep_ == "pobj" and g.lower_ == "us"
                                                               for g in c.children) for c in verb.children)


def _shown_to_someone(verb: Token) -> bool:
    """ "display your name to other users", "show advertisers your profile": an addressee named."""
    return any(c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ in ("to", "with")) for c in verb.children)
