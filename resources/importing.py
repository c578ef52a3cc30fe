"""CSV import and export of resources, shared by the management commands and the admin.

One file format both ways (COLUMNS). Reading never writes: rows are parsed and checked first,
and nothing changes while any row is wrong, unless told to skip the bad rows. Writing creates or
updates published pages (with a revision) and indexes them for search and references once, at
the end. New pages are written in bulk (see `ResourceImporter.create_pages`).
"""

import csv
import datetime
import io
import logging
import re
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import connection, transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_all_child_relations
from modelsearch.backends import get_search_backends
from modelsearch.signal_handlers import post_delete_signal_handler, post_save_signal_handler
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.signal_handlers import disable_reference_index_auto_update
from wagtail.signals import page_published, published

from resources.models import (
    Category,
    Neighbourhood,
    OpeningHours,
    ResourceLibraryPage,
    ResourcePage,
    ResourceTag,
)

wagtail_logger = logging.getLogger("wagtail")
# New pages written per round of bulk queries; lookups by external_id per query.
CREATE_BATCH = 500
LOOKUP_BATCH = 900

COLUMNS = [
    "external_id",
    "name",
    "summary",
    "description",
    "category",
    "tags",
    "neighbourhood",
    "address",
    "city",
    "postal_code",
    "phone",
    "email",
    "website",
    "hours",
    "cost",
    "languages",
    "eligibility",
    "documents_to_bring",
    "accessibility",
    "last_verified",
]
REQUIRED_COLUMNS = ["external_id", "name", "summary", "category"]
# Plain text columns and the page field each one fills.
TEXT_FIELDS = {
    "name": "title",
    "summary": "summary",
    "description": "description",
    "address": "address",
    "city": "city",
    "postal_code": "postal_code",
    "phone": "phone",
    "email": "email",
    "website": "website",
    "eligibility": "eligibility",
    "documents_to_bring": "documents_to_bring",
    "accessibility": "accessibility",
}
MAX_LENGTHS = {
    "external_id": 64,
    "name": 255,
    "summary": 300,
    "address": 200,
    "city": 80,
    "postal_code": 10,
    "phone": 40,
    "email": 254,
    "website": 200,
    "languages": 200,
}

# --- Spreadsheet formula protection ------------------------------------------------------

# A cell a spreadsheet would run as a formula (OWASP's list); quotes already in front count too,
# so that protecting and unprotecting are exact inverses.
_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_PROTECTED = re.compile(r"^'+[=+\-@\t\r]")


def protect_cell(value):
    """Make a value inert in a spreadsheet: a leading quote before a formula character."""
    return f"'{value}" if _FORMULA.match(value) else value


def unprotect_cell(value):
    """Undo `protect_cell`."""
    return value[1:] if _PROTECTED.match(value) else value


# --- Hours: "lun-ven 09:00-17:00; sam 10:00-14:00; dim fermé" ----------------------------

DAY_NAMES = {
    "lun": 0,
    "lundi": 0,
    "mar": 1,
    "mardi": 1,
    "mer": 2,
    "mercredi": 2,
    "jeu": 3,
    "jeudi": 3,
    "ven": 4,
    "vendredi": 4,
    "sam": 5,
    "samedi": 5,
    "dim": 6,
    "dimanche": 6,
}
DAY_SHORT = ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]
EVERY_DAY = ("tous les jours", "tlj", "7 jours")
CLOSED_WORDS = ("fermé", "ferme", "fermée", "closed")
_TIME = re.compile(r"^(\d{1,2})\s*(?:[:h]\s*(\d{2})?)?$")
_RANGE = re.compile(
    r"(\d{1,2}\s*[:h]\s*\d{0,2}|\d{1,2})\s*(?:-|–|à|a)\s*(\d{1,2}\s*[:h]\s*\d{0,2}|\d{1,2})"
)


class HoursError(ValueError):
    pass


def parse_time(text):
    match = _TIME.match(text.strip().lower())
    if not match:
        raise HoursError(f"heure illisible « {text.strip()} » (écrire 09:00)")
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if hour == 24 and minute == 0:
        hour, minute = 23, 59
    if hour > 23 or minute > 59:
        raise HoursError(f"heure impossible « {text.strip()} »")
    return datetime.time(hour, minute)


