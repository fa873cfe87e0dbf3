"""Resolving what a person types to an ontology IRI."""

from __future__ import annotations

import pytest

from policygraph.errors import OntologyError, UnknownConceptError
from policygraph.ontology.lexicon import get_lexicon
from policygraph.ontology.namespace import PG


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("affiliate", PG.Affiliate),
        ("E-Mail Address", PG.EmailAddress),
        ("email addresses", PG.EmailAddress),
        ("  Phone Number ", PG.PhoneNumber),
        ("pg:Marketing", PG.Marketing),
        ("PG:MARKETING", PG.Marketing),
        ("EmailAddress", PG.EmailAddress),
        (str(PG.PostalAddress), PG.PostalAddress),
        (str(PG.PostalAddress).upper(), PG.PostalAddress),
    ],
)
def test_resolve_is_case_insensitive(text, expected):
    assert get_lexicon().resolve(text) == expected


def test_resolve_within_a_family():
    assert get_lexicon().resolve("partners", family="recipient") == PG.BusinessPartner
    with pytest.raises(UnknownConceptError):
        get_lexicon().resolve("e-mail address", family="purpose")


def test_unknown_name_suggests_close_labels():
    with pytest.raises(UnknownConceptError) as caught:
        get_lexicon().resolve("emial address", family="data")
    assert "e-mail address" in caught.value.suggestions
    assert "closest" in str(caught.value)
    assert isinstance(caught.value, OntologyError)


def test_injection_like_input_is_just_an_unknown_name():
    text = "x> } DROP ALL ; #"
    with pytest.raises(UnknownConceptError) as caught:
        get_lexicon().resolve(text)
    assert caught.value.value == text
    assert repr(text) in str(caught.value)
