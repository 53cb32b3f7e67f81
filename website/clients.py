"""The client's address, the one thing login throttling and the CSV download limit count by."""

import ipaddress

from django.conf import settings


def _valid(address):
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request):
    """Return the address of the client that sent `request`, as far as trusted proxies tell."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        # Direct deployments: any X-Forwarded-For is the client's own claim, so never read it.
        return _valid(remote) or remote
    # Each trusted proxy appends the address it was reached from; the last `proxies` hops are
    # ours, so the entry just before them is the client. Entries further left are the client's
    # own claims and cannot be trusted. A shorter chain did not come through our proxies.
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    chain = [*forwarded, remote]
    candidate = chain[-(proxies + 1)] if len(chain) > proxies else remote
    return _valid(candidate) or _valid(remote) or remote