def parse_days(text):
    text = " ".join(text.lower().split())
    if text in EVERY_DAY:
        return list(range(7))
    days = []
    for part in re.split(r"\s*,\s*|\s+et\s+", text):
        if not part:
            continue
        if "-" in part or "–" in part:
            first, _sep, last = re.split(r"\s*([-–])\s*", part, maxsplit=1)
            if first not in DAY_NAMES or last not in DAY_NAMES:
                raise HoursError(f"jours illisibles « {part} » (ex. lun-ven)")
            start, end = DAY_NAMES[first], DAY_NAMES[last]
            span = range(start, end + 1) if start <= end else [*range(start, 7), *range(0, end + 1)]
            days.extend(span)
        elif part in DAY_NAMES:
            days.append(DAY_NAMES[part])
        else:
            raise HoursError(f"jour inconnu « {part} » (lun, mar, mer, jeu, ven, sam, dim)")
    if not days:
        raise HoursError("jours manquants")
    return days


def parse_hours(text):
    """Weekly hours from French text; returns sorted [(weekday, opens, closes)]."""
    ranges = set()
    for segment in (s.strip() for s in text.split(";")):
        if not segment:
            continue
        lowered = segment.lower()
        closed = next((w for w in CLOSED_WORDS if lowered.endswith(w)), None)
        if closed:
            parse_days(lowered[: -len(closed)])
            continue
        first_range = _RANGE.search(lowered)
        if first_range is None:
            raise HoursError(f"« {segment} » : ni heures (09:00-17:00) ni « fermé »")
        days = parse_days(lowered[: first_range.start()])
        times = lowered[first_range.start() :]
        found = list(_RANGE.finditer(times))
        leftover = _RANGE.sub("", times).replace(",", " ").replace("et", " ").strip()
        if leftover:
            raise HoursError(f"« {segment} » : texte en trop « {leftover} »")
        for match in found:
            opens, closes = parse_time(match.group(1)), parse_time(match.group(2))
            if opens == closes:
                raise HoursError(
                    f"« {match.group(0)} » : la fermeture doit différer de l'ouverture"
                )
            for day in days:
                ranges.add((day, opens, closes))
    return sorted(ranges)


def format_hours(ranges):
    """The text `parse_hours` reads back: days with the same ranges grouped (lun-ven)."""
    by_day = {day: [] for day in range(7)}
    for day, opens, closes in sorted(ranges):
        by_day[day].append(f"{opens:%H:%M}-{closes:%H:%M}")
    if not any(by_day.values()):
        return ""
    if all(by_day[d] == by_day[0] for d in range(7)):
        return f"tous les jours {', '.join(by_day[0])}"
    parts, day = [], 0
    while day < 7:
        if not by_day[day]:
            day += 1
            continue
        end = day
        while end + 1 < 7 and by_day[end + 1] == by_day[day]:
            end += 1
        days = DAY_SHORT[day] if end == day else f"{DAY_SHORT[day]}-{DAY_SHORT[end]}"
        if end == day + 1:
            days = f"{DAY_SHORT[day]}, {DAY_SHORT[end]}"
        parts.append(f"{days} {', '.join(by_day[day])}")
        day = end + 1
    return "; ".join(parts)


def hours_of(page):
    return sorted((h.weekday, h.opens, h.closes) for h in page.hours.all())


# --- Cost ------------------------------------------------------------------------------

COST_WORDS = {
    "gratuit": ResourcePage.COST_FREE,
    "gratuite": ResourcePage.COST_FREE,
    "free": ResourcePage.COST_FREE,
    "faible coût": ResourcePage.COST_LOW,
    "faible cout": ResourcePage.COST_LOW,
    "à faible coût": ResourcePage.COST_LOW,
    "a faible cout": ResourcePage.COST_LOW,
    "low": ResourcePage.COST_LOW,
    "payant": ResourcePage.COST_PAID,
    "paid": ResourcePage.COST_PAID,
}
COST_LABELS = {
    ResourcePage.COST_FREE: "gratuit",
    ResourcePage.COST_LOW: "faible coût",
    ResourcePage.COST_PAID: "payant",
}


def parse_cost(text):
    word, _sep, note = text.partition(":")
    word = " ".join(word.lower().split())
    if not word:
        return ResourcePage.COST_FREE, note.strip()
    if word not in COST_WORDS:
        raise ValueError(f"coût inconnu « {word} » (gratuit, faible coût ou payant)")
    return COST_WORDS[word], note.strip()


