"""Admin wiring: event types as snippets, presentation requests as a model viewset."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from events.models import EventType, PresentationRequest


class EventTypeViewSet(SnippetViewSet):
    model = EventType
    icon = "tag"
    menu_label = _("Types d'événements")
    list_display = ["name", "slug", "sort_order"]
    add_to_admin_menu = False


register_snippet(EventTypeViewSet)


class PresentationRequestViewSet(ModelViewSet):
    model = PresentationRequest
    icon = "mail"
    menu_label = _("Demandes de présentation")
    menu_order = 250
    add_to_admin_menu = True
    list_display = ["organization", "topic", "preferred_dates", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["organization", "contact_name", "topic"]
    ordering = ["-created_at"]
    form_fields = [
        "status",
        "staff_notes",
        "organization",
        "contact_name",
        "email",
        "phone",
        "topic",
        "audience",
        "preferred_dates",
        "place",
        "message",
    ]
    inspect_view_enabled = True


@hooks.register("register_admin_viewset")
def register_presentation_requests():
    return PresentationRequestViewSet("presentation_requests")
