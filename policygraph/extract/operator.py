"""The operator of a policy (the brand users know and the legal entity behind it) and the policy's dates.

Both are read from plain text: Markdown markup that may still be in a document's text (``**``, ``#``,
setext underlines, ``[text](url)``) is stripped here first, so the rules work on either form.

The brand is chosen among candidate names found by common phrasings ("X ("we", "us")", "Welcome to X",
"X Privacy Policy", "the X app", "© 2025 X Inc."...), each phrasing with a weight, plus how often the text
uses the name as the subject or possessive of a sentence ("X may collect", "X's use of cookies"). Names a
policy mentions only in passing (a third party, a regulator, a processor) are no candidates, because none of
the phrasings introduces them as the policy's own. The legal entity is a name with a company suffix that the
text introduces as itself, its operator or its controller. A contact e-mail's domain is the last resort.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

# --- plain text ---

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_HEADING_MARK = re.compile(r"^[ \t]*#{1,6}[ \t]*", re.M)
_RULE_LINE = re.compile(r"^[ \t]*(?:={2,}|-{2,}|\*{3,}|_{3,})[ \t]*$", re.M)
_EMPHASIS = re.compile(r"\*\*|__|(?<![\w*])[*_](?=[^\s*_])|(?<=[^\s*_])[*_](?![\w*])")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_BREAK = re.compile(r"<br\s*/?>", re.I)


def plain_text(text: str) -> str:
    """``text`` without Markdown markup: link texts without their URLs, no heading marks, underlines,
    emphasis or backslash escapes; line structure is kept (headings stay lines of their own)."""
    text = _LINK.sub(r"\1", text)
    text = _BREAK.sub("\n", text)
    text = _HEADING_MARK.sub("", text)
    text = _RULE_LINE.sub("", text)
    text = _EMPHASIS.sub("", text)
    return _ESCAPE.sub(r"\1", text).replace("\xa0", " ")


# --- names ---

# A name token starts with a capital or a digit ("Kpopmart.com", "TRUTH+", "3M") or is camel-cased
# ("eBay"); dots and hyphens are allowed inside it, never at its end, so a sentence's full stop is not taken.
_TOKEN = r"(?:[A-Z0-9]|[a-z](?=[A-Z]))[\w&+-]*(?:\.[\w&+-]+)*\+?"
_NAME = rf"{_TOKEN}(?: (?:& )?{_TOKEN}){{0,4}}"
_SUFFIX = (r"(?:Unlimited Company|Company Limited|Co\.,? ?Ltd\.?|Pte\.? Ltd\.?|Pty\.? Ltd\.?|Private Limited|"
           r"Limited|Ltd\.?|Incorporated|Inc\.?|L\.L\.C\.|LLC|LLP|L\.P\.|Corp\.?|Corporation|GmbH|AG|S\.A\.S\.?|"
           r"SAS|S\.à r\.l\.|S\.A\.R\.L\.|SARL|S\.A\.|S\.L\.|S\.p\.A\.|S\.r\.l\.|B\.V\.?|BV|N\.V\.|plc|PLC|"
           r"A/S|ApS|Oy|AB|K\.K\.)(?![\w-])")
_ENTITY = rf"{_NAME},? {_SUFFIX}"
_SUFFIX_END = re.compile(rf",? {_SUFFIX}$")

#: words that are no name of their own: pronouns, generic nouns a policy capitalises, sentence openers.
_GENERIC = frozenset("""
a an the this that these those our your their its we us you they it he she if in on at for to and or of by as
with from when where what how who which why all any each some such please note company companies corporation
privacy policy policies notice statement terms service services site sites website websites app apps application
platform platforms product products user users member members customer customers visitor visitors account
information data personal introduction overview summary contents table effective updated last date version
welcome thank thanks section article chapter appendix annex controller processor group affiliates affiliate
here there today now new our us inc llc ltd limited
""".split())
#: words qualifying a policy title that are no part of the brand ("LinkedIn European Regional Privacy Notice").
_TITLE_QUALIFIERS = frozenset("""
european regional supplemental supplementary global online web website site mobile app apps customer customers
consumer consumers member members user users employee employees applicant candidate children's children kids
us u.s. uk eu eea california canada canadian international updated full short combined general data cookie
health services service platform products product and & notice of for
""".split())
#: names ending with one of these words are a tool or store of another company ("Google Analytics",
#: "Apple App Store", "Meta Pixel"), never the operator of the policy.
_TOOL_WORDS = re.compile(r"\b(?:Analytics|Ads|AdSense|AdMob|Pixel|SDK|Store|Play|Pay|Tag Manager|Manager|Cloud|"
                         r"Login|Connect|Maps|reCAPTCHA|Tracking)$")
_REGION_WORDS = frozenset("""
ireland europe european eu uk usa us america americas international global asia pacific emea germany france
netherlands switzerland singapore japan india canada australia brazil china hong kong korea luxembourg
""".split())


def clean_name(name: str) -> str | None:
    """A candidate name without a leading article, surrounding punctuation or a trailing generic word; None
    when nothing name-like is left."""
    name = re.sub(r"\s+", " ", name).strip(" ,:;\"'“”‘’()*#_")
    name = name if _SUFFIX_END.search(name) else name.rstrip(".")
    name = re.sub(r"^(?:the|The|THE|our|Our)\s+", "", name)
    words = name.split(" ")
    while words and words[-1].lower().strip(".") in _GENERIC and not _SUFFIX_END.search(" ".join(words)):
        words.pop()
    name = " ".join(words)
    if not name or name.lower() in _GENERIC or words[0].lower() in _GENERIC or len(name) > 60:
        return None
    if _TOOL_WORDS.search(name):
        return None
    return name


def name_key(name: str) -> str:
    """The form two spellings of one name share: "Kpop Mart", "Kpopmart.com" and "KPOPMART" -> "kpopmart"."""
    name = re.sub(r"\.(?:com|net|org|io|co|tv|app|ai|me|info|us|uk|de|fr)$", "", name.lower())
    return re.sub(r"[^0-9a-z]", "", name)


def brand_of_entity(entity: str, text: str) -> str:
    """The brand a legal entity names: without its suffix and region words, then the shortest leading part
    of it the text uses on its own ("Meta Platforms Ireland Limited" -> "Meta Platforms" -> "Meta")."""
    words = _SUFFIX_END.sub("", entity).split(" ")
    while len(words) > 1 and words[-1].lower() in _REGION_WORDS:
        words.pop()
    for size in range(1, len(words)):
        prefix = " ".join(words[:size])
        if (len(prefix) > 1 or size == len(words)) and _standalone_uses(prefix, " ".join(words[:size + 1]),
                                                                        text) >= 2:
            return prefix
    return " ".join(words)


def _standalone_uses(prefix: str, longer: str, text: str) -> int:
    """How often ``prefix`` occurs as a whole name that does not continue into ``longer``."""
    pattern = re.compile(rf"(?<![\w.@/-]){re.escape(prefix)}(?![\w@-]|\.\w)")
    return sum(1 for m in pattern.finditer(text) if not text.startswith(longer, m.start()))


# --- candidates ---

@dataclass(frozen=True)
class Candidate:
    """A name a phrasing introduces as the policy's own: ``weight`` says how surely, ``position`` where."""

    name: str
    weight: float
    position: int
    entity: bool = False
    phrasing: str = ""