def format_cost(cost, note):
    label = COST_LABELS.get(cost, cost)
    return f"{label} : {note}" if note else label


def split_list(text):
    items = []
    for item in (part.strip() for part in text.split(";")):
        if item and item not in items:
            items.append(item)
    return items


def parse_date(text):
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(f"date illisible « {text} » (écrire AAAA-MM-JJ, ex. 2026-03-14)")


# --- Reading a file ----------------------------------------------------------------------


@dataclass
class RowError:
    line: int
    column: str
    message: str

    def __str__(self):
        where = f"ligne {self.line}" + (f", colonne « {self.column} »" if self.column else "")
        return f"{where} : {self.message}"


@dataclass
class ParsedRow:
    line: int
    external_id: str
    fields: dict  # page field -> value
    tags: list | None = None
    hours: list | None = None


@dataclass
class ImportReport:
    rows: int = 0
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    skipped_lines: list = field(default_factory=list)
    applied: bool = False
    dry_run: bool = False

    @property
    def changed(self):
        return bool(self.created or self.updated)

    def summary(self):
        if self.errors and not self.applied and not self.dry_run:
            return (
                f"{len(self.errors)} erreur(s) : rien n'a été changé "
                "(corriger le fichier, ou importer les lignes valides seulement)."
            )
        prefix = "Simulation : " if self.dry_run else ""
        if not self.changed:
            text = f"{prefix}rien n'a changé ({len(self.unchanged)} ressource(s) déjà à jour)."
        else:
            verb = "seraient" if self.dry_run else "ont été"
            text = (
                f"{prefix}{len(self.created)} ressource(s) {verb} créée(s), "
                f"{len(self.updated)} mise(s) à jour, {len(self.unchanged)} inchangée(s)."
            )
        if self.skipped_lines:
            text += f" {len(self.skipped_lines)} ligne(s) ignorée(s) pour erreur."
        return text


def decode(data):
    """Text from bytes: UTF-8 (with or without BOM), else Windows-1252 (Excel's default)."""
    if isinstance(data, str):
        return data.lstrip("\ufeff")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def sniff_delimiter(text):
    header = text.split("\n", 1)[0]
    return ";" if header.count(";") > header.count(",") else ","


