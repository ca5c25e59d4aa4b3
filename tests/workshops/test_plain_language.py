import csv

import pytest

from workshops.models import GlossaryTerm
from workshops.plain_language import (
    JARGON_CSV,
    JargonHit,
    check_fields,
    find_jargon,
    glossary,
    readability,
    shipped_glossary,
)

EASY = (
    "In this workshop we will talk about sleep. We will share what helps us rest. "
    "You can ask questions at any time. Bring a friend if you like."
)
DENSE = (
    "Psychoeducation for service users with comorbid psychotic presentations necessitates "
    "multidisciplinary formulation, incorporating pharmacological adherence, extrapyramidal "
    "side effects and psychosocial interventions within the care programme approach."
)


def found(text, terms=None):
    return [hit.found for hit in find_jargon(text, terms if terms is not None else shipped())]


def shipped():
    return dict(shipped_glossary())


# The shipped list


def test_shipped_list_has_at_least_150_distinct_terms():
    with JARGON_CSV.open(encoding="utf-8", newline="") as fh:
        terms = [row["term"].strip().lower() for row in csv.DictReader(fh)]
    assert len(set(terms)) >= 150


def test_shipped_list_has_no_duplicate_terms_in_any_case():
    with JARGON_CSV.open(encoding="utf-8", newline="") as fh:
        terms = [" ".join(row["term"].split()).lower() for row in csv.DictReader(fh)]
    assert len(terms) == len(set(terms))


def test_every_shipped_term_has_a_plain_alternative():
    with JARGON_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert all(row["term"].strip() and row["plain"].strip() for row in rows)


def test_shipped_glossary_keys_are_lower_case():
    assert shipped_glossary()["cmht"] == "community mental health team"


# Finding terms inside real sentences


def test_find_jargon_finds_a_term_in_a_sentence():
    assert find_jargon("We use CBT in this course.", shipped()) == [
        JargonHit(
            term="cbt",
            found="CBT",
            plain=shipped()["cbt"],
            start=7,
            end=10,
        )
    ]


def test_find_jargon_ignores_case():
    assert found("Cbt can help with worry.") == ["Cbt"]


@pytest.mark.parametrize(
    ("text", "term"),
    [
        ("People often live with comorbidities.", "comorbidity"),
        ("Some people take antipsychotics for years.", "antipsychotic"),
        ("Both psychoses started in spring.", "psychosis"),
        ("Ask the CMHTs near you.", "cmht"),
    ],
)
def test_find_jargon_matches_plurals(text, term):
    assert [hit.term for hit in find_jargon(text, shipped())] == [term]


def test_find_jargon_matches_multi_word_terms_across_a_line_break():
    text = "Talk to your care  \ncoordinator before the session."
    assert found(text) == ["care  \ncoordinator"]


def test_find_jargon_reports_the_glossary_term_for_a_multi_word_match():
    hit = find_jargon("Your care\tcoordinator can help.", shipped())[0]
    assert (hit.term, hit.plain) == ("care coordinator", "the person who organises your care")


def test_find_jargon_does_not_match_inside_other_words():
    assert found("We start at ten and finish with art.", {"art": "making pictures"}) == ["art"]


def test_find_jargon_does_not_match_a_term_followed_by_more_letters():
    assert found("Cbtx and CBTish are not terms.", {"cbt": "a talking therapy"}) == []


def test_find_jargon_matches_acronyms_with_punctuation():
    assert found("If you are hurt, go to A&E straight away.") == ["A&E"]


def test_find_jargon_prefers_the_longest_overlapping_term():
    terms = {"mental health": "how you feel", "community mental health team": "local team"}
    assert found("Ask your community mental health team.", terms) == [
        "community mental health team"
    ]


def test_find_jargon_prefers_the_longest_term_even_when_a_shorter_one_starts_first():
    terms = {"acute care": "urgent care", "care coordinator": "the person who organises care"}
    assert found("acute care coordinator", terms) == ["care coordinator"]


def test_find_jargon_reports_positions_of_the_text_found():
    text = "Peer Trainers explain psychosis and CBT."
    assert [(text[hit.start : hit.end], hit.start) for hit in find_jargon(text, shipped())] == [
        ("psychosis", 22),
        ("CBT", 36),
    ]


def test_find_jargon_returns_hits_in_order_of_position():
    hits = find_jargon("DBT, then CBT, then DBT again.", shipped())
    assert [hit.start for hit in hits] == sorted(hit.start for hit in hits)


