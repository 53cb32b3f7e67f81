"""Every refusal of the API as JSON."""

from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.views import exception_handler as drf_exception_handler

ERROR_PARAMETERS = _("Some parameters were not understood.")


def exception_handler(exc, context):
    """Answer {"detail": ...}, with {"errors": {parameter: [...]}} for refused parameters."""
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        errors = exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
        response.data = {"detail": str(ERROR_PARAMETERS), "errors": errors}
    return response
