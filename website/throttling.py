"""The pages a throttled client sees: a locked-out login, too many CSV downloads at once."""

import math

from django.conf import settings
from django.shortcuts import render

# django-axes answers a locked-out login with this status; ours says the same.
LOCKOUT_STATUS = 429
CSV_BUSY_STATUS = 429
# Seconds a client is asked to wait before trying another download; a download usually takes less.
CSV_RETRY_AFTER_SECONDS = 30


def login_locked_out(request, original_response=None, credentials=None):
    """Answer a login refused for repeated failures with a page that says when to try again."""
    seconds = int(settings.AXES_COOLOFF_TIME.total_seconds())
    # The language switch leads home: the login form's address would only lock out again.
    context = {"minutes": math.ceil(seconds / 60), "error_page": True}
    response = render(request, "errors/lockout.html", context, status=LOCKOUT_STATUS)
    response["Retry-After"] = str(seconds)
    return response


def csv_downloads_busy(request):
    """Answer a CSV download over the client's limit of simultaneous downloads."""
    context = {"limit": settings.CSV_DOWNLOADS_PER_CLIENT, "error_page": True}
    response = render(request, "errors/csv_busy.html", context, status=CSV_BUSY_STATUS)
    response["Retry-After"] = str(CSV_RETRY_AFTER_SECONDS)
    return response
