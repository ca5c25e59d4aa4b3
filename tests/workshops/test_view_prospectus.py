import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_the_prospectus_is_open_to_everyone(client):
    response = client.get(reverse("workshops:prospectus"))
    assert response.status_code == 200
    assert "not published yet" in response.content.decode()


@pytest.mark.django_db
def test_my_courses_asks_anonymous_people_to_log_in(client):
    response = client.get(reverse("workshops:my-courses"))
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_my_courses_shows_a_student_where_to_start(client_for, student):
    html = client_for(student).get(reverse("workshops:my-courses")).content.decode()
    assert "You have not enrolled on any courses yet" in html


# Issue 12, causes 3-5: hostile query strings on the prospectus and its PDF get the
# ordinary page (the filter is ignored or cleaned), never a 500.
HOSTILE_PAGES = ["workshops:prospectus", "workshops:prospectus-pdf"]


@pytest.fixture
def published(manager):
    from ..factories import open_course_make

    return open_course_make(manager=manager, title="Understanding anxiety")


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE_PAGES)
@pytest.mark.parametrize("param", ["topic", "term"])
def test_a_superscript_number_filter_is_ignored(name, param, client, published):
    response = client.get(reverse(name), {param: "²"})
    assert response.status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("name", HOSTILE_PAGES)
def test_a_nul_in_the_search_text_is_ignored(name, client, published):
    response = client.get(reverse(name), {"q": "anx\x00iety\x1b"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_a_search_with_control_characters_finds_what_the_words_say(client, published):
    response = client.get(reverse("workshops:prospectus"), {"q": "Under\x00stand\x07ing"})
    assert "Understanding anxiety" in response.content.decode()


@pytest.mark.django_db
def test_the_print_version_takes_a_nul_search_too(client, published):
    response = client.get(reverse("workshops:prospectus"), {"q": "\x00", "print": "1"})
    assert response.status_code == 200