class ResourceImporter:
    """Read, check and apply a CSV file of resources."""

    def __init__(self, parent=None, user=None):
        self.parent = parent
        self.user = user
        self.categories = list(Category.objects.all())
        self.neighbourhoods = list(Neighbourhood.objects.all())

    # --- Lookups by name or slug ---

    @staticmethod
    def _lookup(objects, value):
        wanted = value.strip().lower()
        for obj in objects:
            if wanted in (obj.slug.lower(), obj.name.lower()) or slugify(value) == obj.slug:
                return obj
        return None

    def parse(self, data, report):
        """Parse every row of `data` (bytes or text); errors go to `report.errors`."""
        text = decode(data)
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(text))
        try:
            header = next(reader)
        except StopIteration:
            report.errors.append(RowError(1, "", "fichier vide"))
            return []
        header = [unprotect_cell(h).strip().lower() for h in header]
        missing = [c for c in REQUIRED_COLUMNS if c not in header]
        if missing:
            for column in missing:
                report.errors.append(RowError(1, column, "colonne obligatoire manquante"))
            return []
        unknown = [h for h in header if h and h not in COLUMNS]
        for column in unknown:
            report.errors.append(
                RowError(1, column, f"colonne inconnue (colonnes : {', '.join(COLUMNS)})")
            )
        if unknown:
            return []
        rows, seen = [], {}
        line = reader.line_num + 1
        for cells in reader:
            start, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            report.rows += 1
            values = {
                name: unprotect_cell(cells[i]) if i < len(cells) else ""
                for i, name in enumerate(header)
                if name
            }
            errors = []
            row = self.parse_row(start, values, errors)
            if row is not None and row.external_id in seen:
                errors.append(
                    RowError(
                        start,
                        "external_id",
                        f"« {row.external_id} » est déjà à la ligne {seen[row.external_id]}",
                    )
                )
            if errors:
                report.errors.extend(errors)
                report.skipped_lines.append(start)
                continue
            seen[row.external_id] = start
            rows.append(row)
        return rows

    def parse_row(self, line, values, errors):
        def error(column, message):
            errors.append(RowError(line, column, message))

        fields = {}
        external_id = values.get("external_id", "").strip()
        if not external_id:
            error("external_id", "identifiant manquant")
        for column, limit in MAX_LENGTHS.items():
            if len(values.get(column, "")) > limit:
                error(column, f"trop long ({len(values[column])} caractères, maximum {limit})")
        for column, field_name in TEXT_FIELDS.items():
            if column in values:
                fields[field_name] = values[column].strip()
        if not fields.get("title"):
            error("name", "nom manquant")
        if not fields.get("summary"):
            error("summary", "résumé manquant")
        if "category" in values:
            category = self._lookup(self.categories, values["category"])
            if not values["category"].strip():
                error("category", "catégorie manquante")
            elif category is None:
                names = ", ".join(c.name for c in self.categories)
                error(
                    "category",
                    f"catégorie inconnue « {values['category'].strip()} » "
                    f"(catégories possibles : {names})",
                )
            fields["category"] = category
        if "neighbourhood" in values:
            neighbourhood = None
            if values["neighbourhood"].strip():
                neighbourhood = self._lookup(self.neighbourhoods, values["neighbourhood"])
                if neighbourhood is None:
                    names = ", ".join(n.name for n in self.neighbourhoods)
                    error(
                        "neighbourhood",
                        f"quartier inconnu « {values['neighbourhood'].strip()} » "
                        f"(quartiers possibles : {names})",
                    )
            fields["neighbourhood"] = neighbourhood
        if fields.get("email"):
            try:
                EmailValidator()(fields["email"])
            except ValidationError:
                error("email", f"courriel invalide « {fields['email']} »")
        if fields.get("website"):
            try:
                URLValidator(schemes=["http", "https"])(fields["website"])
            except ValidationError:
                error("website", f"adresse web invalide « {fields['website']} » (https://...)")
        if "cost" in values:
            try:
                fields["cost"], fields["cost_note"] = parse_cost(values["cost"])
            except ValueError as problem:
                error("cost", str(problem))
        if "languages" in values:
            fields["languages"] = "; ".join(split_list(values["languages"]))
        if "last_verified" in values:
            fields["last_verified"] = None
            if values["last_verified"].strip():
                try:
                    fields["last_verified"] = parse_date(values["last_verified"])
                except ValueError as problem:
                    error("last_verified", str(problem))
        hours = None
        if "hours" in values:
            try:
                hours = parse_hours(values["hours"])
            except HoursError as problem:
                error("hours", f"horaire illisible : {problem}")
        tags = split_list(values["tags"]) if "tags" in values else None
        if tags and any(len(tag) > 100 for tag in tags):
            error("tags", "étiquette trop longue (100 caractères au plus)")
        if errors:
            return None
        return ParsedRow(line, external_id, fields, tags, hours)

    # --- Comparing and writing ---

    @staticmethod
    def differs(page, row):
        for name, value in row.fields.items():
            if name in ("category", "neighbourhood"):
                # Compare ids: reading the related object would cost a query per row.
                current = getattr(page, f"{name}_id")
                value = value.pk if value is not None else None
            else:
                current = getattr(page, name)
            if current != value:
                return True
        if row.tags is not None and sorted(t.name for t in page.tags.all()) != sorted(row.tags):
            return True
        return row.hours is not None and hours_of(page) != row.hours

    @staticmethod
    def fill(page, row, tags=None):
        """Set the row's values on `page`; `tags` maps names to tags found beforehand."""
        for name, value in row.fields.items():
            setattr(page, name, value)
        if row.tags is not None:
            page.tags.set([tags[name] for name in row.tags] if tags else row.tags)
        if row.hours is not None:
            page.hours = [
                OpeningHours(weekday=day, opens=opens, closes=closes, sort_order=n)
                for n, (day, opens, closes) in enumerate(row.hours)
            ]

    def library(self):
        if self.parent is not None:
            return self.parent
        library = (
            ResourceLibraryPage.objects.filter(locale__language_code="fr").first()
            or ResourceLibraryPage.objects.first()
        )
        if library is None:
            raise ValueError("Aucune bibliothèque de ressources : lancer `manage.py setup_site`.")
        return library

    def unique_slug(self, parent, title, taken):
        base = slugify(title)[:70] or "ressource"
        slug, n = base, 2
        while slug in taken:
            slug, n = f"{base}-{n}", n + 1
        taken.add(slug)
        return slug

    def run(self, data, *, dry_run=False, skip_invalid=False, progress=None):
        """Parse `data` and, unless errors stop it, create or update the resources."""
        report = ImportReport(dry_run=dry_run)
        rows = self.parse(data, report)
        existing = self.existing_pages([r.external_id for r in rows])
        plan = []
        for row in rows:
            page = existing.get(row.external_id)
            if page is None:
                report.created.append(row.external_id)
                plan.append((row, None))
            elif self.differs(page, row):
                report.updated.append(row.external_id)
                plan.append((row, page))
            else:
                report.unchanged.append(row.external_id)
        if dry_run or (report.errors and not skip_invalid) or not plan:
            return report
        self.apply(plan, progress)
        report.applied = True
        return report

    @staticmethod
    def existing_pages(external_ids):
        """The resources with these external ids, with their tags and hours, by external id."""
        found = {}
        for start in range(0, len(external_ids), LOOKUP_BATCH):
            batch = external_ids[start : start + LOOKUP_BATCH]
            pages = ResourcePage.objects.filter(external_id__in=batch).prefetch_related(
                "tags", "hours"
            )
            found.update((page.external_id, page) for page in pages)
        return found

    @staticmethod
    def find_tags(plan):
        """Every tag the plan names, by name, created where missing (as taggit does: by exact
        name, `get_or_create`), so that filling a page costs no query."""
        tag_model = ResourceTag.tag_model()
        # In the file's order: new tags get their ids in the order page-by-page saving gave.
        names = list(dict.fromkeys(name for row, _page in plan for name in row.tags or ()))
        tags = {}
        for start in range(0, len(names), LOOKUP_BATCH):
            batch = names[start : start + LOOKUP_BATCH]
            tags.update((tag.name, tag) for tag in tag_model.objects.filter(name__in=batch))
        for name in names:
            if name not in tags:
                tags[name], _created = tag_model.objects.get_or_create(
                    name=name, defaults={"name": name}
                )
        return tags

    @transaction.atomic
    def apply(self, plan, progress=None):
        parent = self.library()
        taken = set(parent.get_children().values_list("slug", flat=True))
        tags = self.find_tags(plan)
        new_rows = [row for row, page in plan if page is None]
        changed = [(row, page) for row, page in plan if page is not None]
        saved_ids, done = [], 0
        # Search entries and references are written once per page at the end, not on every
        # save (a published page is saved three times, each child row once more).
        with search_index_paused(ResourcePage), disable_reference_index_auto_update():
            if connection.features.can_return_rows_from_bulk_insert:
                for start in range(0, len(new_rows), CREATE_BATCH):
                    pages = self.create_pages(
                        parent, new_rows[start : start + CREATE_BATCH], taken, tags
                    )
                    for page in pages:
                        saved_ids.append(page.pk)
                        done += 1
                        if progress is not None:
                            progress(done, len(plan))
            else:  # no primary keys back from a bulk insert: Wagtail's own steps, page by page
                changed = [(row, None) for row in new_rows] + changed
            updated_ids = []
            for row, page in changed:
                if page is None:
                    page = ResourcePage(external_id=row.external_id, locale=parent.locale)
                    self.fill(page, row, tags)
                    page.slug = self.unique_slug(parent, page.title, taken)
                    parent.add_child(instance=page)
                else:
                    page = page.get_latest_revision_as_object()
                    self.fill(page, row, tags)
                # Publishing validates the page (full_clean) as it saves it: once is enough.
                revision = page.save_revision(user=self.user, log_action=True, clean=False)
                revision.publish(user=self.user)
                saved_ids.append(page.pk)
                updated_ids.append(page.pk)
                done += 1
                if progress is not None:
                    progress(done, len(plan))
        # From the saved rows, as Wagtail's own update after a save would read them.
        relations = [r.get_accessor_name() for r in get_all_child_relations(ResourcePage)]
        for start in range(0, len(updated_ids), LOOKUP_BATCH):
            batch = updated_ids[start : start + LOOKUP_BATCH]
            for page in ResourcePage.objects.filter(pk__in=batch).prefetch_related(*relations):
                ReferenceIndex.create_or_update_for_object(page)
        # Index once, in bulk, after the tags and hours are saved (in the same transaction,
        # so the database backend's index never holds a page that was rolled back).
        index_resources(saved_ids)

    # --- New pages in bulk ---

    def create_pages(self, parent, rows, taken, tags):
        """Create `rows` as published children of `parent` in a few queries for the batch.

        The rows written are those of Wagtail's `add_child`, `save_revision` and `publish` (the
        admin's create-and-publish): the tree path after the last child, the page as its first
        revision records it, the revision, then the page published from it (live, first and
        last published now, latest and live revision), the log entries "wagtail.create",
        "wagtail.edit" and "wagtail.publish", and `page_published` / `published` sent for each
        page. Pages are validated as `full_clean` would, less its queries: categories,
        neighbourhoods, tags and the locale come from the database, and slugs, paths and
        external ids are unique by construction. The pages go in with bulk inserts, so no
        per-page `pre_save`/`post_save`: what their receivers do here (search index, reference
        index) is done in bulk instead.
        """
        pages = self.new_pages(parent, rows, taken, tags)
        bases = self.insert_pages(parent, pages)
        OpeningHours.objects.bulk_create([hour for page in pages for hour in page.hours.all()])
        ResourceTag.objects.bulk_create(
            [item for page in pages for item in page.tagged_items.all()]
        )
        revisions = self.first_revisions(pages)
        # Publish: the page now points at its revision, live since now.
        for page, base, revision in zip(pages, bases, revisions, strict=True):
            page.latest_revision = page.live_revision = revision
            page.latest_revision_created_at = revision.created_at
            page.first_published_at = page.last_published_at = timezone.now()
            for name in PUBLISHED_FIELDS:
                setattr(base, name, getattr(page, name))
        Page.objects.bulk_update(bases, PUBLISHED_FIELDS)
        self.log_creation(pages, revisions)
        for page in pages:
            ReferenceIndex.create_or_update_for_object(page)
        for page, revision in zip(pages, revisions, strict=True):
            page_published.send(sender=ResourcePage, instance=page, revision=revision)
            published.send(sender=ResourcePage, instance=page, revision=revision)
            wagtail_logger.info(
                'Published: "%s" pk=%s revision_id=%d', page.title, page.pk, revision.pk
            )
        return pages

    def new_pages(self, parent, rows, taken, tags):
        """Unsaved pages for `rows`, filled, placed after the parent's last child, validated."""
        last = parent.get_last_child()
        path = last.path if last is not None else None
        depth = parent.depth + 1
        pages = []
        for row in rows:
            page = ResourcePage(external_id=row.external_id, locale=parent.locale)
            self.fill(page, row, tags)
            page.slug = self.unique_slug(parent, page.title, taken)
            # treebeard's add_child: one step after the last child (its own path arithmetic).
            page.path = (
                Page(path=path)._inc_path() if path else Page._get_path(parent.path, depth, 1)
            )
            path = page.path
            page.depth, page.numchild = depth, 0
            page.set_url_path(parent)
            page.draft_title = page.title
            page.live, page.has_unpublished_changes = True, False
            # The child rows nobody sets are empty in memory, so reading them costs no query.
            for relation in get_all_child_relations(page):
                accessor = relation.get_accessor_name()
                if not getattr(page, accessor).is_deferring:
                    setattr(page, accessor, [])
            page.clean_fields(exclude=FOREIGN_KEYS)
            pages.append(page)
        return pages

    @staticmethod
    def insert_pages(parent, pages):
        """Insert the pages' rows (base and resource tables); returns the base rows."""
        page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
        bases = [
            Page(**{f.attname: getattr(page, f.attname) for f in page_fields}) for page in pages
        ]
        Page.objects.bulk_create(bases)
        for page, base in zip(pages, bases, strict=True):
            page.pk = page.id = page.page_ptr_id = base.pk
            base._state.adding = page._state.adding = False
        fields = list(ResourcePage._meta.local_concrete_fields)
        size = max(1, connection.ops.bulk_batch_size(fields, pages))
        for start in range(0, len(pages), size):
            ResourcePage._base_manager._insert(
                pages[start : start + size], fields=fields, using=connection.alias
            )
        Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
        parent.numchild += len(pages)
        for page in pages:
            wagtail_logger.info(
                'Page created: "%s" id=%d content_type=%s.%s path=%s',
                page.title,
                page.id,
                ResourcePage._meta.app_label,
                ResourcePage.__name__,
                page.url_path,
            )
        return bases

    def first_revisions(self, pages):
        """Each page's first revision, as `save_revision` writes it (the content as saved)."""
        content_type = ContentType.objects.get_for_model(ResourcePage)
        base_content_type = ContentType.objects.get_for_model(Page)
        revisions = []
        for page in pages:
            revisions.append(
                Revision(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=str(page.pk),
                    created_at=timezone.now(),
                    user=self.user,
                    content=page.serializable_data(),
                    object_str=str(page),
                )
            )
        Revision.objects.bulk_create(revisions)
        for page, revision in zip(pages, revisions, strict=True):
            wagtail_logger.info(
                'Page edited: "%s" id=%d revision_id=%d', page.title, page.id, revision.id
            )
        return revisions

    def log_creation(self, pages, revisions):
        """The three log entries of a page created and published in the admin."""
        context = get_active_log_context()
        content_type = ContentType.objects.get_for_model(ResourcePage, for_concrete_model=False)
        # `add_child` logs the creation under the page's owner (none here), the rest under ours.
        user = self.user or context.user
        entries = []
        for page, revision in zip(pages, revisions, strict=True):
            for action, entry_revision, entry_user in (
                ("wagtail.create", None, page.owner or context.user),
                ("wagtail.edit", revision, user),
                ("wagtail.publish", revision, user),
            ):
                entries.append(
                    PageLogEntry(
                        content_type=content_type,
                        label=page.get_admin_display_title(),
                        action=action,
                        timestamp=timezone.now(),
                        data={},
                        page_id=page.pk,
                        user=entry_user,
                        uuid=context.uuid,
                        revision=entry_revision,
                        content_changed=True,
                    )
                )
        PageLogEntry.objects.bulk_create(entries)


