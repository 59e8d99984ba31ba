import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from surveys.tests.factories import make_survey


def _our_static_file(url: str) -> bytes:
    """The bytes a static URL serves (the test client does not serve static files; the finders do the same job)."""
    assert url.startswith(settings.STATIC_URL), url
    path = finders.find(url.removeprefix(settings.STATIC_URL))
    assert path, f"{url} is not one of our static files"
    with open(path, "rb") as file:
        return file.read()


def _icon_href(html: str) -> str:
    start = html.index('<link rel="icon" href="') + len('<link rel="icon" href="')
    return html[start : html.index('"', start)]


def test_favicon_ico_leads_to_our_icon_not_a_404(client, db):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert _our_static_file(response["Location"]).startswith(b"<svg")


def test_favicon_answers_head_and_refuses_post(client, db):
    assert client.head("/favicon.ico").status_code == 302
    assert client.post("/favicon.ico").status_code == 405


@pytest.mark.django_db
@pytest.mark.parametrize("who", ["officer", "member"])
def test_officer_and_member_pages_link_the_icon(client, alice, branch_a, who):
    if who == "officer":
        client.force_login(alice)
        html = client.get(reverse("dashboard")).content.decode()
    else:
        survey = make_survey(branch_a, alice, open_it=True)
        html = client.get(reverse("surveys:member_start", kwargs={"token": survey.token})).content.decode()
    assert _our_static_file(_icon_href(html)).startswith(b"<svg")
