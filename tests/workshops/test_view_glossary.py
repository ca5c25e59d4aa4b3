import pytest
from django.urls import reverse

from workshops.models import GlossaryTerm

from ..factories import ManagerFactory

URL = reverse("workshops:glossary")
DUPLICATE = "That term is already in the glossary."


def delete_url(term):
    return reverse("workshops:glossary-delete", args=[term.pk])


@pytest.fixture
def term(manager):
    return GlossaryTerm.objects.create(
        term="Care cluster", plain="a group your needs are put in", added_by=manager
    )


# Who may open the page


@pytest.mark.django_db
def test_it_asks_anonymous_people_to_log_in(client):
    assert client.get(URL)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "peer_trainer", "practitioner_trainer"])
def test_it_is_not_found_for_everyone_but_managers(role, request, client_for):
    assert client_for(request.getfixturevalue(role)).get(URL).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "peer_trainer"])
def test_it_does_not_let_others_add_terms(role, request, client_for):
    client_for(request.getfixturevalue(role)).post(URL, {"term": "Cluster", "plain": "group"})
    assert not GlossaryTerm.objects.exists()


@pytest.mark.django_db
def test_it_opens_for_managers(client_for, manager):
    assert client_for(manager).get(URL).status_code == 200


# What it shows


@pytest.mark.django_db
def test_it_counts_the_shipped_terms(client_for, manager):
    from workshops.plain_language import shipped_rows

    response = client_for(manager).get(URL)
    assert response.context["shipped_count"] == len(shipped_rows())


@pytest.mark.django_db
def test_it_lists_the_terms_managers_added(client_for, manager, term):
    html = client_for(manager).get(URL).content.decode()
    assert "a group your needs are put in" in html


@pytest.mark.django_db
def test_its_query_count_does_not_grow(client_for, manager, django_assert_max_num_queries):
    client = client_for(manager)
    GlossaryTerm.objects.create(term="one", plain="1", added_by=manager)
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    for n in range(5):
        GlossaryTerm.objects.create(term=f"term {n}", plain="x", added_by=ManagerFactory())
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(URL)


# Adding a term


@pytest.mark.django_db
def test_adding_a_term_saves_it_with_who_added_it(client_for, manager):
    client_for(manager).post(URL, {"term": "Care cluster", "plain": "a group of needs"})
    added = GlossaryTerm.objects.get()
    assert (added.term, added.plain, added.added_by) == (
        "Care cluster",
        "a group of needs",
        manager,
    )


@pytest.mark.django_db
def test_adding_a_term_goes_back_to_the_glossary(client_for, manager):
    response = client_for(manager).post(URL, {"term": "Care cluster", "plain": "a group"})
    assert response["Location"] == URL


@pytest.mark.django_db
def test_adding_a_term_strips_spare_whitespace(client_for, manager):
    client_for(manager).post(URL, {"term": "  Care   cluster ", "plain": " a  group "})
    assert GlossaryTerm.objects.values_list("term", "plain").get() == ("Care cluster", "a group")


@pytest.mark.django_db
def test_adding_a_term_makes_the_check_find_it(client_for, manager):
    from workshops.plain_language import find_jargon

    client_for(manager).post(URL, {"term": "Care cluster", "plain": "a group"})
    assert [hit.found for hit in find_jargon("My care cluster changed.")] == ["care cluster"]


@pytest.mark.django_db
def test_adding_a_term_managers_added_in_another_case_is_refused(client_for, manager, term):
    response = client_for(manager).post(URL, {"term": "CARE CLUSTER", "plain": "a group"})
    assert response.context["form"].errors == {"term": [DUPLICATE]}


@pytest.mark.django_db
def test_adding_a_shipped_term_is_refused(client_for, manager):
    response = client_for(manager).post(URL, {"term": "cmht", "plain": "local team"})
    assert response.context["form"].errors == {"term": [DUPLICATE]}


@pytest.mark.django_db
def test_a_refused_term_is_not_saved(client_for, manager):
    client_for(manager).post(URL, {"term": "Psychosis", "plain": "losing touch"})
    assert not GlossaryTerm.objects.exists()


@pytest.mark.django_db
def test_a_refused_term_shows_the_error_summary_and_keeps_what_was_typed(client_for, manager):
    html = client_for(manager).post(URL, {"term": "Psychosis", "plain": "losing touch"})
    html = html.content.decode()
    assert ("There is a problem" in html, DUPLICATE in html, 'value="Psychosis"' in html) == (
        True,
        True,
        True,
    )


@pytest.mark.django_db
def test_a_term_without_a_plain_alternative_is_refused(client_for, manager):
    response = client_for(manager).post(URL, {"term": "Care cluster", "plain": "  "})
    assert list(response.context["form"].errors) == ["plain"]


# Removing a term


@pytest.mark.django_db
def test_removing_a_term_deletes_it(client_for, manager, term):
    client_for(manager).post(delete_url(term))
    assert not GlossaryTerm.objects.exists()


@pytest.mark.django_db
def test_removing_a_term_goes_back_to_the_glossary(client_for, manager, term):
    assert client_for(manager).post(delete_url(term))["Location"] == URL


@pytest.mark.django_db
def test_removing_needs_a_post(client_for, manager, term):
    assert client_for(manager).get(delete_url(term)).status_code == 405


@pytest.mark.django_db
def test_removing_a_missing_term_is_not_found(client_for, manager):
    url = reverse("workshops:glossary-delete", args=[999])
    assert client_for(manager).post(url).status_code == 404


@pytest.mark.django_db
def test_removing_asks_anonymous_people_to_log_in(client, term):
    assert client.post(delete_url(term))["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["student", "peer_trainer", "practitioner_trainer"])
def test_removing_is_not_found_for_everyone_but_managers(role, request, client_for, term):
    response = client_for(request.getfixturevalue(role)).post(delete_url(term))
    assert (response.status_code, GlossaryTerm.objects.count()) == (404, 1)