# A published page's own fields, set once its revision exists.
PUBLISHED_FIELDS = [
    "latest_revision",
    "live_revision",
    "latest_revision_created_at",
    "first_published_at",
    "last_published_at",
]
# Checked without a query: the values come from the database or from the page's parent.
FOREIGN_KEYS = [
    f.name for f in ResourcePage._meta.concrete_fields if f.is_relation and f.many_to_one
]


@contextmanager
def search_index_paused(*models):
    """Stop indexing on each save of `models` (re-index in bulk afterwards)."""
    paused = []
    for model in models:
        if post_save.disconnect(post_save_signal_handler, sender=model):
            paused.append(model)
        post_delete.disconnect(post_delete_signal_handler, sender=model)
    try:
        yield
    finally:
        for model in paused:
            post_save.connect(post_save_signal_handler, sender=model)
            post_delete.connect(post_delete_signal_handler, sender=model)


def index_resources(ids, batch_size=500):
    """Add or update the resources with `ids` in every search backend, in batches."""
    queryset = ResourcePage.get_indexed_objects().filter(pk__in=ids).order_by("pk")
    for backend in get_search_backends(with_auto_update=True):
        for start in range(0, len(ids), batch_size):
            batch = list(queryset[start : start + batch_size])
            if batch:
                backend.add_bulk(ResourcePage, batch)


