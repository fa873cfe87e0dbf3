"""What a sentence's parse says about its clauses: which verb heads what, fragments, fronted objects, clauses of
purpose, condition and description. Pure predicates over spaCy tokens, shared by the statement builder's parts."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from policygraph.extract.framing import ENTITLEMENT_NOUNS
from policygraph.records import Action

USER_SUBJECTS = {"you", "user", "users", "visitor", "visitors", "customer", "customers", "member", "members",
                 "child", "children", "minor", "minors", "parent", "parents", "guardian", "guardians"}
_ENABLING_VERBS = {"enable", "allow", "permit", "let", "help", "authorize", "authorise"}


def in_purpose_clause(span: Span, verb: Token) -> bool:
    """True when a phrase sits inside an infinitival clause or a 'for' phrase under the verb: in "we may
    disclose it to protect the safety of the public" or "... for the benefit of others", the public and the
    others are whom the purpose serves, not recipients. A plain "to <party>" phrase is not such a clause."""
    current = span.root
    for _ in range(40):
        if current.i == verb.i or current.head.i == current.i:
            return False
        if current.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children):
            # "to enable / allow third parties to ...": the party the clause lets act is a recipient
            return not (current.lemma_.lower() in _ENABLING_VERBS and span.root.head.i == current.i
                        and span.root.dep_ == "dobj")
        if current.dep_ == "pobj" and current.head.lower_ == "for":
            return True
        if opens_with_so_that(current) and _names_whom(verb):
            # "we provide partners with information so that advertisers can show you ads": the advertisers act for
            # the purpose ("we disclose your card number so that our payment processor can ..." names no one
            # else: the processor is whom it goes to)
            return True
        current = current.head
    return False


def _names_whom(verb: Token) -> bool:
    """True when the verb names whom it gives to: "provide partners with it", "share it with partners", "give it to
    them"."""
    return any(c.dep_ == "dative" or (c.dep_ == "prep" and c.lower_ in ("with", "to")) for c in verb.children)


def opens_with_so_that(verb: Token) -> bool:
    """A clause of purpose opened by "so (that)": "so that advertisers can show you ads", "so we can send you
    receipts" say what the practice is for."""
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "so" for c in verb.children)


def acts_on_data_or_party(verb: Token, found: dict[str, list[Span]]) -> bool:
    """True when the verb's object is data ("maintain your personal information") or it names a party other
    than the company ("share content with advertisers")."""
    return any(s.root.head.i == verb.i and s.root.dep_ in ("dobj", "nsubjpass") for s in found["data"]) or any(
        s.label_ != "FirstParty" for s in found["recipient"])


def points_back(span: Span) -> bool:
    """A party named by a demonstrative ("these companies", "such third parties"): one named before."""
    return span.label_ == "ThirdParty" and span.start > 0 and bool(
        re.match(r"^(?:these|those|such|this|that)$", span.doc[span.start - 1].text, re.I))


def continues_a_purpose_list(token: Token) -> bool:
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


def with_its_first_verb(verb: Token) -> tuple[Token, ...]:
    """The verb, and the verb it is conjoined to: in "consent will not be shared or sold", "sold" shares the
    object, the negation and the adverbs the parser hangs on "shared"."""
    return (verb, verb.head) if verb.dep_ == "conj" else (verb,)


#: Prepositions that open examples of the noun before them: "partners such as advertisers", "data like your name".
EXAMPLE_PREPOSITIONS = frozenset({"as", "like", "including"})


def first_conjunct(token: Token) -> Token:
    while token.dep_ == "conj" and token.head.i != token.i:
        token = token.head
    return token


def described_data(verb: Token) -> list[Span]:
    """The data a relative clause describes, which is its object: "the information we collect (to ...)" states
    that the company collects that information."""
    if verb.dep_ not in ("relcl", "acl") or has_object(verb):
        return []
    return [s for s in verb.doc.spans["pg_data"] if s.root.i == verb.head.i]


