"""Jobs survive a broker outage: they wait in the database and are published when the broker is back."""

import socket
import threading

import pytest
from django.db import transaction

from conftest import wait_for
from insourcing import outbox
from insourcing.models import GeneratedDocument, OutboxMessage
from insourcing.services import document_request
from insourcing.tasks import flush_outbox

pytestmark = [pytest.mark.django_db(transaction=True)]


def test_a_pdf_request_succeeds_while_the_broker_is_down_and_renders_when_it_returns(
    broker_down, monkeypatch, celery_worker, alice, branch_a, client
):
    client.force_login(alice)
    response = client.post(f"/branches/{branch_a.slug}/letterhead.pdf")
    assert response.status_code == 302
    document = GeneratedDocument.objects.get()
    assert document.status == "queued"
    waiting = OutboxMessage.objects.get()
    assert waiting.task_name == "insourcing.tasks.render_document"
    assert waiting.args == [document.pk]
    assert waiting.attempts == 1
    assert "Connection refused" in waiting.last_error or "Error" in waiting.last_error

    monkeypatch.undo()  # the broker is back
    assert flush_outbox() == 1
    assert not OutboxMessage.objects.exists()
    wait_for(lambda: GeneratedDocument.objects.get(pk=document.pk).status == "ready", message="render after outage")


def test_nothing_is_stored_or_published_for_a_rolled_back_transaction(alice, branch_a):
    with pytest.raises(RuntimeError), transaction.atomic():
        document_request(kind="branch_sheet", branch=branch_a, user=alice)
        raise RuntimeError("the view failed after queueing")
    assert not OutboxMessage.objects.exists()
    assert not GeneratedDocument.objects.exists()


def test_flush_keeps_messages_while_the_broker_is_still_down(broker_down, alice, branch_a):
    from insourcing.tasks import render_document

    with transaction.atomic():
        outbox.enqueue(render_document, 12345)
        outbox.enqueue(render_document, 12346)
    assert outbox.flush() == 0
    assert sorted(OutboxMessage.objects.values_list("attempts", flat=True)) == [2, 2]


@pytest.fixture
def hanging_up_broker(monkeypatch):
    """A broker address that accepts each connection and closes it at once; counts the connections."""
    from insourcing.celery import app

    server = socket.create_server(("127.0.0.1", 0))
    connections = []

    def serve():
        while True:
            try:
                conn, _ = server.accept()
            except OSError:  # closed at teardown
                return
            connections.append(conn)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    monkeypatch.setattr(app.conf, "broker_write_url", None, raising=False)
    monkeypatch.setattr(app.conf, "broker_url", f"redis://127.0.0.1:{server.getsockname()[1]}/0")
    yield connections
    server.close()


def test_publishing_tries_a_failing_broker_once_so_the_users_request_is_not_held(hanging_up_broker, alice, branch_a):
    from insourcing.tasks import render_document

    with transaction.atomic():
        outbox.enqueue(render_document, 12345)
    assert len(hanging_up_broker) == 1  # kombu's default would reconnect with back-off for seconds
    assert OutboxMessage.objects.get().attempts == 1
    assert outbox.flush() == 0
    assert len(hanging_up_broker) == 2