#: how surely each phrasing names the policy's own brand.
STRONG, MEDIUM, WEAK = 3.0, 2.0, 1.0
_WE = r"(?:we|us|our|the company|company|hereinafter)"
_QUOTE = r"[\"“”'‘’]"
_WE_PARENS = re.compile(rf"\(([^()]{{0,240}}?{_QUOTE}\s*{_WE}\b[^()]{{0,120}}|\s*hereinafter[^()]{{0,120}})\)", re.I)
_ALIAS = re.compile(rf"{_QUOTE}\s*({_NAME})\s*,?\s*{_QUOTE}")
_SELF_DEFINED = re.compile(
    rf"(?<![\w.])\(?({_ENTITY}|{_NAME})\)?,?(?: (?:and|together with|with) (?:its|their) [a-z ,]{{0,40}}?)?"
    rf"(?:,? (?:an?|the) [\w -]{{0,30}}? company,?)? ?(?=\()")
_WE_COMMA = re.compile(rf"\b[Ww]e, ({_ENTITY}|{_NAME}),")
_OPERATING_AS = re.compile(rf"({_ENTITY}),? (?:operating|doing business|trading) as ({_NAME})")
_VERBS_BY = r"(?:provided|operated|owned|run|offered|published|managed|maintained|controlled)"
_BY = rf"{_VERBS_BY}(?:,? (?:and |or )?{_VERBS_BY})* by \(?(?:the )?"
_IS_OPERATED_BY = re.compile(rf"(?<![\w.])({_NAME}) (?:is|are) (?:a [\w -]{{0,40}}? )?{_BY}({_ENTITY}|{_NAME})")
_SCOPE_BY = re.compile(rf"(?i:\b(?:the|this|our) (?:services?|sites?|websites?|apps?|applications?|platforms?|"
                       rf"products?)) (?i:is|are) {_BY}({_ENTITY}|{_NAME})")
