"""nginx's own error pages carry the security headers Django puts on the site's pages."""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NGINX = ROOT / "docker" / "nginx"
# Django adds HSTS only over HTTPS in production; this is production's default.
HSTS = "max-age=31536000; includeSubDomains; preload"


def nginx_headers():
    text = (NGINX / "security-headers.conf").read_text()
    return {name.lower(): value for name, value in re.findall(r'^add_header (\S+) "(.*)" always;$', text, re.M)}


@pytest.mark.django_db
def test_nginx_error_pages_carry_the_headers_of_the_site(client):
    page = client.get("/en/")
    headers = nginx_headers()
    for name in (
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
    ):
        assert headers[name.lower()] == page[name], name
    assert headers["strict-transport-security"] == HSTS


def test_every_error_page_nginx_names_exists_and_is_mounted():
    config = (NGINX / "default.conf.template").read_text()
    compose = (ROOT / "docker-compose.yml").read_text()
    pages = set(re.findall(r"error_page [\d ]+ /_errors/(\S+);", config))
    assert pages == {"400.html", "413.html", "500.html"}
    for name in pages:
        assert (NGINX / "errors" / name).exists()
    assert "./docker/nginx/errors:/usr/share/nginx/_errors:ro" in compose
    assert "include /etc/nginx/snippets/advocacy-security-headers.conf;" in config
    assert "./docker/nginx/security-headers.conf:/etc/nginx/snippets/advocacy-security-headers.conf:ro" in compose
