"""Handle test client responses as a server would."""

from django.core.signals import request_finished
from django.db import close_old_connections


def hang_up(response):
    """Close an unread response as the server does when its client leaves."""
    # As Django's test client does: closing fires request_finished, whose connection clean-up
    # would end the test's transaction.
    request_finished.disconnect(close_old_connections)
    try:
        response.close()
    finally:
        request_finished.connect(close_old_connections)
