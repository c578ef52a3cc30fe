"""Figures for funders: the shelter's nights, refusals, hygiene kits and incidents by period.

Everything is counted by the database (aggregates), from published night logs only.
"""

import calendar
import csv
import datetime
import re
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from lune_site.charts import bar_chart

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{1,2})$")
YEAR_PATTERN = re.compile(r"^(\d{4})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Period:
    """A calendar month or year: nights from `start` (included) to `end` (excluded)."""

    kind: str  # "mois" or "annee"
    start: datetime.date
    end: datetime.date

    @classmethod
    def month(cls, year, month):
        last_day = calendar.monthrange(year, month)[1]
        start = datetime.date(year, month, 1)
        return cls("mois", start, start + datetime.timedelta(days=last_day))

    @classmethod
    def year(cls, year):
        return cls("annee", datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))

    @property
    def value(self):
        """The query-string value that names this period: 2025-03 or 2025."""
        if self.kind == "mois":
            return self.start.strftime("%Y-%m")
        return str(self.start.year)

    @property
    def label(self):
        if self.kind == "mois":
            return date_format(self.start, "F Y")
        return str(self.start.year)

    @property
    def days(self):
        return (self.end - self.start).days

    @property
    def previous(self):
        if self.kind == "mois":
            before = self.start - datetime.timedelta(days=1)
            return Period.month(before.year, before.month)
        return Period.year(self.start.year - 1)

    @property
    def next(self):
        if self.kind == "mois":
            return Period.month(self.end.year, self.end.month)
        return Period.year(self.start.year + 1)

    def query_string(self):
        return f"{self.kind}={self.value}"


def current_month(today=None):
    today = today or timezone.localdate()
    return Period.month(today.year, today.month)


def period_from_query(query, today=None):
    """The period asked for by `?mois=AAAA-MM` or `?annee=AAAA`, and an error message or None.

    Without a period, or with a bad one, the current month is given (with the message).
    """
    month_text = (query.get("mois") or "").strip()[:20]
    year_text = (query.get("annee") or "").strip()[:20]
    if month_text:
        match = MONTH_PATTERN.match(month_text)
        if match:
            year, month = int(match.group(1)), int(match.group(2))
            if FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12:
                return Period.month(year, month), None
        return current_month(today), _(
            "« %(value)s » n'est pas un mois valide : écrire l'année et le mois, "
            "par exemple 2025-03."
        ) % {"value": month_text}
    if year_text:
        match = YEAR_PATTERN.match(year_text)
        if match and FIRST_YEAR <= int(year_text) <= LAST_YEAR:
            return Period.year(int(year_text)), None
        return current_month(today), _(
            "« %(value)s » n'est pas une année valide : écrire quatre chiffres, par exemple 2025."
        ) % {"value": year_text}
    return current_month(today), None


@dataclass
class FigureTable:
    """One set of figures: a title, its rows (label, value) and the chart drawn from them."""

    slug: str
    title: str
    rows: list
    unit: str = ""
    max_value: float | None = None
    total: float | None = None
    chart: str = field(default="", repr=False)

    def __post_init__(self):
        self.chart = bar_chart(
            self.title, self.rows, unit=self.unit, max_value=self.max_value, chart_id=self.slug
        )


@dataclass
class ShelterFigures:
    period: Period
    nights_open: int
    beds_occupied: int
    beds_available: int
    occupancy_rate: float | None
    arrivals: int
    snacks: int
    tables: list


def _sum(value):
    return value or 0