_ENTITY_BY = re.compile(rf"{_BY}({_ENTITY})")
_WELCOME = re.compile(rf"\b(?:Welcome to|Thank you for (?:using|choosing|visiting)|We at) (?:the )?({_ENTITY}|{_NAME})")
_POSSESSIVE_POLICY = re.compile(rf"(?<![\w.])({_ENTITY}|{_NAME})['’]s (?:[A-Z]\w+ ){{0,3}}Privacy "
                                r"(?:Policy|Notice|Statement)")
_THIS_POLICY = re.compile(rf"\b(?i:this) ({_NAME}) Privacy (?:Policy|Notice|Statement)")
_NAMED_POLICY = re.compile(rf"\b(?i:the|our) ({_NAME}) Privacy (?:Policy|Notice|Statement)")
_DESCRIBES_HOW = re.compile(rf"(?i:this privacy (?:policy|notice|statement))[^.]{{0,40}}? "
                            rf"(?i:describes|explains|sets out|outlines) how ({_ENTITY}|{_NAME})")
_THE_APP = re.compile(rf"(?<![\w.])({_NAME}) ?\((?:the |our )?{_QUOTE}(?:App|Application|Service|Services|Site|"
                      rf"Website|Platform){_QUOTE}\)")
_COMMITTED = re.compile(rf"(?<![\w.])({_ENTITY}|{_NAME}) (?:is|are) (?:deeply |strongly |fully )?committed to")
_SUBJECT_OPERATES = re.compile(rf"(?:^|[.!?]\s+)({_ENTITY}|{_NAME}) (?:operates|owns and operates|provides|runs|"
                               rf"offers|publishes) (?!us\b|you\b)", re.M)
_COPYRIGHT = re.compile(rf"(?:©|\([cC]\)|Copyright)\s*(?:©\s*)?(?:\d{{4}}(?:\s*[-–]\s*\d{{4}})?,?\s*)?"
                        rf"({_ENTITY}|{_NAME})")
_OWN_THING = re.compile(rf"\b(?i:the|our|your) ({_NAME}) (?:mobile )?(?i:services?|platform|apps?|application|"
                        rf"website|site|account|ID|products?)\b(?! Store)")
#: phrasing -> (pattern, weight), read in the policy's head.
_PHRASINGS = {
    "we-comma": (_WE_COMMA, STRONG), "welcome": (_WELCOME, STRONG), "possessive": (_POSSESSIVE_POLICY, STRONG),
    "this-policy": (_THIS_POLICY, STRONG), "named-policy": (_NAMED_POLICY, MEDIUM),
    "describes-how": (_DESCRIBES_HOW, STRONG), "the-app": (_THE_APP, MEDIUM), "committed": (_COMMITTED, MEDIUM),
    "operates": (_SUBJECT_OPERATES, MEDIUM), "own-thing": (_OWN_THING, WEAK),
}
_TITLE_SUFFIX = re.compile(r"^(.{1,80}?)\s+privacy\s+(?:policy|notice|statement)\s*$", re.I)
_TITLE_OF = re.compile(r"^privacy\s+(?:policy|notice|statement)\s+(?:of|for)\s+(.{1,60}?)\s*$", re.I)
_TITLES = (_TITLE_SUFFIX, _TITLE_OF, re.compile(r"^privacy\b[\w ,&]{0,30}?\s*[|\-–—:]\s*(.{2,60}?)\s*$", re.I),
           re.compile(r"^(.{2,60}?)\s*[|\-–—]\s*privacy\b[\w ,&]{0,30}$", re.I))

