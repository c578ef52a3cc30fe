"""The night log's queries, edit form and permissions (the models live in lune_site.models)."""

from django.conf import settings
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.models import PageManager, PagePermissionTester
from wagtail.query import PageQuerySet

NUMBER_FIELDS = (
    "beds_occupied",
    "arrivals",
    "turned_away_full",
    "turned_away_criteria",
    "turned_away_safety",
    "turned_away_other",
    "hygiene_kits_given",
    "snacks_given",
)


def staff_group_members():
    """Who may be named on a shift: the staff group's members (staff and peer helpers)."""
    return Q(groups__name=settings.STAFF_GROUP_NAME, is_active=True)


class NightLogQuerySet(PageQuerySet):
    def in_period(self, start, end):
        """Nights from `start` (included) to `end` (excluded)."""
        return self.filter(night__gte=start, night__lt=end)

    def with_key_figures(self):
        """Each night with its number of incidents and people turned away, in one query.

        The counts are correlated subqueries: a page of recent nights reads the night index and
        counts only the nights shown, where a grouped count would count every night first."""
        from lune_site.models import NightLogIncident

        def incidents_counted(**conditions):
            counted = (
                NightLogIncident.objects.filter(page=OuterRef("pk"), **conditions)
                .order_by()
                .values("page")
                .annotate(number=Count("pk"))
                .values("number")
            )
            return Coalesce(Subquery(counted), Value(0), output_field=IntegerField())

        return self.annotate(
            incident_count=incidents_counted(),
            open_follow_up_count=incidents_counted(follow_up_needed=True, follow_up_done=False),
            turned_away_total=F("turned_away_full")
            + F("turned_away_criteria")
            + F("turned_away_safety")
            + F("turned_away_other"),
        )


NightLogPageManager = PageManager.from_queryset(NightLogQuerySet)


class NightLogForm(WagtailAdminPageForm):
    """The night log's admin form: phone-friendly number inputs and plain French messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in NUMBER_FIELDS:
            field = self.fields.get(name)
            if field is None:
                continue
            field.error_messages["min_value"] = _("Le nombre ne peut pas être négatif.")
            field.error_messages["invalid"] = _("Écrire un nombre entier, par exemple 3.")
            field.widget.attrs.setdefault("inputmode", "numeric")
        if "night" in self.fields:
            self.fields["night"].error_messages["invalid"] = _(
                "Écrire la date comme ceci : 2025-03-14."
            )
            self.fields["night"].error_messages["required"] = _("Indiquer la date de la nuit.")


class NightLogPermissionTester(PagePermissionTester):
    """A night log is never copied: a copy would carry the same date (one log per night)."""

    def can_copy(self):
        return False

    def can_copy_to(self, destination, recursive=False):
        return False