def shelter_figures(period):
    """The funders' figures for `period`, each as a table of (label, value) rows with a chart."""
    from lune_site.models import (
        HygieneKitBatch,
        NightLogIncident,
        NightLogPage,
        OutreachKitDistribution,
    )

    logs = NightLogPage.objects.live().in_period(period.start, period.end)
    totals = logs.aggregate(
        nights=Count("pk"),
        beds=Sum("beds_occupied"),
        capacity=Sum("capacity"),
        arrivals=Sum("arrivals"),
        full=Sum("turned_away_full"),
        criteria=Sum("turned_away_criteria"),
        safety=Sum("turned_away_safety"),
        other=Sum("turned_away_other"),
        kits=Sum("hygiene_kits_given"),
        snacks=Sum("snacks_given"),
    )
    assembled = HygieneKitBatch.objects.filter(
        assembled_on__gte=period.start, assembled_on__lt=period.end
    ).aggregate(n=Sum("number"))["n"]
    outreach = OutreachKitDistribution.objects.filter(
        given_on__gte=period.start, given_on__lt=period.end
    ).aggregate(n=Sum("number"))["n"]
    incident_counts = dict(
        NightLogIncident.objects.filter(page__in=logs.values("pk"))
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )

    nights, beds, capacity = totals["nights"], _sum(totals["beds"]), _sum(totals["capacity"])
    rate = round(100 * beds / capacity, 1) if capacity else None
    turned_away = [
        (_("Complet"), _sum(totals["full"])),
        (_("Hors critères"), _sum(totals["criteria"])),
        (_("Sécurité"), _sum(totals["safety"])),
        (_("Autre"), _sum(totals["other"])),
    ]
    kits = [
        (_("Assemblées"), _sum(assembled)),
        (_("Remises à l'hébergement"), _sum(totals["kits"])),
        (_("Remises en proximité"), _sum(outreach)),
    ]
    incidents = [
        (str(label), incident_counts.get(kind, 0)) for kind, label in NightLogIncident.KIND_CHOICES
    ]
    tables = [
        FigureTable(
            "nuits",
            _("Nuits"),
            [(_("Nuits ouvertes"), nights), (_("Nuits de la période"), period.days)],
            max_value=period.days,
        ),
        FigureTable(
            "occupation",
            _("Taux d'occupation"),
            # No night, no rate: None, shown as a dash, never as 0 %.
            [(_("Lits occupés / disponibles"), rate)],
            unit=" %",
            max_value=100,
        ),
        FigureTable(
            "refus",
            _("Personnes refusées, par raison"),
            turned_away,
            total=sum(value for _label, value in turned_away),
        ),
        FigureTable("trousses", _("Trousses d'hygiène"), kits),
        FigureTable(
            "incidents",
            _("Incidents, par type"),
            incidents,
            total=sum(value for _label, value in incidents),
        ),
    ]
    return ShelterFigures(
        period=period,
        nights_open=nights,
        beds_occupied=beds,
        beds_available=capacity,
        occupancy_rate=rate,
        arrivals=_sum(totals["arrivals"]),
        snacks=_sum(totals["snacks"]),
        tables=tables,
    )


def _total(queryset, field):
    """The sum of `field` over `queryset` (0 when empty), as an expression for another query."""
    summed = (
        queryset.order_by()
        .annotate(whole=Value(1))
        .values("whole")
        .annotate(total=Sum(field))
        .values("total")
    )
    return Coalesce(Subquery(summed), Value(0), output_field=IntegerField())


def kit_stock():
    """Hygiene kits on hand today: all assembled, less all handed out (shelter and outreach)."""
    from wagtail.models import Locale

    from lune_site.models import HygieneKitBatch, NightLogPage, OutreachKitDistribution

    summed = {
        "assembled": (HygieneKitBatch.objects.all(), "number"),
        "at_shelter": (NightLogPage.objects.live(), "hygiene_kits_given"),
        "outreach": (OutreachKitDistribution.objects.all(), "number"),
    }
    totals = {name: _total(queryset, field) for name, (queryset, field) in summed.items()}
    # The three sums in one query, read beside the default locale (a Wagtail site always has it).
    sums = Locale.objects.order_by().values(**totals).first()
    return {
        "assembled": sums["assembled"],
        "given": sums["at_shelter"] + sums["outreach"],
        "on_hand": sums["assembled"] - sums["at_shelter"] - sums["outreach"],
    }


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "|", "%")


def spreadsheet_safe(value):
    """A CSV cell a spreadsheet will never run as a formula (text only; numbers stay numbers)."""
    if value is None:
        return ""
    if isinstance(value, int | float):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def figures_rows(figures):
    period = figures.period
    yield (_("Période"), period.label, f"{period.start.isoformat()} / {period.end.isoformat()}")
    yield (_("Nuits"), _("Lits occupés (total des nuits)"), figures.beds_occupied)
    yield (_("Nuits"), _("Lits disponibles (total des nuits)"), figures.beds_available)
    yield (_("Nuits"), _("Arrivées"), figures.arrivals)
    yield (_("Nuits"), _("Collations servies"), figures.snacks)
    for table in figures.tables:
        for label, value in table.rows:
            yield (table.title, label, value)


def figures_csv_response(figures, period):
    """The same figures as the page, as a CSV file (UTF-8 with a BOM, for spreadsheets)."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="chiffres-hebergement-{period.value}.csv"'
    )
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([_("Section"), _("Indicateur"), _("Valeur")])
    for row in figures_rows(figures):
        writer.writerow([spreadsheet_safe(cell) for cell in row])
    return response