#: the part of a policy where it introduces itself.
HEAD_CHARS = 5000
#: a sentence naming one of these is about someone else: a representative, a regulator, a processor.
_OTHER_PARTY = re.compile(r"\b(?:representative|supervisory|authority|commissioner|regulator|ombudsman|processors?|"
                          r"processes\b[^.]{0,60}\bfor us|on (?:our|its) behalf|third[- ]part(?:y|ies)|analytics|"
                          r"advertis\w*|plug-?ins?|cookies?|vendors?|partners?|payments?)\b", re.I)


def _sentence_at(text: str, position: int) -> str:
    """The sentence (or line) of ``text`` around ``position``."""
    start = max(text.rfind(". ", 0, position), text.rfind("\n", 0, position)) + 1
    end_candidates = [i for i in (text.find(". ", position), text.find("\n", position)) if i >= 0]
    return text[start:min(end_candidates) if end_candidates else len(text)]


def _title_names(text: str) -> list[Candidate]:
    """Names in the policy's title lines: "X Privacy Policy", "Privacy Policy of X", "Privacy | X"."""
    found = []
    position = 0
    for line in text[:HEAD_CHARS].splitlines()[:25]:
        stripped = line.strip()
        position = text.find(line, position)
        for pattern in _TITLES:
            match = pattern.match(stripped)
            name = _title_name(match.group(1)) if match else None
            if name:
                found.append(Candidate(name, STRONG, position, phrasing="title"))
                break
    return found


def _title_name(words: str) -> str | None:
    """The brand in a title's name part: its words up to qualifiers such as "European" or "Supplemental",
    only when every word is capitalised (a title, not a sentence like "What is the Privacy Policy")."""
    words = re.sub(r"['’]s$", "", words.strip())
    tokens = words.split()
    if not tokens or not all(re.fullmatch(_TOKEN, t.rstrip(",")) or t == "&" for t in tokens):
        return None
    while tokens and tokens[-1].lower() in _TITLE_QUALIFIERS:
        tokens.pop()
    return clean_name(" ".join(tokens)) if tokens else None


def _pattern_names(text: str) -> list[Candidate]:
    """Names the policy's phrasings introduce as its own, with each phrasing's weight."""
    head = text[:HEAD_CHARS]
    found: list[Candidate] = []

    def add(name: str | None, weight: float, position: int, phrasing: str) -> None:
        name = clean_name(name or "")
        if name:
            found.append(Candidate(name, weight, position, bool(_SUFFIX_END.search(name)), phrasing))

    # "Threads is provided by Meta Platforms Ireland Limited ("Meta", "we")": the product before "is
    # provided by" is the brand, and the provider after it, with the names it defines for itself, is the
    # company behind the brand, so its names count as the operator's only.
    providers = {}
    for match in _IS_OPERATED_BY.finditer(head):
        add(match.group(1), STRONG, match.start(), "is-operated-by")
        add(match.group(2), WEAK, match.start(), "operator")
        providers[match.end()] = match
    for parens in _WE_PARENS.finditer(head):
        provided = any(0 <= parens.start() - end <= 2 for end in providers)
        weight, phrasing = (WEAK, "operator") if provided else (STRONG, "alias")
        for alias in _ALIAS.finditer(parens.group(1)):
            add(alias.group(1), weight, parens.start(), phrasing)
        owner = _SELF_DEFINED.search(head[max(0, parens.start() - 160):parens.start() + 1])
        if owner and owner.end() >= min(parens.start(), 160):
            add(owner.group(1), weight, parens.start(), "we" if weight == STRONG else phrasing)
    for phrasing, (pattern, weight) in _PHRASINGS.items():
        for match in pattern.finditer(head):
            if weight == WEAK and _OTHER_PARTY.search(_sentence_at(head, match.start())):
                continue
            name = _title_name(match.group(1)) if phrasing.endswith("policy") else match.group(1)
            add(name, weight, match.start(), phrasing)
    for match in _OPERATING_AS.finditer(head):
        add(match.group(1), STRONG, match.start(), "operating-as")
        add(match.group(2), STRONG, match.start(), "operating-as")
    for match in _SCOPE_BY.finditer(head):
        add(match.group(1), MEDIUM, match.start(), "operator")
    for match in _COPYRIGHT.finditer(text):
        add(match.group(1), MEDIUM, match.start(), "copyright")
    return found + _title_names(text)


