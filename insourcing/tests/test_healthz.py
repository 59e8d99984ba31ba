import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db(transaction=True)


def test_healthy_when_database_broker_and_worker_answer(client, celery_worker):
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["broker"] == "ok"
    assert body["worker"].startswith("ok")


def test_unhealthy_503_when_the_broker_is_unreachable(client, broker_down):
    response = client.get(reverse("healthz"))
    body = response.json()
    assert response.status_code == 503
    assert body["database"] == "ok"
    assert body["broker"].startswith("down")
