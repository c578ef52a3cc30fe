"""The project's routes plus careless views: the leak probe must catch every one of them."""

from django.http import HttpResponse, JsonResponse
from django.urls import path
from wagtail.models import Page

from lune_site.urls import urlpatterns as project_urlpatterns


def all_titles(request):
    return HttpResponse(", ".join(Page.objects.values_list("title", flat=True)))


def ungated_search(request):
    results = Page.objects.live().search(request.GET.get("q", "")) if request.GET.get("q") else []
    return JsonResponse({"results": [page.title for page in results]})


def draft_titles(request):
    return HttpResponse(", ".join(Page.objects.live().values_list("draft_title", flat=True)))


urlpatterns = [
    path("fuite/titres/", all_titles),
    path("fuite/recherche/", ungated_search),
    path("fuite/brouillons/", draft_titles),
    *project_urlpatterns,
]
