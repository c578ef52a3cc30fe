"""Retention of the night logs: after a while, their free text goes; their figures stay.

`purge_night_log_text()` blanks the notes and incidents' descriptions of old night logs in the
page, in every revision, removes their comments, scrubs the admin history (log entries) and
the search index. It is what `manage.py purge_staff_logs` runs.
"""

import datetime
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from wagtail.models import COMMENTS_RELATION_NAME, Comment, PageLogEntry, Revision
from wagtail.search.backends import get_search_backends

DEFAULT_RETENTION_MONTHS = 24
# Texts shorter than this are too common to hunt for in the admin history ("ok", "RAS").
MIN_TEXT_LENGTH = 4


def retention_months():
    return int(getattr(settings, "STAFF_LOG_RETENTION_MONTHS", DEFAULT_RETENTION_MONTHS))


@dataclass
class PurgedLog:
    """What the purge did (or would do) to one night log."""

    title: str
    night: datetime.date
    incidents: int = 0
    revisions: int = 0
    comments: int = 0
    log_entries: int = 0

    def describe(self):
        return (
            f"{self.title} : notes et {self.incidents} incident(s) effacés, "
            f"{self.revisions} révision(s) nettoyée(s), {self.comments} commentaire(s) "
            f"supprimé(s), {self.log_entries} entrée(s) d'historique nettoyée(s)"
        )


@dataclass
class PurgeReport:
    cutoff: datetime.date
    dry_run: bool
    logs: list = field(default_factory=list)


def cutoff_date(months, today=None):
    """Nights before this date are old enough to lose their text."""
    today = today or timezone.localdate()
    return today - relativedelta(months=months)


def old_logs(cutoff):
    from lune_site.models import NightLogPage

    page_fields, incident_fields = purged_fields()
    # Purged logs come back if text was written into them since, even in a draft revision.
    has_text = (
        Q(text_purged_on__isnull=True)
        | Q(**{f"{COMMENTS_RELATION_NAME}__isnull": False})
        | Q(latest_revision_created_at__date__gte=F("text_purged_on"))
    )
    for name in page_fields:
        has_text |= ~Q(**{name: ""})
    for name in incident_fields:
        has_text |= Q(**{f"incidents__{name}__gt": ""})
    return (
        NightLogPage.objects.filter(night__lt=cutoff).filter(has_text).distinct().order_by("night")
    )


def purged_fields():
    """The free-text fields the purge blanks: the log's own, and its incidents'."""
    from lune_site.models import NightLogIncident, NightLogPage

    return NightLogPage.purged_text_fields, NightLogIncident.purged_text_fields


def blank_revision_content(content):
    """A revision's content without the free text (notes, incidents, comments)."""
    page_fields, incident_fields = purged_fields()
    content = dict(content)
    for name in page_fields:
        if content.get(name):
            content[name] = ""
    if "incidents" in content:
        content["incidents"] = [
            {**incident, **dict.fromkeys(incident_fields, "")}
            for incident in content.get("incidents") or []
        ]
    for key in (COMMENTS_RELATION_NAME, "comments"):
        if content.get(key):
            content[key] = []
    return content


def revision_texts(content):
    page_fields, incident_fields = purged_fields()
    texts = {content.get(name) or "" for name in page_fields}
    for incident in content.get("incidents") or []:
        texts |= {incident.get(name) or "" for name in incident_fields}
    for key in (COMMENTS_RELATION_NAME, "comments"):
        for comment in content.get(key) or []:
            if isinstance(comment, dict):
                texts.add(comment.get("text") or "")
    return texts


def scrub(value, texts):
    """`value` (log entry data) with every string holding one of `texts` blanked."""
    if isinstance(value, dict):
        return {
            key: ("" if key == "text" and isinstance(item, str) else scrub(item, texts))
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [scrub(item, texts) for item in value]
    if isinstance(value, str) and any(text in value for text in texts):
        return ""
    return value


def purge_log(log, today, dry_run):
    """Blank one log's free text everywhere; None if an already purged log holds none."""
    from lune_site.models import NightLogIncident, NightLogPage

    page_fields, incident_fields = purged_fields()
    report = PurgedLog(title=log.title, night=log.night)
    incidents = NightLogIncident.objects.filter(page=log)
    revisions = list(Revision.objects.for_instance(log))
    comments = Comment.objects.filter(page=log)
    entries = list(PageLogEntry.objects.filter(page=log))

    texts = {getattr(log, name) for name in page_fields}
    for name in incident_fields:
        texts |= set(incidents.values_list(name, flat=True))
    for revision in revisions:
        texts |= revision_texts(revision.content)
    for comment in comments.prefetch_related("replies"):
        texts.add(comment.text)
        texts |= {reply.text for reply in comment.replies.all()}
    texts = {text for text in texts if text and len(text.strip()) >= MIN_TEXT_LENGTH}

    with_text = Q()
    for name in incident_fields:
        with_text |= ~Q(**{name: ""})
    report.incidents = incidents.filter(with_text).count()
    report.comments = comments.count()
    changed_revisions = [r for r in revisions if blank_revision_content(r.content) != r.content]
    report.revisions = len(changed_revisions)
    # An entry's label is the title shown in the admin history: scrubbed like its data.
    changed_entries = [
        e for e in entries if scrub(e.data, texts) != e.data or scrub(e.label, texts) != e.label
    ]
    report.log_entries = len(changed_entries)
    page_has_text = any(getattr(log, name) for name in page_fields)
    if log.text_purged_on and not (
        page_has_text
        or report.incidents
        or report.revisions
        or report.comments
        or report.log_entries
    ):
        return None  # purged before, and nothing written since
    if dry_run:
        return report

    NightLogPage.objects.filter(pk=log.pk).update(
        **dict.fromkeys(page_fields, ""), text_purged_on=today
    )
    incidents.update(**dict.fromkeys(incident_fields, ""))
    for revision in changed_revisions:
        Revision.objects.filter(pk=revision.pk).update(
            content=blank_revision_content(revision.content)
        )
    comments.delete()  # their replies go with them
    for entry in changed_entries:
        PageLogEntry.objects.filter(pk=entry.pk).update(
            data=scrub(entry.data, texts), label=scrub(entry.label, texts)
        )
    remove_from_search_indexes(log)
    return report


def remove_from_search_indexes(log):
    """Delete whatever any search backend still holds for `log` (an entry from before staff
    pages were kept out of the index, or written by hand).

    Wagtail's `index.remove_object()` skips a page whose `get_indexed_instance()` is None, as
    every closed-area page's is, so each backend is asked directly.
    """
    for backend in get_search_backends():
        backend.delete(log)


def purge_night_log_text(months=None, *, dry_run=False, today=None):
    """Blank the free text of night logs older than `months` (default: the setting, 24)."""
    today = today or timezone.localdate()
    months = retention_months() if months is None else months
    report = PurgeReport(cutoff=cutoff_date(months, today), dry_run=dry_run)
    for log in old_logs(report.cutoff):
        with transaction.atomic():
            purged = purge_log(log, today, dry_run)
        if purged is not None:
            report.logs.append(purged)
    return report