# --- legal entity ---

_CONTROLLER_IS = re.compile(rf"(?i:controller)[^.;]{{0,80}}? (?:is|will be|shall be) \(?({_ENTITY})")
# The gap between an entity and "is the controller" may hold its address or another entity, but not the end
# of a sentence (a full stop is allowed only after a company suffix such as "Inc.").
_GAP = r"(?:[^.;\n]|(?<=Inc)\.|(?<=Ltd)\.|(?<=Corp)\.|(?<=Co)\.|(?<=B\.V)\.|(?<=\d)\.)"
_IS_CONTROLLER = re.compile(rf"(?<![\w.])({_ENTITY}){_GAP}{{0,200}}? (?:is|are|will be|acts as|act as) "
                            rf"(?:the |your )?(?:joint )?(?:data )?controllers?\b")


def _entity_candidates(text: str, found: list[Candidate]) -> list[Candidate]:
    """Legal entities the policy introduces as itself (weight 3), its operator (2) or its controller (1)."""
    entities = [Candidate(c.name, STRONG, c.position, True) for c in found if c.entity and c.weight >= MEDIUM]
    head = text[:HEAD_CHARS]
    for match in _ENTITY_BY.finditer(head):
        if not _OTHER_PARTY.search(_sentence_at(head, match.start())):
            entities.append(Candidate(clean_name(match.group(1)) or match.group(1), MEDIUM, match.start(), True))
    for pattern in (_CONTROLLER_IS, _IS_CONTROLLER):
        for match in pattern.finditer(text):
            sentence = _sentence_at(text, match.start())
            if not re.search(r"\b(?:independent|separate)\s+controller|\bprocessor\b", sentence, re.I) and \
                    not _NOT_OURS.search(sentence):
                entities.append(Candidate(clean_name(match.group(1)) or match.group(1), WEAK, match.start(), True))
    return entities


def choose_entity(entities: list[Candidate], brand: str | None) -> str | None:
    """The legal entity: one that carries the brand's name first ("WeChat International Pte. Ltd." for
    WeChat rather than another group company), then the surest phrasing, then the earliest."""
    if not entities:
        return None
    key = name_key(brand) if brand else ""

    def rank(candidate: Candidate) -> tuple:
        carries = bool(key) and name_key(candidate.name).startswith(key)
        return (not carries, -candidate.weight, candidate.position)

    return re.sub(r"\s+", " ", min(entities, key=rank).name).rstrip(",")


# --- brand ---

_SUBJECT_AFTER = (r"(?:['’]s\b| (?:may|will|can|could|does|do|did|is|are|was|were|has|have|also|only|never|uses?|"
                  r"collects?|shares?|processes|provides?|operates?|stores?|retains?|receives?|requests?|values?|"
                  r"respects?|takes?|believes?|works?|offers?|sells?|discloses?|needs?|wants?|might|must|should|"
                  r"would)\b)")


def subject_uses(name: str, text: str) -> int:
    """How often the text uses ``name`` (or its capitals form) as a sentence's subject or a possessive:
    "Truth Social may collect", "Twitch's use of cookies", "We at Meta"."""
    forms = "|".join(re.escape(f) for f in dict.fromkeys((name, name.upper())))
    pattern = re.compile(rf"(?:(?<![\w.@/-])(?:{forms}){_SUBJECT_AFTER}|\b(?:[Ww]e at|[Aa]t) (?:{forms})\b)")
    return len(pattern.findall(text))


