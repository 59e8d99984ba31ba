"""The PDF renderer fetches our static files and nothing else."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from pypdf import PdfReader

from insourcing import pdf


@pytest.fixture
def local_server():
    """A real HTTP server on loopback that records every request and redirects to file:///etc/passwd."""
    hits = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            hits.append(self.path)
            if self.path.startswith("/redirect"):
                self.send_response(302)
                self.send_header("Location", "file:///etc/passwd")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()


def _text(content: bytes) -> str:
    from io import BytesIO

    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(content)).pages)


def test_it_refuses_local_files():
    fetcher = pdf.StaticOnlyFetcher()
    html = '<img src="file:///etc/passwd"><link rel="stylesheet" href="file:///etc/passwd"><p>Letter</p>'
    content = pdf.html_to_pdf(html, fetcher=fetcher)
    assert "root:" not in _text(content)
    assert fetcher.refused == ["file:///etc/passwd", "file:///etc/passwd"]


def test_it_never_calls_a_server_even_on_loopback(local_server):
    base, hits = local_server
    fetcher = pdf.StaticOnlyFetcher()
    html = (
        f'<link rel="stylesheet" href="{base}/style.css">'
        f'<img src="{base}/redirect"><img src="{base.replace("http", "https")}/x.png"><p>Letter</p>'
    )
    pdf.html_to_pdf(html, fetcher=fetcher)
    assert hits == []
    assert len(fetcher.refused) == 3


def test_it_refuses_a_redirect_path_and_path_traversal(local_server):
    base, hits = local_server
    fetcher = pdf.StaticOnlyFetcher()
    html = (
        f'<img src="{base}/redirect?to=file:///etc/passwd">'
        f'<link rel="stylesheet" href="{pdf.BASE_URL}static/../../../../etc/passwd">'
        f'<link rel="stylesheet" href="{pdf.BASE_URL}static/%2e%2e/%2e%2e/etc/passwd">'
    )
    pdf.html_to_pdf(html, fetcher=fetcher)
    assert hits == []
    assert len(fetcher.refused) == 3


def test_it_serves_our_own_static_stylesheet():
    fetcher = pdf.StaticOnlyFetcher()
    response = fetcher.fetch(f"{pdf.BASE_URL}static/pdf/document.css")
    assert b"@page" in response.read()
    assert fetcher.refused == []


def test_a_document_with_our_stylesheet_renders_its_text():
    html = '<link rel="stylesheet" href="/static/pdf/document.css"><h1>Freedom of Information request</h1>'
    assert "Freedom of Information request" in _text(pdf.html_to_pdf(html))


def test_rendering_stops_at_the_time_limit(monkeypatch):
    import time

    from weasyprint import HTML

    monkeypatch.setattr(HTML, "render", lambda self, *a, **k: time.sleep(5))  # laying out is the slow part
    with pytest.raises(pdf.RenderTimeout):
        pdf.html_to_pdf("<p>slow</p>", time_limit=1)