def modifies_a_noun(verb: Token) -> bool:
    """A participle used as an adjective: "aggregated or anonymized information" (which the parser may take for a
    verb of its own), "information is anonymized"; it names a kind of data, not a practice."""
    if verb.dep_ in ("amod", "acomp"):
        return True
    if any(s.start <= verb.i < s.end - 1 for s in verb.doc.spans["pg_data"]):
        return True  # "we share aggregate statistics with advertisers": a word of a data term, misparsed as a verb
    if verb.tag_ not in ("VBN", "VBD") or verb.dep_ == "ROOT" or any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in verb.children):
        return False
    head = verb.head
    if verb.dep_ == "conj" and head.tag_ in ("VBN", "VBD") and any(
            c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass") for c in head.children):
        return False  # "we have collected and sold personal information": a verb sharing its head's subject
    # A participle cannot be coordinated with a base or present verb ("we may disclose de-identified, aggregated
    # or anonymous information"): conjoined to one, it is an adjective of the words after it.
    following = verb.doc[verb.i + 1:verb.i + 4]
    words = [t for t in following if t.dep_ not in ("cc", "punct") and t.tag_ not in ("VBN", "VBD")]
    return bool(words) and words[0].pos_ in ("NOUN", "ADJ")


def names_the_means(verb: Token, actions: dict[int, Action]) -> bool:
    """ "We receive information using cookies": a participle clause of "using" names the means of another
    practice, not a use of its own."""
    if verb.tag_ != "VBG" or verb.lemma_.lower() not in ("use", "utilize", "utilise"):
        return False
    # the parser hangs the participle on the verb or on its object ("receive information using cookies")
    head = verb.head.head if verb.dep_ == "acl" and verb.head.dep_ == "dobj" else verb.head
    return verb.dep_ in ("advcl", "acl") and head.i in actions


def describes_its_head(verb: Token) -> bool:
    """A relative or participle clause describing a noun ("information we receive from you"). The conditions of
    its sentence, its lead-in's and a Consent heading's are the main clause's, so such a clause takes none."""
    return verb.dep_ in ("relcl", "acl")


def labels_a_noun(verb: Token) -> bool:
    """True when the verb only describes the head noun of a sentence without a main verb."""
    root = verb.sent.root
    return root.pos_ not in ("VERB", "AUX") and verb.dep_ in ("relcl", "acl") and verb.head.i == root.i


def in_conditional_clause(verb: Token) -> bool:
    """True for a verb of an "if" or "unless" clause (or conjoined to or controlled by one: "if you decide to
    share it")."""
    while verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children)


#: words opening a clause that says on what occasion something happens ("if you ...", "when you ...")
_OCCASION_MARKS = {"if", "when", "whenever", "once", "after", "before", "while"}