def test_find_jargon_finds_nothing_in_plain_words():
    assert found("We will talk about sleep and share what helps us rest.") == []


def test_find_jargon_uses_the_glossary_it_is_given_each_time():
    """Glossaries are compiled once and reused: an equal glossary finds the same terms,
    and a different one is never answered from an earlier glossary."""
    text = "We use CBT and DBT."
    both = {"cbt": "a talking therapy", "dbt": "a skills therapy"}
    assert found(text, both) == ["CBT", "DBT"]
    assert found(text, {"dbt": "a skills therapy"}) == ["DBT"]
    assert found(text, dict(both)) == ["CBT", "DBT"]
    assert found(text, {"cbt": "a talking therapy"}) == ["CBT"]


# Terms college managers add


@pytest.mark.django_db
def test_find_jargon_finds_terms_managers_added(manager):
    GlossaryTerm.objects.create(
        term="Care cluster", plain="a group your needs are put in", added_by=manager
    )
    hits = find_jargon("They put me in a care cluster.")
    assert [(hit.term, hit.plain) for hit in hits] == [
        ("care cluster", "a group your needs are put in")
    ]


@pytest.mark.django_db
def test_a_term_managers_added_overrides_the_shipped_one():
    GlossaryTerm.objects.create(term="CMHT", plain="your local mental health team")
    assert glossary()["cmht"] == "your local mental health team"


@pytest.mark.django_db
def test_glossary_sees_a_new_term_on_the_next_call():
    glossary()
    GlossaryTerm.objects.create(term="clustering", plain="sorting needs into groups")
    assert "clustering" in glossary()


@pytest.mark.django_db
def test_glossary_costs_one_query(django_assert_num_queries):
    with django_assert_num_queries(1):
        glossary()


# Checking several fields


@pytest.mark.django_db
def test_check_fields_reports_the_jargon_in_each_field():
    hits = check_fields({"title": "Understanding psychosis", "summary": "Tea and a chat."})
    assert {name: [hit.found for hit in found] for name, found in hits.items()} == {
        "title": ["psychosis"],
        "summary": [],
    }


@pytest.mark.django_db
def test_check_fields_loads_the_glossary_once(django_assert_num_queries):
    with django_assert_num_queries(1):
        check_fields({"title": "CBT", "summary": "DBT", "outcomes": "EMDR"})


# Readability


def test_readability_of_an_easy_text_meets_the_target():
    result = readability(EASY)
    assert (result.score >= 60, result.meets_target, result.target) == (True, True, 60)


def test_readability_of_a_dense_clinical_text_misses_the_target():
    result = readability(DENSE)
    assert (result.score < 60, result.meets_target) == (True, False)


def test_readability_labels_a_dense_clinical_text_hard_to_read():
    assert readability(DENSE).label == "Hard to read: try shorter sentences and everyday words"


def test_readability_rounds_the_score_to_one_decimal_place():
    score = readability(EASY).score
    assert score == round(score, 1)


@pytest.mark.parametrize(
    ("text", "label"),
    [
        (EASY, "Very easy to read"),
        ("We look at how worry works and try some calming ideas together.", "Easy to read"),
        (
            "This course explains how anxiety affects the body and mind. It offers practical "
            "ideas that people have found helpful.",
            "Fairly hard to read: try shorter sentences and everyday words",
        ),
        (DENSE, "Hard to read: try shorter sentences and everyday words"),
    ],
    ids=["very-easy", "easy", "fairly-hard", "hard"],
)
def test_readability_labels_each_band_in_plain_words(text, label):
    assert readability(text).label == label


def test_readability_labels_follow_the_score_bands():
    """Scores of 80 and up are very easy, 60 and up easy, 50 and up fairly hard."""
    bands = [(80, "Very easy"), (60, "Easy"), (50, "Fairly hard"), (float("-inf"), "Hard")]
    texts = [EASY, DENSE, "We look at how worry works and try some calming ideas together."]
    for result in map(readability, texts):
        expected = next(name for floor, name in bands if result.score >= floor)
        assert result.label.startswith(expected), (result.score, result.label)


@pytest.mark.parametrize("text", ["", "Psychosis", "Understanding psychosis", "  -  ?  "])
def test_readability_of_very_short_text_is_none(text):
    assert readability(text) is None
