"""Whether a practice verb states what the company does, or only talks about a practice.

Policies name practices far more often than they state them. "You have the right to know what we collect,
share or sell", "this section explains how we use information", "you can ask us to delete your data", "we
cannot guarantee that information will not be accessed" and "'sale' means selling, renting ..." all contain
practice verbs, and none of them says that the company collects, shares or sells anything (while "the
information we collect, such as your name" does state one). Reading them as practices is the commonest way to
tell a user something the policy never said, so each frame below removes the verb from the statements of its
sentence. Each is a statement about English, not about one policy: the frame is found through the dependency
parse, by the words that govern the verb.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

#: Verbs of describing: "this section explains how we use it", "below we describe what we share". A practice
#: under them is described, whoever describes it, unless it is told to the company ("tell us", "inform us").
DESCRIBING_VERBS = {"explain", "describe", "outline", "detail", "walk", "summarize", "summarise", "tell", "inform",
                    "notify", "clarify", "discuss", "define"}
#: Verbs of definition, over a practice named without a subject: "'sale' means selling, renting, ...", "processing
#: refers to collecting, storing, ...". ("This means that we share it" has a subject, and states the practice.)
DEFINING_VERBS = {"mean", "refer", "encompass"}
#: Verbs of learning: "you have the right to know what we collect", "see how we share it", "learn more about
#: ...". A practice under them is talked about when the user (or the reader, with no subject) would learn it;
#: what the company learns ("cookies let us know which browser you use") it collects.
LEARNING_VERBS = {"know", "learn", "understand", "see", "find"}
#: Verbs of assurance and prevention: "we cannot guarantee that data will not be accessed", "to prevent your
#: data from being disclosed" speak of what might happen to data, not of what the company does.
ASSURANCE_VERBS = {"guarantee", "warrant", "prevent"}
#: Verbs by which the user asks for something: "you can ask us to delete it", "object to our processing".
REQUEST_VERBS = {"ask", "request", "object", "require", "instruct", "direct", "demand", "exercise", "withdraw",
                 "restrict", "limit", "opt"}
#: Verbs of the user's wishes and choices: "users who do not want their visits collected", "you can choose
#: whether we share it". The user's own act under them ("you may choose to provide your phone number") is
#: still the user giving data, so these count only over a practice that is not the user's own act; and a
#: wish the user can act on by opting out ("if you do not want us to share it, you may opt out") states the
#: practice as the default, with its opt-out. (Agreeing and consenting are not among them: "you agree that
#: your nickname may be displayed to other users" states the practice.)
CHOICE_VERBS = {"want", "wish", "prefer", "choose", "decide", "like"}
_OPT_OUT = re.compile(r"\bopt(?:-|\s)?out\b|\bunsubscribe\b", re.I)
#: Nouns of entitlement and choice: "the right to know what we collect", "settings to control what we share".
ENTITLEMENT_NOUNS = {"right", "rights", "option", "options", "choice", "choices", "ability", "control",
                     "controls", "setting", "settings"}
#: Rules said both ways: "rules about how they can and cannot use the information", "what we may and may not
#: share" describe what is allowed, and state neither the practice nor its denial.
_BOTH_WAYS = re.compile(r"\b(can|may|will|must|should)\s+(?:and|or)\s+(?:can ?not|can't|\1\s+not|won't|mustn't)\b",
                        re.I)
#: Words for data as what a copular sentence says its subject is: the clause on them states a practice.
_DATA_WORDS = {"information", "data", "details", "content", "records"}
#: Words for the policy itself as a subject: "This Policy applies to information we collect".
_POLICY_WORDS = {"policy", "statement", "notice", "section", "page", "table", "document"}
_USER_WORDS = {"you", "user", "users", "visitor", "visitors", "customer", "customers", "member", "members",
               "individual", "individuals", "consumer", "consumers", "they"}
#: The links through which a frame governs a verb: complements, not adverbial clauses.
_COMPLEMENTS = {"ccomp", "xcomp", "pcomp", "dobj", "pobj", "prep", "relcl", "acl"}
#: How far up the parse a frame may govern the verb; a sentence's frames sit within a few links of it.
_MAX_CLIMB = 8
#: A section that defines words: "Definitions", "Key terms", "Glossary", "What we mean by ...".
_DEFINITIONS_HEADING = re.compile(r"\b(?:definitions?|key terms|glossary|terms we use|what we mean)\b", re.I)


def under_definitions(heading_path: tuple[str, ...]) -> bool:
    """A sentence in a section that defines words ("Key terms > Personal information") says what a word means;
    it may name practices and technologies in passing ("information that you provide to us, such as your name")
    without stating that the company engages in them."""
    return any(_DEFINITIONS_HEADING.search(heading) for heading in heading_path)


def talked_about(verb: Token) -> str | None:
    """Why a practice verb is only talked about (a short reason), or None when the sentence states it.

    The verb is talked about when it is asked about ("how we use it", "how long we keep it"), when it gives the
    user a choice or control ("Tumblr gives you choices over which cookies we set"), when its modal is said both
    ways ("how they can and cannot use it"), when the sentence is about the policy ("This Policy applies to
    information we collect") or a right ("This right applies when we process ...") or gives the user a right
    ("You have the right to have your data erased when ... processed"), or when, walking up from it through its
    heads:
    - a verb asked about governs it ("how we use information collected from you");
    - a describing or learning verb governs it ("this section explains how we use it", "you have the right to
      know what we collect", "see how we share it");
    - a defining verb governs it without a subject of its own ("'sale' means selling ...");
    - an assurance or prevention verb governs it ("we cannot guarantee it will not be disclosed");
    - it sits in an indirect question ("we review whether the law allows us to keep it");
    - a noun of entitlement or choice governs it, unless the company holds it ("the right to delete", "settings
      to control what we share"; not "we reserve the right to share");
    - a verb of asking or choosing governs it whose subject is the user ("you can ask us to delete your data",
      "users who do not want their visits collected").
    An adverbial clause ends the walk: "if you do not want us to share it, you may opt out" states the sharing.
    """
    if _asks_how_or_why(verb):
        return "under 'how' or 'why'"
    if _supposed(verb):
        return "supposed under 'if'"
    if _gives_the_user_a_choice(verb):
        return "gives the user a choice"
    if _allowed_either_way(verb):
        return "what is allowed either way"
    root = verb.sent.root
    if root.i != verb.i and any(c.dep_ == "nsubj" and c.lower_ in _POLICY_WORDS for c in root.children):
        return "about the policy"
    if root.i != verb.i and _in_a_clause_of(verb, root) and any(
            c.dep_ == "nsubj" and c.lower_ in ("right", "rights") for c in root.children):
        return "about a right"  # "This right applies when we are processing your data for research"
    if root.i != verb.i and _states_a_users_right(root):
        return "a sentence about the user's right"
    current, via_conjunct = verb, False
    for _ in range(_MAX_CLIMB):
        head = current.head
        if head.i == current.i or current.dep_ == "advcl":
            return None  # an adverbial clause ("if you do not want us to share it, ...") is governed by no frame
        lemma = head.lemma_.lower()
        # "we review whether an exception allows us to keep it"; not "we check whether you are logged in and then
        # collect your IP address", where the parser hangs the main clause on the question as a conjunct
        if not via_conjunct and any(c.dep_ == "mark" and (c.lower_ == "whether" or (
                c.lower_ == "if" and current.dep_ == "ccomp")) for c in current.children):
            return "an open question"
        via_conjunct = via_conjunct or current.dep_ == "conj"
        if head.pos_ in ("VERB", "AUX"):
            if _asks_how_or_why(head) and current.dep_ not in ("ccomp", "conj"):
                # "the ways in which we use information collected from you": the data's clause, not a clause the
                # parser hung on a quoted title ("to do the things described in 'How do we use your data?'")
                return f"under how we '{head.text}'"
            if lemma in DEFINING_VERBS and not any(c.dep_ in ("nsubj", "nsubjpass") for c in verb.children):
                return f"defined by '{head.text}'"  # "'Sale' means selling, renting, disclosing ..."
            if current.dep_ in _COMPLEMENTS and ((lemma in DESCRIBING_VERBS and not _told_to_us(head))
                                                 or (lemma in LEARNING_VERBS and not _learnt_by_us(head))):
                return f"under '{head.text}'"
            if lemma in ASSURANCE_VERBS and current.dep_ in ("ccomp", "xcomp", "advcl", "pcomp", "prep"):
                return f"under '{head.text}'"
            if lemma in REQUEST_VERBS and _users_verb(head):
                return f"the user's '{head.text}'"
            if (lemma in CHOICE_VERBS and _users_verb(head) and not _users_own_act(verb)
                    and not _OPT_OUT.search(verb.sent.text)):
                return f"the user's '{head.text}'"
        elif (head.lower_ in ENTITLEMENT_NOUNS and current.dep_ in ("acl", "relcl", "prep", "pcomp", "xcomp")
              and not _companys_own(head)):
            return f"under '{head.text}'"
        current = head
    return None


def _in_a_clause_of(verb: Token, root: Token) -> bool:
    """True when the verb sits in an adverbial clause ("when", "if", "where") of the root: "This right applies when
    we process ..." (not "Your rights depend on where you live, and we share your data", a clause of its own)."""
    current = verb
    for _ in range(_MAX_CLIMB):
        if current.dep_ == "advcl" and current.head.i == root.i:
            return True
        if current.head.i == current.i or current.dep_ == "conj" and current.head.i == root.i:
            return False
        current = current.head
    return False


#: Verbs of coming to know: "if we learn that we have collected ...", "if you become aware that ...".
KNOWING_VERBS = {"learn", "discover", "find", "know", "believe", "suspect", "determine", "notice", "realize",
                 "realise", "become", "be", "think"}
_SUPPOSING_MARKS = {"if", "unless", "should"}


def _conditional(token: Token) -> bool:
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in _SUPPOSING_MARKS for c in token.children)


def _supposed(verb: Token) -> bool:
    """ "If we learn that we have collected information from a child, we will delete it", "If you become aware that
    your child has provided us with information, contact us": a practice in what an "if" clause supposes someone
    comes to know is a supposition, not a practice the policy states. (The parser sometimes hangs the "if" clause
    on the practice itself: "If we learn that information has been collected, we will delete it".)"""
    current = verb
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head
    if current.dep_ == "ccomp":
        head = current.head
        if head.dep_ == "acomp":  # "become aware that ..."
            head = head.head
        if _conditional(head) and head.lemma_.lower() in KNOWING_VERBS:
            return True
    return any(_conditional(c) and c.lemma_.lower() in KNOWING_VERBS and c.i < current.i
               and not any(g.dep_ in ("ccomp", "dobj", "xcomp", "acomp") for g in c.children)
               and any(t.lower_ == "that" for t in current.doc[c.i + 1:current.i]) for c in current.children)


#: Verbs saying that something varies: "The information we collect depends on how you use our products".
VARYING_VERBS = {"depend", "vary", "differ", "change"}


def what_varies(verb: Token) -> bool:
    """ "The information we collect and process depends on how you use our products", "the information processed
    will vary": the clause only describes what varies; the sentence states no practice (the list or the
    sentences after it do, and a lead-in such as "The information we use depends on ..., but could include:" still
    gives its items the practice)."""
    current = verb
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head
    # "The information Google collects ... depends on ...": the clause is the subject (or read as a complement
    # before its verb)
    if current.dep_ in ("nsubj", "csubj") or (current.dep_ == "ccomp" and current.i < current.head.i):
        return current.head.lemma_.lower() in VARYING_VERBS and not _says_what_it_includes(current.head)
    if current.dep_ not in ("relcl", "acl"):
        return False
    noun = current.head
    while noun.dep_ == "conj" and noun.head.i != noun.i:
        noun = noun.head
    return (noun.dep_ in ("nsubj", "nsubjpass") and noun.head.lemma_.lower() in VARYING_VERBS
            and not _says_what_it_includes(noun.head))


def _says_what_it_includes(varying: Token) -> bool:
    """ "... will depend on your activity, but usually will include your profile information", "... but could
    include any of the following:": the sentence goes on to name the data, or the list that does, and so states the
    practice."""
    data = {s.root.i for s in varying.doc.spans.get("pg_data", [])}
    return any(c.dep_ == "conj" and c.lemma_.lower() in ("include", "contain", "comprise")
               and any(t.i in data or t.lower_ == "following" for t in c.subtree) for c in varying.children)


def defines_its_subject(verb: Token) -> bool:
    """ "Cookies are small text files that are sent to your browser": a clause inside what a copular sentence
    says its subject is defines the subject ("Log data is information that is collected when you use the app"
    still says what is collected). A definition reads as a practice to some readers (OPP-115's annotators label
    it collection) and as none to others, so statements keep it as a tentative reading."""
    root = verb.sent.root
    if root.lemma_ != "be" or not any(c.dep_ == "nsubj" for c in root.children):
        return False
    current = verb
    for _ in range(_MAX_CLIMB):
        if current.dep_ in ("relcl", "acl") and current.head.dep_ == "attr" and current.head.head.i == root.i:
            # "Log data is information that is collected when you use the app" says what is collected
            return current.head.lower_ not in _DATA_WORDS
        if current.head.i == current.i:
            return False
        current = current.head
    return False


def _gives_the_user_a_choice(verb: Token) -> bool:
    """ "We give you choices over cookies", "your browser may give you the ability to refuse them", "we provide
    you with controls", "we do not provide these access rights for business contacts": what passes to the user is
    a choice or a right, not data ("we may provide your settings to partners" passes the user's own settings)."""
    objects = [c for c in verb.children if c.dep_ in ("dobj", "dative")]
    entitlements = [o for o in objects if o.lower_ in ENTITLEMENT_NOUNS] + [
        g for c in verb.children if c.dep_ == "prep" and c.lower_ == "with" for g in c.children
        if g.lower_ in ENTITLEMENT_NOUNS]
    to_you = any(o.lower_ == "you" for o in objects)
    # with no "you", only rights are granted ("we do not provide these access rights"); settings, options and
    # controls may be data ("we collect device settings")
    return bool(entitlements) and (to_you or any(e.lemma_.lower() == "right" and not any(
        c.dep_ == "poss" and c.lower_ in ("your", "their", "his", "her") for c in e.children) for e in entitlements))


def _allowed_either_way(verb: Token) -> bool:
    """True when the verb (or the verb it is conjoined to) takes a modal said both ways: "rules about how they
    can and cannot use and disclose it". Other verbs of the sentence ("we sell it to advertisers and tell them
    what they may and may not do") are unaffected."""
    match = _BOTH_WAYS.search(verb.sent.text)
    if match is None:
        return False
    start = verb.sent.start_char + match.start()
    end = verb.sent.start_char + match.end()
    if verb.dep_ in ("relcl", "acl"):
        return True  # "the information we provide" describes what the rules are about
    modals = [t for t in verb.sent if start <= t.idx < end and t.tag_ == "MD"]
    heads = {verb.i, *(c.i for c in verb.conjuncts)}
    # a modal is the auxiliary of its verb, or (misparsed) stands for it
    return any((m.dep_ == "aux" and m.head.i in heads) or m.i in heads for m in modals)


def _companys_own(noun: Token) -> bool:
    """ "We reserve the right to share it", "we have the option to use it": an entitlement the company holds is
    a practice it may carry out."""
    verb = noun.head
    return verb.lemma_.lower() == "reserve" or any(c.dep_ == "nsubj" and c.lower_ == "we" for c in verb.children)


def _states_a_users_right(root: Token) -> bool:
    """ "You have the right to have your data erased if it is no longer necessary for the purposes for which it
    was processed", "you may object to ...": a sentence whose main clause gives the user a right or a request
    speaks of the practices in it only to define the right."""
    if not _users_verb(root):
        return False
    lemma = root.lemma_.lower()
    # opting out ("if you do not want us to share it, you may opt out") presumes the practice: it is stated
    return (lemma in REQUEST_VERBS and lemma != "opt") or (lemma == "have" and any(
        c.dep_ == "dobj" and c.lower_ in ENTITLEMENT_NOUNS for c in root.children))


def _told_to_us(verb: Token) -> bool:
    """ "Cookies tell us which browser is used": what the company is told, it learns."""
    return any(c.dep_ in ("dobj", "dative") and c.lower_ == "us" for c in verb.children)


def _learnt_by_us(verb: Token) -> bool:
    """ "Cookies let us know which browser you use", "we learn which pages you visit": the company learns."""
    return any(c.dep_ == "nsubj" and c.lower_ in ("we", "us") for c in verb.children)


def _asks_how_or_why(verb: Token) -> bool:
    """A verb (or the first of conjoined verbs) modified by "how" or "why", or describing "the ways" of doing it:
    "this policy explains how we collect, use and share your information", "questions about how we use it", "if
    we change the ways in which we use it"."""
    current = verb
    for _ in range(4):
        if any(c.dep_ == "advmod" and (c.lower_ in ("how", "why") or any(g.lower_ == "how" for g in c.children))
               for c in current.children):
            return True  # "how we use it", "how long we keep it"
        if current.dep_ == "relcl" and current.head.lemma_.lower() in ("way", "manner"):
            return True  # "if we change the ways in which we use your information", "the manner we share it"
        if current.dep_ != "conj":
            return False
        current = current.head
    return False


def _users_own_act(verb: Token) -> bool:
    """True when the practice verb has no subject of its own (it is the controlling verb's subject's act, as in
    "you choose to share") or its subject is the user."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None:
        return not any(c.dep_ == "auxpass" for c in verb.children) and verb.tag_ != "VBN"
    return subject.dep_ == "nsubj" and subject.lower_ in _USER_WORDS


def _users_verb(verb: Token) -> bool:
    """True when the verb's subject (or the subject of the verb it is conjoined to or controlled by) is the user."""
    current = verb
    for _ in range(4):
        subject = next((c for c in current.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None and subject.lower_ in ("who", "that") and current.dep_ == "relcl":
            subject = current.head  # "users who do not want ...": the users
        if subject is not None:  # "you are asked to provide" is the company asking
            return subject.dep_ == "nsubj" and subject.lower_ in _USER_WORDS and not any(
                c.lower_ == "other" for c in subject.children)  # "other users" are not the reader
        if current.dep_ not in ("conj", "xcomp", "advcl") or current.head.i == current.i:
            return False
        current = current.head
    return False
