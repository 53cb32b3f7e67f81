"""The API's rate limit: requests per client address, counted in the cache."""

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

from website.clients import client_address


class AddressRateThrottle(SimpleRateThrottle):
    """Limit requests per client address (the one the site's other limits count by)."""

    scope = "api"

    def get_rate(self):
        # Read at each request, not once at import, so a deployment (or a test) can change it.
        return settings.API_THROTTLE_RATE

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
