from django.urls import reverse


def test_it_tells_every_crawler_to_index_nothing(client, db, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("robots_txt"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == ["User-agent: *", "Disallow: /"]


def test_it_is_served_at_the_site_root_without_login(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert b"Disallow: /" in response.content


def test_it_answers_head_and_refuses_post(client, db):
    assert client.head(reverse("robots_txt")).status_code == 200
    assert client.post(reverse("robots_txt")).status_code == 405