def choose_brand(candidates: list[Candidate], text: str) -> str | None:
    """The brand: the candidate name (spellings grouped) with the highest sum of phrasing weights plus
    how often the text uses it as a subject or possessive; shown in the spelling the text uses most."""
    groups: dict[str, list[Candidate]] = defaultdict(list)
    for candidate in candidates:
        name = brand_of_entity(candidate.name, text) if candidate.entity else candidate.name
        groups[name_key(name)].append(Candidate(name, candidate.weight, candidate.position, False, candidate.phrasing))
    if not groups:
        return None

    def score(members: list[Candidate]) -> float:
        phrasings = {m.phrasing for m in members}
        weights = sum(max(m.weight for m in members if m.phrasing == p) for p in phrasings)
        return weights + 2 * math.log2(1 + sum(subject_uses(n, text) for n in {m.name for m in members}))

    best = max(groups.values(), key=lambda members: (score(members), -min(m.position for m in members)))
    return _spelling(best, text)


def _spelling(members: list[Candidate], text: str) -> str:
    """The spelling of a name to show: not all capitals when another spelling is, then the most used."""
    uses = Counter({m.name: len(re.findall(rf"(?<![\w.@/-]){re.escape(m.name)}(?![\w@-])", text)) for m in members})
    return max(uses, key=lambda n: (not (n.isupper() and len(n) > 3), uses[n], -len(n)))


# --- e-mail fallback ---

EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_WEBMAIL = {"gmail.com", "yahoo.com", "hotmail.com", "outlook.com", "aol.com", "icloud.com", "qq.com", "163.com"}
_OWN_MAILBOX = re.compile(r"^(?:privacy|dpo|dataprotection|data-protection|support|help|info|contact|hello|legal|"
                          r"gdpr|compliance)\b", re.I)
_CONTACT_US = re.compile(r"\bcontact(?:ing)? us\b|\b(?:write|e-?mail|reach) (?:to )?us\b|\bcontact (?:our|the)\b",
                         re.I)
_NOT_OURS = re.compile(r"representative|supervisory|authority|commissioner|regulator|ombudsman", re.I)


def contact_domain(text: str) -> str | None:
    """The site domain of the policy's own contact address ("privacy@example.com" -> "example.com"): an
    address in a "contact us" sentence or a privacy/dpo/support mailbox, never one near a representative or
    a regulator, never a webmail domain."""
    for match in EMAIL.finditer(text):
        email = match.group(0).rstrip(".")
        local, domain = email.rsplit("@", 1)
        nearby = _sentence_at(text, match.start())
        if len(nearby) < len(email) + 30:  # "Contact us:" on the line before a bare address
            nearby = _sentence_at(text, max(0, text.rfind("\n", 0, match.start()) - 1)) + " " + nearby
        if domain.lower() in _WEBMAIL or _NOT_OURS.search(nearby):
            continue
        if _OWN_MAILBOX.match(local) or _CONTACT_US.search(nearby):
            return domain.lower()
    return None


# --- the operator ---

@dataclass(frozen=True)
class Operator:
    """Who runs a policy: the brand users know and, where the text states it, the legal entity."""

    brand: str | None
    legal_entity: str | None


def find_operator(text: str, given: str | None = None) -> Operator:
    """The operator of the policy in ``text``; a ``given`` brand (from the input's metadata or the command
    line) wins over the text's, and picks the legal entity that carries it."""
    text = plain_text(text)
    found = _pattern_names(text)
    brand = given or choose_brand(found, text)
    entity = choose_entity(_entity_candidates(text, found), brand)
    if brand is None and entity is not None:
        brand = brand_of_entity(entity, text)
    return Operator(brand or contact_domain(text), entity)


def operator_words(operator: Operator) -> frozenset[str]:
    """The distinctive words of the operator's brand and legal entity, lower case ("Meta Platforms, Inc." gives
    "meta" and "platforms"): a party named by them is the company itself. Legal forms and short words are left
    out."""
    names = " ".join(n for n in (operator.brand, operator.legal_entity) if n)
    return frozenset(w for w in re.findall(r"[a-z0-9][a-z0-9.&'-]*", names.lower())
                     if len(w) > 2 and w.strip(".") not in _LEGAL_FORM_WORDS)


_LEGAL_FORM_WORDS = {"inc", "llc", "ltd", "limited", "corp", "corporation", "company", "gmbh", "plc", "co", "the",
                     "and", "s.a", "sa", "ag", "bv", "b.v", "pte", "pty", "group", "holdings", "technologies",
                     "technology", "international", "services", "com"}