# --- Export ------------------------------------------------------------------------------


def export_rows(queryset=None):
    """Rows (lists of cells, the header first) for every resource, in a stable order."""
    if queryset is None:
        queryset = ResourcePage.objects.filter(locale__language_code="fr")
    queryset = (
        queryset.exclude(external_id=None)
        .select_related("category", "neighbourhood")
        .prefetch_related("tags", "hours")
        .order_by("external_id")
    )
    yield COLUMNS
    for page in queryset:
        values = {
            "external_id": page.external_id,
            "category": page.category.name if page.category else "",
            "neighbourhood": page.neighbourhood.name if page.neighbourhood else "",
            "tags": "; ".join(sorted(t.name for t in page.tags.all())),
            "hours": format_hours(hours_of(page)),
            "cost": format_cost(page.cost, page.cost_note),
            "languages": page.languages,
            "last_verified": page.last_verified.isoformat() if page.last_verified else "",
        }
        for column, field_name in TEXT_FIELDS.items():
            values[column] = getattr(page, field_name) or ""
        yield [protect_cell(str(values[column])) for column in COLUMNS]


def write_csv(stream, queryset=None):
    """Write the export to a text stream (comma-separated, every cell quoted when needed)."""
    writer = csv.writer(stream, lineterminator="\r\n")
    count = -1
    for row in export_rows(queryset):
        writer.writerow(row)
        count += 1
    return count
