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
from django.db.models import Q
from django.utils import timezone
from wagtail.models import COMMENTS_RELATION_NAME, Comment, PageLogEntry, Revision
from wagtail.search import index

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

    # Purged logs come back if text was written into them since.
    has_text = (
        Q(text_purged_on__isnull=True)
        | ~Q(notes="")
        | Q(incidents__description__gt="")
        | Q(**{f"{COMMENTS_RELATION_NAME}__isnull": False})
    )
    return (
        NightLogPage.objects.filter(night__lt=cutoff).filter(has_text).distinct().order_by("night")
    )


def blank_revision_content(content):
    """A revision's content without the free text (notes, incidents, comments)."""
    content = dict(content)
    if content.get("notes"):
        content["notes"] = ""
    incidents = []
    for incident in content.get("incidents") or []:
        incidents.append({**incident, "description": ""})
    if "incidents" in content:
        content["incidents"] = incidents
    for key in (COMMENTS_RELATION_NAME, "comments"):
        if content.get(key):
            content[key] = []
    return content


def revision_texts(content):
    texts = {content.get("notes") or ""}
    texts |= {incident.get("description") or "" for incident in content.get("incidents") or []}
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
    from lune_site.models import NightLogIncident, NightLogPage

    report = PurgedLog(title=log.title, night=log.night)
    incidents = NightLogIncident.objects.filter(page=log)
    revisions = list(Revision.objects.for_instance(log))
    comments = Comment.objects.filter(page=log)
    entries = list(PageLogEntry.objects.filter(page=log))

    texts = {log.notes, *incidents.values_list("description", flat=True)}
    for revision in revisions:
        texts |= revision_texts(revision.content)
    for comment in comments.prefetch_related("replies"):
        texts.add(comment.text)
        texts |= {reply.text for reply in comment.replies.all()}
    texts = {text for text in texts if text and len(text.strip()) >= MIN_TEXT_LENGTH}

    report.incidents = incidents.exclude(description="").count()
    report.comments = comments.count()
    changed_revisions = [r for r in revisions if blank_revision_content(r.content) != r.content]
    report.revisions = len(changed_revisions)
    changed_entries = [e for e in entries if scrub(e.data, texts) != e.data or e.label in texts]
    report.log_entries = len(changed_entries)
    if dry_run:
        return report

    NightLogPage.objects.filter(pk=log.pk).update(notes="", text_purged_on=today)
    incidents.update(description="")
    for revision in changed_revisions:
        Revision.objects.filter(pk=revision.pk).update(
            content=blank_revision_content(revision.content)
        )
    comments.delete()  # their replies go with them
    for entry in changed_entries:
        label = "" if entry.label in texts else entry.label
        PageLogEntry.objects.filter(pk=entry.pk).update(data=scrub(entry.data, texts), label=label)
    # Staff pages are never indexed; this makes sure nothing stale stays in any backend.
    index.remove_object(log)
    return report


def purge_night_log_text(months=None, *, dry_run=False, today=None):
    """Blank the free text of night logs older than `months` (default: the setting, 24)."""
    today = today or timezone.localdate()
    months = retention_months() if months is None else months
    report = PurgeReport(cutoff=cutoff_date(months, today), dry_run=dry_run)
    for log in old_logs(report.cutoff):
        with transaction.atomic():
            report.logs.append(purge_log(log, today, dry_run))
    return report