# --- dates ---

_MONTHS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"
DATE = (rf"(?:{_MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS},?\s+"
        rf"\d{{4}}|\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{1,2}}/\d{{1,2}}/\d{{2,4}}|\d{{1,2}}\.\d{{1,2}}\.\d{{4}}|"
        rf"\d{{4}}/\d{{1,2}}/\d{{1,2}}|{_MONTHS}\s+\d{{4}})")
_LABEL_END = r"\s*(?:on|from|as of|at)?\s*[:\-–—]?\s*"
# A date counts only after a label at the start of a line ("Last updated: June 30, 2026", "Effective as of
# 1 May 2024") or in a sentence whose subject is the policy itself ("This policy was last modified on ...",
# "we updated this notice"): a date inside a sentence about something else ("the Act of 2018", "since
# 12 March 2020 we store...") is no date of the policy.
_UPDATED_LINE = re.compile(rf"^\W{{0,3}}(?:(?:last|date of last)\s+(?:updated?|modified|modification|revised|revision|"
                           rf"amended|changed)|updated|modified|revised|revision date|update date|last update)"
                           rf"(?:\s+(?:on|date))?{_LABEL_END}({DATE})", re.I | re.M)
_EFFECTIVE_LINE = re.compile(rf"^\W{{0,3}}(?:effective(?:\s+date)?(?:\s+as\s+of|\s+from|\s+on)?|date\s+effective|"
                             rf"in\s+effect\s+(?:from|as\s+of)){_LABEL_END}({DATE})", re.I | re.M)
_FORMULATED_LINE = re.compile(rf"^\W{{0,3}}(?:formulated|date\s+of\s+formulation|formulation\s+date|published|"
                              rf"date\s+of\s+publication){_LABEL_END}({DATE})", re.I | re.M)
_VERSION_DATE = re.compile(rf"\bversion\b[^\n]{{0,40}}?(?:\n\s*|[/|,;]\s*)date\s*:?\s*({DATE})", re.I)
_POLICY = r"(?:this|our|the)\s+(?:privacy\s+)?(?:policy|notice|statement)"
_UPDATED_SENTENCE = re.compile(
    rf"\b{_POLICY}\s+(?:[^.\n]{{0,60}}?\s)?(?:was|has been|were)\s+(?:last\s+)?(?:updated|modified|revised|amended)"
    rf"\s+(?:on\s+|in\s+|as\s+of\s+)?({DATE})|\bon\s+({DATE}),?\s+we\s+(?:updated|revised|modified|amended)\s+"
    rf"{_POLICY}", re.I)
_EFFECTIVE_SENTENCE = re.compile(
    rf"\b{_POLICY}\s+(?:is|was|becomes|became|will be)\s+effective\s+(?:from|as\s+of|on)?\s*({DATE})|"
    rf"\bwe(?:['’]ve| have)\s+updated\s+{_POLICY},?\s+effective\s+(?:from\s+|as\s+of\s+|on\s+)?({DATE})", re.I)


@dataclass(frozen=True)
class PolicyDates:
    """When a policy took effect and when it was last updated, as written in it."""

    effective: str | None
    updated: str | None


def find_dates(text: str) -> PolicyDates:
    """The effective and last-updated dates: the first labelled line or policy sentence stating each, looked
    for in the policy's head first, then in the whole text. A "formulated on" date stands for the
    effective date when no other is given (Chinese-style policies state formulation and update dates)."""
    text = plain_text(text)
    effective = _first(text, _EFFECTIVE_LINE, _EFFECTIVE_SENTENCE) or _first(text, _FORMULATED_LINE)
    updated = _first(text, _UPDATED_LINE, _UPDATED_SENTENCE, _VERSION_DATE)
    return PolicyDates(effective, updated)


def _first(text: str, *patterns: re.Pattern) -> str | None:
    """The date of the earliest match of any pattern, in the head if any matches there, else anywhere."""
    for part in (text[:HEAD_CHARS], text):
        matches = [m for p in patterns for m in p.finditer(part)]
        if matches:
            first = min(matches, key=lambda m: m.start())
            return re.sub(r"\s+", " ", next(g for g in first.groups() if g))
    return None
