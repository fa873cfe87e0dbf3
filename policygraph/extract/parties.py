"""Who acts and who receives: the actor of a practice, the parties data goes to, parties engaged to work for the
company, and the user's own audiences and devices, which are not recipients."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType

from spacy.tokens import Doc, Span, Token

from policygraph.extract.clauses import EXAMPLE_PREPOSITIONS, USER_SUBJECTS, first_conjunct
from policygraph.ontology.lexicon import get_lexicon
from policygraph.records import Segment

#: Capitalised words policies use for the site itself, which the parser may take for an organisation.
SITE_WORDS = {"services", "service", "site", "sites", "website", "websites", "company", "app", "apps", "terms",
              "policy", "user", "users", "member", "members", "content", "contents", "property"}
_COMPANY_OWNERS = {"our", "its", "their"}
_COMPANY_WORDS = {"affiliate", "affiliates", "subsidiary", "subsidiaries", "company", "companies", "corporation",
                  "entity", "entities", "group"}


def is_a_persons_parent(span: Span) -> bool:
    """A bare "parent" names the parent company only as "our / its parent" or beside affiliates and
    subsidiaries; "the child's parent", "parents or guardians" are people."""
    if span.label_ != "ParentCompany" or span.text.lower() not in ("parent", "parents"):
        return False
    root = span.root
    return not (any(c.dep_ == "poss" and c.lower_ in _COMPANY_OWNERS for c in root.children)
                or any(c.lower_ in _COMPANY_WORDS for c in root.conjuncts))


#: Verbs that, with a party as object, mean the party works for the company: "we employ other companies to
#: deliver packages", "we use third-party advertising companies to serve ads", "we may retain service
#: providers", "we partner with ValueClick". The party handles users' data on the company's behalf, which
#: OPP-115 and DPV treat as sharing with that party, whatever the verb's own sense ("use" data, "retain" data).
_ENGAGING_VERBS = {"employ", "hire", "engage", "use", "utilize", "utilise", "retain", "contract", "partner",
                   "work"}
_TOOL_VERBS = {"use", "utilize", "utilise", "retain"}
_ENGAGING_PREPOSITIONS = {"contract": "with", "partner": "with", "work": "with"}


def engaged_parties(verb: Token) -> list[Token]:
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
    return token.ent_type_ in ("ORG", "PRODUCT") and token.pos_ == "PROPN" and token.lower_ not in SITE_WORDS


#: People "they" can stand for besides the company and its partners: users, and the user's friends, followers and
#: contacts ("a list of your friends ... They can't access ..." is not the company's practice).
_THIRD_PERSON_USERS = USER_SUBJECTS - {"you"} | {"friends", "followers", "contacts"}


def antecedent(pronoun: Token) -> str:
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


def describes_a_party(verb: Token) -> bool:
    """ "service providers that help us operate our website and analyze data": a relative clause on a party
    says what the party does or is for, not a practice of the company. (Data the company collects described
    by a clause, "the information we collect", is not a party.)"""
    current = verb
    for _ in range(6):
        if current.dep_ == "relcl":
            head = current.head
            return any(s.root.i == head.i and s.label_ not in ("FirstParty", "Recipient")
                       for s in verb.doc.spans["pg_recipient"])
        if current.dep_ not in ("conj", "xcomp", "ccomp") or current.head.i == current.i:
            return False
        current = current.head
    return False


def on_behalf_of(span: Span) -> bool:
    """'offers on behalf of our partners and their affiliates': the parties the action serves, not recipients."""
    current = span.root
    while current.dep_ == "conj" and current.head.i != current.i:
        current = current.head  # the parser may attach later parties to "behalf" itself
    return current.lower_ == "behalf" or (current.dep_ == "pobj" and current.head.lower_ == "of"
                                          and current.head.head.lower_ == "behalf")


#: Links by which a name modifies a noun ("the Meta Companies", "a Kaleida Health charitable foundation").
_NAME_MODIFIERS = {"compound", "nmod"}
_GROUP_WORDS = {"companies", "affiliates", "entities", "group"}


def own_party(span: Span, own_names: frozenset[str]) -> str | None:
    """The company itself or its group, when a party is named by the policy's own brand: "Google" is the company,
    "outside of Google" are third parties, and "the Meta Companies" are affiliates."""
    root = span.root
    if root.dep_ in _NAME_MODIFIERS:  # the name modifies a noun: "the Meta Companies", "a Meta charitable foundation"
        if root.lower_ in own_names and root.head.lower_ in _GROUP_WORDS:
            return "Affiliate"
        if root.lower_ in own_names and not names_another_body(root):
            return "FirstParty"  # "on Google services", "a Google Doodle": the company's own offerings
        return None  # another body named after the company
    if root.lower_ in own_names and root.pos_ == "PROPN":
        outside = root.dep_ == "pobj" and (root.head.lower_ == "outside" or (
            root.head.lower_ == "of" and root.head.head.lower_ == "outside"))
        return "ThirdParty" if outside else "FirstParty"  # "outside of Google": anyone but the company
    named = any(c.dep_ == "compound" and c.lower_ in own_names for c in root.children)
    return "Affiliate" if named and root.lower_ in _GROUP_WORDS else None


def named_recipients(verb: Token, own_names: frozenset[str] = frozenset()) -> list[str]:
    """Organisations named as recipients ('with Google Analytics', 'to PayPal', 'we employ Acme'): spaCy
    ORG/PRODUCT entities inside a 'with'/'to' phrase of the verb or a party it engages ('other companies,
    such as PointRoll')."""
    phrases = [c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("with", "to")] + engaged_parties(verb)
    return ["NamedThirdParty" for phrase in phrases if any(
        _is_named_organisation(t) and not (t.lower_ in own_names and not names_another_body(t))
        and not names_a_group_company(t) for t in _party_words(phrase))]


#: Parties of the company's own group: a name given for one of them is no third party's.
_GROUP_PARTIES = {"Affiliate", "ParentCompany", "Subsidiary"}


def names_a_group_company(name: Token) -> bool:
    """ "our parent company, Microsoft", "Instagram, our affiliate": a name in apposition with a word for a company
    of the group names that company, which is no third party."""
    partners = [name.head] if name.dep_ == "appos" else []
    partners += [c for c in name.children if c.dep_ == "appos"]
    return any(s.label_ in _GROUP_PARTIES and any(s.start <= p.i < s.end for p in partners)
               for s in name.doc.spans["pg_recipient"])


#: Nouns a company's own name makes its own offering: "Google services", "Acme products", "the Acme app".
_OFFERING_WORDS = SITE_WORDS | {"product", "products", "feature", "features", "platform", "platforms", "account",
                                "accounts", "homepage", "tools", "technologies", "engine", "assistant"}


#: Bodies of their own that carry a company's name: "the Acme Foundation", "a Kaleida Health charitable foundation".
_BODY_WORDS = {"foundation", "fund", "trust", "institute", "university", "school", "hospital", "charity"}


def names_another_body(name: Token) -> bool:
    """The company's own name modifying a noun that names another body ("the Acme Foundation", "a Kaleida Health
    charitable foundation"); modifying one of its offerings or product names ("Google services", "Google Play")
    it is still the company's own."""
    head = name.head
    return name.dep_ in (*_NAME_MODIFIERS, "poss") and (head.lower_ in _BODY_WORDS or (
        head.pos_ != "PROPN" and head.lower_ not in _OFFERING_WORDS))  # "Acme's service providers" too


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


def reads_as_a_name(token: Token) -> bool:
    """A name the tagger took for a common noun: a domain ("Sci-News.com") or a capitalised singular noun with
    no determiner ("Groundspeak uses cookies"); an English count noun in the singular takes one ("the provider")."""
    return "." in token.text.strip(".") or (token.tag_ == "NN" and token.text[:1].isupper()
                                            and not any(c.dep_ in ("det", "poss") for c in token.children))


def given_to_others(verb: Token) -> bool:
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
    return (verb.lemma_.lower() in _PUBLISHING_VERBS and not given_to(verb, "us")
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


def given_to(verb: Token, pronoun: str) -> bool:
    """True when the verb's indirect object is ``pronoun``: "send you", "give us", "provide to us", "share
    with us"."""
    for child in verb.children:
        if child.dep_ in ("dative", "dobj") and child.lower_ == pronoun:
            return True
        if child.dep_ in ("prep", "dative") and child.lower_ in ("to", "with") and any(
                g.dep_ == "pobj" and g.lower_ == pronoun for g in child.children):
            return True
    return False


#: The user's verb of sending something on, which needs the company named as the one sent to before it says that
#: the company receives it.
_SENDING_VERBS = {"send"}
#: What a user shares "on" when sharing with other users: the service and its places.
_SHARED_ON = {"product", "service", "platform", "app", "site", "website", "feed", "profile", "story", "network"}


def passed_among_users(verb: Token) -> bool:
    """True for the user's sending that names no one sent to ("On our Products, you can send messages, take
    photos"), and for sharing "on" the service ("You can choose to share information on our Products"): that is
    the user's communication on the service, not data the company collects; "you can send us your contacts" and
    "share it with us" say the company receives it ("you can decide to share your location" is left as it is)."""
    if any(given_to(v, "us") for v in (verb, *verb.conjuncts)):
        return False
    lemma = verb.lemma_.lower()
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return lemma in _SENDING_VERBS or (lemma == "share" and any(  # the parser hangs "on" on the verb or its object
        c.dep_ == "prep" and c.lower_ == "on" and any(g.dep_ == "pobj" and (g.pos_ == "PROPN" or g.lemma_.lower()
                                                                           .removesuffix("s") in _SHARED_ON)
                                                     for g in c.children)
        for t in (verb, *objects) for c in t.children))


#: What a user gives that is an assent, not data: "you have given your consent for processing".
_ASSENT_NOUNS = {"consent", "permission", "authorization", "authorisation", "approval", "agreement"}


def gives_consent(verb: Token) -> bool:
    """True for the user's giving of consent or permission ("Consent: You have given your consent for processing
    Personal Data for one or more specific purposes", "you give us permission to access your camera"): a legal
    basis or an opt-in, not data the user hands over; the data it names is what the consent is about."""
    return any(c.dep_ == "dobj" and c.lemma_.lower() in _ASSENT_NOUNS for c in verb.children)


_USER_ENDPOINTS = {"you", "your", "computer", "browser", "device", "devices", "hard", "drive", "phone", "machine"}


def sent_to_the_user(verb: Token) -> bool:
    """True when the 'to'/'with'/'on'/'in' phrase of the verb points at the user or their own device."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ in ("to", "with", "on", "in"):
            objects = [t for t in prep.children if t.dep_ == "pobj"]
            if objects and all(o.lower_ in _USER_ENDPOINTS for o in objects):
                return True
    return False


def on_the_users_device(verb: Token) -> bool:
    """True when the verb's phrase places what it stores on the user's own device ("identifiers stored in
    cookies on your device")."""
    return any(t.lower_ in _USER_ENDPOINTS - {"you", "your"} and t.head.dep_ == "prep"
               and t.head.lower_ in ("on", "in") and any(c.lower_ == "your" for c in t.children)
               for t in verb.subtree)


_OTHER_ROLES = {"from", "of", "by", "about", "against", "for", "behalf", "through", "via"}


def in_a_party_description(span: Span) -> bool:
    """True for data named in a clause describing a party: in "shared with service providers who assist us in
    delivering SMS messages", the messages are what the providers handle, not the information shared."""
    parties = {s.root.i for s in span.doc.spans["pg_recipient"] if s.label_ not in ("FirstParty", "Recipient")}
    current = span.root
    while current.head.i != current.i:
        if current.dep_ in ("relcl", "acl") and current.head.i in parties:
            return True
        current = current.head
    return False


def in_other_role(span: Span) -> bool:
    """A party in a "from", "of", "by" or "about" phrase is a source or an owner, and one in a "through" phrase a
    means, not a recipient: "offers from our advertisers", "the interests of users and third parties",
    "information about our partners", "we show you ads directly or through partners"; the public is no party
    when it only describes the data."""
    current = span.root
    for _ in range(8):
        # up from a conjunct, or from an example to the noun it is an example of: "from public sources, such as
        # news reports and government agencies" names a source
        current = first_conjunct(current)
        if current.dep_ != "pobj":
            break
        if current.head.lower_ in _OTHER_ROLES:
            return True
        if current.head.lower_ not in EXAMPLE_PREPOSITIONS or current.head.head.pos_ not in ("NOUN", "PROPN"):
            break
        current = current.head.head
    return _a_quality_of_the_data(span)


def _a_quality_of_the_data(span: Span) -> bool:
    """ "Publicly accessible information", "publicly available data": the public as a word describing a noun says
    what the data is, not whom it goes to ("we make your posts publicly available" does)."""
    if span.label_ != "Public":
        return False
    root = span.root.head if span.root.dep_ == "advmod" else span.root
    return root.dep_ == "amod" and root.head.pos_ in ("NOUN", "PROPN")


#: Nouns for organisations: "These include providers of ...", "partners such as ...".
PARTY_NOUNS = {"provider", "partner", "vendor", "company", "processor", "party", "advertiser", "affiliate",
               "contractor", "supplier", "agency", "organization", "organisation", "business", "publisher"}


def names_a_party(doc: Doc) -> bool:
    """True when the text names a party other than the company ("Information from our trusted partners")."""
    return any(s.label_ not in ("FirstParty", "Recipient") for s in doc.spans["pg_recipient"])


@lru_cache(maxsize=1)
def recipient_forms() -> Mapping[str, str]:
    """The lexicon's surface forms of recipients, each with its term (read once; read-only, as every caller shares
    it)."""
    return MappingProxyType(get_lexicon().surface_forms("recipient"))


@lru_cache(maxsize=1)
def _forms_longest_first() -> tuple[str, ...]:
    return tuple(sorted(recipient_forms(), key=len, reverse=True))


def label_recipient(segment: Segment, own_names: frozenset[str] = frozenset()) -> str | None:
    """The recipient named by a paragraph label such as 'Affiliates – ...' or 'Our service providers – ...' (not
    the company's own name: "Google Privacy Policy" names no recipient in Google's policy)."""
    if not segment.heading_path:
        return None
    label = segment.heading_path[-1].lower()
    forms = recipient_forms()
    for form in _forms_longest_first():
        if (re.search(rf"\b{re.escape(form)}\b", label) and forms[form] not in ("FirstParty", "Recipient")
                and form not in own_names):  # a title "Recipients" names no kind of recipient
            return forms[form]
    return None
