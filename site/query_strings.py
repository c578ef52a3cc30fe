"""NUL characters are taken out of query strings before any view reads them."""

from django.http import QueryDict


def holds_nul(querydict):
    return any(
        "\x00" in key or any("\x00" in v for v in values) for key, values in querydict.lists()
    )


class StripNulFromQueryString:
    """A NUL in the query string is dropped, so the page answers as if it had not been there.

    No visitor types one, and PostgreSQL text cannot hold one: any view filtering on a
    parameter (`?quartier=`, `?type=`) would fail in the database. Forms strip NUL themselves.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if holds_nul(request.GET):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace("\x00", ""), [v.replace("\x00", "") for v in values])
            request.META["QUERY_STRING"] = cleaned.urlencode()
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)