def the_users_occasion(verb: Token) -> bool:
    """True for the verb of a clause of condition or time whose doer is the user or the user's thing ("if you
    create an account", "when you contact us", "if your computer supports it"): what the user does on that
    occasion, and why, is not what the company does ("if our company is acquired" is the company's own)."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    the_users = subject is not None and (subject.lower_ in ("you", "user", "users") or any(
        c.dep_ == "poss" and c.lower_ == "your" for c in subject.children))
    return the_users and any(c.dep_ in ("mark", "advmod") and c.lower_ in _OCCASION_MARKS for c in verb.children)


def the_readers_reason(span: Span) -> bool:
    """True for a "for" phrase of the user's verb in a clause of occasion: "(your selfie,) if you provide it when
    you contact us for account support" says why the user got in touch, and so why the data was given, not what a
    later use of it is for."""
    preposition = span.root.head if span.root.dep_ == "pobj" else None
    return (preposition is not None and preposition.lower_ == "for" and preposition.head.pos_ in ("VERB", "AUX")
            and the_users_occasion(preposition.head))


_CLAUSE_LINKS = {"advcl", "ccomp", "relcl", "xcomp", "conj", "csubj", "pcomp"}


_SUBORDINATE_LINKS = {"advcl", "acl", "ccomp", "relcl", "pcomp", "csubj"}
#: Heads of a "that" clause which carries what the sentence asserts: "You agree that we may share it", "Please
#: note that we keep it", "This means that we collect it", "Cookies tell us what browser is used".
_ASSERTING_HEADS = {"agree", "acknowledge", "consent", "note", "mean", "say", "understand", "confirm", "aware",
                    "clear", "know", "promise", "commit", "state", "inform", "tell", "ensure", "guarantee", "assure",
                    "sure"}


def in_a_subordinate_clause(verb: Token) -> bool:
    """True for a practice verb (or one conjoined to or controlled by it) inside a clause that serves a main
    clause of its own: an adverbial clause ("Once we receive your request, we will respond"), a relative or
    participle clause on a noun the sentence acts on ("delete the photos stored in your account"), a clause under
    another verb ("Certain features allow you to share it", "what data is processed") or after a preposition ("as
    when we share it with providers"). Such a practice is the background of what the sentence says, and is mostly
    misread when taken alone. Not subordinate in this sense, because the sentence asserts the practice:
    - a clause describing what the sentence is about, its subject or what it says that is ("Information that we
      share with advertisers includes ...", "Log data is information that is collected ..."), and the clause of
      a sentence whose root is a noun ("Information that you provide us");
    - a "that" clause after a verb of asserting or assuring ("we ensure that", "we want to be clear that"), and
      what the user may not want ("If you do not want us to share
      it, opt out": the company does it until then);
    - a clause of what happens before or after the main clause ("We ask for consent before we share it"), of an
      entitlement ("we reserve the right to share it"), or that the company cannot do without ("we cannot
      provide the service without retaining it");
    - a complement clause before its head: the parser joining two clauses ("We do not store it; it is stored
      by ...") - and a main clause the parser hangs on an indirect question as its "then" conjunct ("we check
      whether you are logged in and then collect it")."""
    while verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        if verb.dep_ == "conj" and any(c.dep_ == "advmod" and c.lower_ == "then" for c in verb.children) and any(
                c.dep_ == "mark" and c.lower_ == "whether" for c in verb.head.children):
            return False
        verb = verb.head
    root, head = verb.sent.root, verb.head
    if verb.dep_ not in _SUBORDINATE_LINKS or root.pos_ not in ("VERB", "AUX"):
        return False
    lemma = head.lemma_.lower()
    if lemma == "be":  # "We want to be clear that ...", "It is clear that ...": the word the copula joins
        lemma = next((c.lemma_.lower() for c in head.children if c.dep_ in ("acomp", "attr")), lemma)
    if verb.dep_ in ("relcl", "acl"):
        return not ((head.dep_ in ("nsubj", "nsubjpass", "attr") and head.head.i == root.i)
                    or (verb.dep_ == "acl" and head.lower_ in ENTITLEMENT_NOUNS))
    if verb.dep_ == "ccomp":
        if verb.i < head.i:
            return False
        unwanted = lemma in ("want", "wish") and any(c.dep_ == "neg" for c in head.children)
        return not (lemma in _ASSERTING_HEADS or unwanted)
    if verb.dep_ == "advcl":
        return not any(c.dep_ == "mark" and c.lower_ in ("before", "after") for c in verb.children)
    # "we cannot provide the service without retaining it" asserts the retention; "we process your payment without
    # storing your card number" does not state storing
    return not (verb.dep_ == "pcomp" and head.lower_ == "without"
                and any(c.dep_ == "neg" for c in head.head.children))


def in_own_clause(span: Span, verb: Token) -> bool:
    """True when the span hangs from the verb through no other clause ("we obtain your consent before we share
    your contact details": the details are the sharing's; "information related to these messages" is still the
    storing's)."""
    current = span.root
    for _ in range(40):
        if current.i == verb.i:
            return True
        if current.head.i == current.i or (current.pos_ in ("VERB", "AUX") and current.i != span.root.i
                                       and current.dep_ in _CLAUSE_LINKS):
            return False
        current = current.head
    return False


def acts_on_something_else(verb: Token, passive: bool = False) -> bool:
    """True when the verb's direct object is a noun that names neither data nor a party ("receive your request",
    "maintain security measures")."""
    doc = verb.doc
    tagged = {i for family in ("pg_data", "pg_recipient") for s in doc.spans[family] for i in range(s.start, s.end)}
    # "a secure server is employed": with ``passive``, also what a passive verb acts on
    objects = [c for c in verb.children if c.dep_ in (("dobj", "nsubjpass") if passive else ("dobj",))]
    if not objects and verb.dep_ == "conj" and not has_object(verb):
        objects = [c for c in verb.head.children if c.dep_ == "dobj"]  # "identify and use additional protections"
    return any(o.pos_ in ("NOUN", "PROPN") and o.i not in tagged for o in objects)


def has_object(verb: Token) -> bool:
    """True when the verb acts on something: a direct object, or a passive subject."""
    return any(c.dep_ in ("dobj", "nsubjpass") for c in verb.children)


def has_main_clause(doc: Doc) -> bool:
    """True when a sentence of the text is a clause with its own subject ("You can edit it in settings"), not a
    fragment ("Your name, which you give us", "Content you create")."""
    return any(not is_fragment(s) for s in doc.sents)


def is_fragment(sent: Span) -> bool:
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
    if subject is None or subject.lower_ not in USER_SUBJECTS | {"others"} or any(
            c.dep_ in ("dobj", "ccomp", "dative") and c.i > verb.i for c in verb.children):
        return False
    before = verb.doc[verb.sent.start:subject.left_edge.i]
    # verbs inside the fronted phrase describe its nouns ("Messages you send and receive, including ...")
    return (len(before) > 0 and before[0].pos_ not in _CLAUSE_OPENERS and before[0].tag_ != "PRP"
            and any(t.pos_ in ("NOUN", "PROPN", "ADJ") for t in before) and not any(t.text in ":;" for t in before)
            and not any((t.pos_ in ("VERB", "AUX") and t.dep_ not in _DESCRIBING_LINKS)
                        or (t.tag_ == "PRP" and t.head.dep_ not in _DESCRIBING_LINKS) for t in before))


def in_adverbial_clause(verb: Token) -> bool:
    """True for a verb in (or conjoined to a verb of) an adverbial clause opened by a conjunction: "Once we
    receive your request", "if we show you ads"."""
    for _ in range(6):
        if verb.dep_ == "advcl":
            return any(c.dep_ == "mark" or (c.dep_ == "advmod" and c.tag_ == "WRB") for c in verb.children)
        if verb.dep_ != "conj" or verb.head.i == verb.i:
            return False
        verb = verb.head
    return False


def names_data(sent: Span) -> bool:
    """True for a sentence that is a noun phrase ("Device signals", "Data you provide: your name"), not a clause
    nor an imperative ("Learn more about the technologies we use")."""
    return is_fragment(sent) and (sent.root.pos_ not in ("VERB", "AUX") or _fronted_object(sent.root))


def by_the_company(verb: Token) -> bool:
    """True when the verb's own subject is the company: "the categories of information we collected"."""
    return any(c.dep_ == "nsubj" and c.lower_ in ("we", "us") for c in verb.children)


def describes_a_noun(verb: Token) -> bool:
    """True for a verb that only describes a noun: a relative or participle clause ("identifiers collected from
    cookies", "information that you provide"), a participle before it ("Member provided data"), a fronted object's
    clause ("Content you create"), or a verb conjoined to or controlled by one ("features you choose to use")."""
    while verb.dep_ in ("conj", "xcomp") and verb.head.i != verb.i:
        verb = verb.head
    return verb.dep_ in ("relcl", "acl", "amod") or _fronted_object(verb)


def has_clause_subject(doc: Doc) -> bool:
    """True when some verb of the text has an explicit subject, i.e. it is a clause, not a fragment."""
    return any(t.dep_ in ("nsubj", "nsubjpass") and t.head.pos_ in ("VERB", "AUX") for t in doc)


def grammatical_subject(verb: Token) -> Token | None:
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
        if current.dep_ == "xcomp" and current.head.i != current.i:
            # object control: in "you authorise us to share it" and "we ask you to provide it" the one who
            # shares or provides is the controlling verb's object
            # and in "these companies are authorised to use it" it is the passive controlling verb's subject
            controller = next((c for c in current.head.children if c.dep_ in ("dobj", "dative", "nsubjpass")
                               and c.pos_ in ("PRON", "PROPN", "NOUN")), None)
            if controller is not None:
                return controller
        if current.dep_ in ("conj", "xcomp") and current.head.i != current.i:
            current = current.head
        elif current.dep_ == "advcl" and current.tag_ == "VBG" and not any(c.dep_ == "mark" for c in current.children):
            # "if you return to our site using the same browser": you use it
            return next((c for c in current.head.children if c.dep_ == "nsubj" and c.lower_ in USER_SUBJECTS),
                        None)
        else:
            return None
    return None


def addresses_the_reader(verb: Token) -> bool:
    """True for a verb without a subject of its own in an imperative sentence: in "Please read their
    policies before disclosing any personal information" it is the reader who would disclose. (A list item
    "Use this information to ..." continues its lead-in's subject instead; the caller leaves those out.)"""
    if grammatical_subject(verb) is not None:
        return False
    root = verb.sent.root
    # "Do not share your password": the imperative's only auxiliary is "do" with a negation
    return root.tag_ == "VB" and not any(
        c.dep_ in ("nsubj", "nsubjpass", "auxpass", "expl") or (c.dep_ == "aux" and c.lower_ != "do")
        for c in root.children)


def describes_data_given_by_user(verb: Token) -> bool:
    """'information you provide us', 'content you or others create or share', 'Messages you send': a relative
    clause whose subject includes the user describes data; it is not a practice of its own."""
    while verb.dep_ == "conj" and verb.head.i != verb.i and not any(c.dep_ == "nsubj" for c in verb.children):
        verb = verb.head
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return (verb.dep_ in ("relcl", "acl") or _fronted_object(verb)) and subject is not None and any(
        t.lower_ in USER_SUBJECTS for t in (subject, *subject.conjuncts))


def applies(verb: Token) -> bool:
    """ "This processing may not apply in your region", "these rights apply to you": "apply" without an object is
    being applicable, not applying something to data."""
    return verb.lemma_.lower() == "apply" and not has_object(verb)


def what_it_depends_on(span: Span) -> bool:
    """ "depending on your location", "depends on your settings": what a practice depends on is its condition, not
    the data it processes."""
    current = span.root
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head
    return (current.dep_ == "pobj" and current.head.lower_ == "on"
            and current.head.head.lemma_.lower() == "depend")


def modifies_a_thing(span: Span) -> bool:
    """ "each data transfer", "our location services": a data word that only modifies a noun which is neither data
    nor a party names a kind of thing (a transfer, a service), not data. (OPP-115's annotators read "cookie
    technology" and "credit card processing" as the data, so this only weighs a reading's confidence.)"""
    root = span.root
    if root.dep_ not in ("compound", "amod", "nmod") or root.head.i < span.end:
        return False
    head = root.head
    tagged = {s.root.i for family in ("pg_data", "pg_recipient") for s in span.doc.spans[family]}
    return head.pos_ == "NOUN" and head.i not in tagged


def names_the_data(span: Span, verb: Token) -> bool:
    """A condition word inside the data acted on names the data: "Subscriber information and opt-in consent will not
    be disclosed" discloses the record of consent; it is not disclosed on consent. (A conjoined verb acts on its
    first conjunct's phrase: "consent will not be shared or sold".)"""
    for phrase in (c for v in with_its_first_verb(verb) for c in v.children if c.dep_ in ("nsubjpass", "dobj")):
        current = span.root
        for _ in range(40):  # up to the data phrase, through no clause inside it ("information where required")
            if current.i == phrase.i or current.head.i == current.i or current.pos_ in ("VERB", "AUX"):
                break
            current = current.head
        if current.i == phrase.i:
            return True
    return False


def in_an_idiom(token: Token) -> bool:
    """ "Keep in mind that ...", "bear in mind" (attention, not keeping data), "laws that could give rise to an
    obligation" (causing, not giving data): a practice verb in an idiom states no practice."""
    lemma = token.lemma_.lower()
    if lemma in ("keep", "bear"):
        return any(c.dep_ == "prep" and c.lower_ == "in" and any(g.lower_ == "mind" for g in c.children)
                   for c in token.children)
    return lemma == "give" and any(c.dep_ == "dobj" and c.lower_ == "rise" for c in token.children)


def names_something(token: Token) -> bool:
    """A practice verb that is part of a name, not a verb of the sentence: a Title Case word inside the sentence
    ("Do Not Track", a "Do Not Sell My Personal Information" link) or "log in", "sign in"."""
    if token.i > token.sent.start and token.text.istitle() and token.doc[token.i - 1].text[:1].isupper():
        return True
    return any(c.dep_ == "prt" and c.lower_ in ("in", "on", "out", "into") for c in token.children) or (
        token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ in ("in", "into") and token.lower_ == "log")


def is_subject_of(span: Span, verb: Token) -> bool:
    """True when the span is the verb's subject or one of its conjuncts ("we or our advertisers may send")."""
    root = span.root
    while root.dep_ == "conj" and root.head.i != root.i:
        root = root.head
    return root.head.i == verb.i and root.dep_ in ("nsubj", "csubj")



#: Nouns for data, whose "about" phrase says what the data is about.
_DATA_NOUNS = {"information", "data", "details", "info", "records"}
#: Verbs of telling, whose "about" or "on" phrase is the topic of the message.
_TELLING_VERBS = {"update", "inform", "notify", "tell", "remind", "alert", "email"}


def names_a_topic(span: Span) -> bool:
    """A purpose word naming what data or a message is about, not what a practice is for: "information about the
    delivery of products", "information related to advertising you see", "update you on new features". (Data
    the purpose clause sends is its message: in "to send you information about our offers" the offers say what
    for.) So does a purpose word in an example of the data ("information (like whether people saw an ad)").
    """
    if _in_an_example_of_data(span):
        return True
    current = span.root
    for _ in range(8):
        if current.dep_ == "pobj":
            prep, owner = current.head, current.head.head
            if prep.lower_ in ("about", "regarding", "concerning", "on") and (
                    (owner.lower_ in _DATA_NOUNS and not _in_an_infinitive(owner))
                    or owner.lemma_.lower() in _TELLING_VERBS):
                return True
            if prep.lower_ == "to" and owner.lower_ in ("related", "relating") and owner.head.lower_ in _DATA_NOUNS:
                return True
            if prep.lower_ in ("for", "to"):
                return False  # a purpose phrase of its own: "data about your use of our services for fraud prevention"
        if current.dep_ not in ("pobj", "prep", "conj", "compound", "amod", "nmod", "appos") or (
                current.head.i == current.i):
            return False
        current = current.head
    return False


def _in_an_example_of_data(span: Span) -> bool:
    """True for a noun inside a "like", "including" or "such as" phrase giving examples of a data noun, with no
    phrase or clause of purpose between ("information (like whether you saw an ad)"; not "data such as cookies
    on our site for fraud prevention", nor a gerund: "such as analyzing usage trends")."""
    if span.root.pos_ not in ("NOUN", "PROPN"):
        return False
    for token in span.root.ancestors:
        if token.dep_ == "prep" and token.lower_ in ("like", "including", "as") and token.head.lower_ in _DATA_NOUNS:
            return True
        if (token.dep_ == "prep" and token.lower_ == "for") or (token.pos_ in ("VERB", "AUX") and (
                token.dep_ in ("relcl", "advcl", "xcomp") or any(c.dep_ == "aux" and c.lower_ == "to"
                                                                  for c in token.children))):
            return False
    return False


def _in_an_infinitive(token: Token) -> bool:
    """True when the word sits in a "to" clause: "(we use it) to send you information about offers"."""
    current = token
    for _ in range(6):
        if current.pos_ in ("VERB", "AUX"):
            return any(c.dep_ == "aux" and c.lower_ == "to" for c in current.children)
        if current.head.i == current.i:
            return False
        current = current.head
    return False


_EXCLUDING = re.compile(r"\b(?:other than|except(?: for)?|excluding|apart from|but not|not (?:for|including))\s+$",
                        re.I)


def set_aside(span: Span) -> bool:
    """A phrase set aside: in "Personalizing products other than ads" the section is not about ads, and
    "account information (excluding race or ethnicity)" names neither race nor, by the conjunction, ethnicity."""
    doc = span.doc
    starts = [span.start] + [t.i for t in span.root.conjuncts if t.i < span.start]
    return any(_EXCLUDING.search(doc[max(0, i - 3):i].text + " ") for i in starts)
