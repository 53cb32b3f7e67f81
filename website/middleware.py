"""Request handling shared by every page."""

from django.http import QueryDict

NUL = "\x00"


class QueryStringNulMiddleware:
    """Drop NUL characters from the query string's names and values.

    No record can contain one and PostgreSQL refuses them in any text it is sent, so a NUL
    typed into a search box or a filter would otherwise turn a harmless request into an error.
    Form posts need no such care: Django's form fields already reject NUL with a message.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if any(NUL in key or any(NUL in value for value in values) for key, values in request.GET.lists()):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace(NUL, ""), [value.replace(NUL, "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
