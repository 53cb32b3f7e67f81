"""One client address may stream only a few CSV downloads at once; the slots come back on close."""

import io

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections

from tests.csv.conftest import body, read_rows
from tests.factories import OrganizationFactory
from tests.responses import hang_up
from website.throttling import CSV_BUSY_STATUS, CSV_RETRY_AFTER_SECONDS

pytestmark = pytest.mark.django_db

URLS = [
    "/en/organizations/?format=csv",
    "/en/sources/?format=csv",
    "/en/matrix/?format=csv",
    "/en/search/?q=a&format=csv",
]


@pytest.fixture
def wsgi_server():
    """Serve requests as a WSGI server does: iterate the response, close it when the client leaves."""
    application = WSGIHandler()
    # The test's transaction must outlive each request, as in Django's test client.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def serve(path, query):
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "80",
            "HTTP_HOST": "testserver",
            "REMOTE_ADDR": "192.0.2.40",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": io.StringIO(),
        }
        statuses = []
        response = application(environ, lambda status, headers: statuses.append(status))
        return statuses[0], response

    yield serve
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def open_downloads(client):
    """Start downloads without reading them, as slow clients do; close whatever is left."""
    started = []

    def start(url="/en/organizations/?format=csv", **headers):
        response = client.get(url, **headers)
        started.append(response)
        return response

    yield start
    for response in started:
        hang_up(response)


def test_a_client_over_its_limit_is_asked_to_wait(client, open_downloads):
    OrganizationFactory(slug="outright")
    assert settings.CSV_DOWNLOADS_PER_CLIENT == 2
    first, second = open_downloads(), open_downloads("/en/sources/?format=csv")
    assert first.status_code == second.status_code == 200 and first.streaming

    for url in URLS:
        refused = open_downloads(url)
        assert refused.status_code == CSV_BUSY_STATUS, url
        assert refused["Retry-After"] == str(CSV_RETRY_AFTER_SECONDS)
        assert "Too many downloads at once" in refused.text
        assert "2 CSV downloads in progress" in refused.text

    # The pages themselves are not downloads and still answer.
    assert client.get("/en/organizations/").status_code == 200

    hang_up(first)
    third = open_downloads()
    assert third.status_code == 200
    assert [row["slug"] for row in read_rows(body(third))] == ["outright"]


def test_the_page_is_in_the_language_of_the_list(client, open_downloads):
    open_downloads(), open_downloads()
    refused = open_downloads("/ar/organizations/?format=csv")
    assert refused.status_code == CSV_BUSY_STATUS
    assert 'lang="ar" dir="rtl"' in refused.text
    assert "تنزيلات كثيرة في وقت واحد" in refused.text


def test_a_client_that_goes_away_mid_download_gives_its_slot_back(wsgi_server):
    OrganizationFactory.create_batch(3)
    for _ in range(settings.CSV_DOWNLOADS_PER_CLIENT + 3):
        status, response = wsgi_server("/en/organizations/", "format=csv")
        assert status.startswith("200")
        next(iter(response))  # the first chunk went out, then the client left
        response.close()
    status, response = wsgi_server("/en/organizations/", "format=csv")
    assert status.startswith("200")
    assert b"".join(response).count(b"\r\n") == 4
    response.close()


def test_finished_downloads_give_their_slots_back(client):
    for _ in range(settings.CSV_DOWNLOADS_PER_CLIENT + 3):
        response = client.get("/en/organizations/?format=csv")
        assert response.status_code == 200
        read_rows(body(response))


def test_each_address_has_its_own_slots(client, open_downloads):
    open_downloads(), open_downloads()
    assert open_downloads().status_code == CSV_BUSY_STATUS
    assert open_downloads(REMOTE_ADDR="198.51.100.20").status_code == 200


def test_behind_a_trusted_proxy_the_forwarded_address_counts(client, open_downloads, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    open_downloads(HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    open_downloads(HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy)
    assert open_downloads(HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).status_code == CSV_BUSY_STATUS
    # Another reader behind the same proxy is not held up by the first one's downloads.
    assert open_downloads(HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 200
