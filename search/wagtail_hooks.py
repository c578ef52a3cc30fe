from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from search.models import SynonymGroup


class SynonymGroupViewSet(SnippetViewSet):
    model = SynonymGroup
    icon = "search"
    menu_label = _("Synonymes de recherche")
    list_display = ["__str__", "note"]
    search_fields = ["words"]
    search_backend_name = None  # a plain database filter: the list is short
    add_to_admin_menu = False


register_snippet(SynonymGroupViewSet)
