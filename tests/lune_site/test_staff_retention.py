"""Retention: purge_staff_logs leaves no old text anywhere, and keeps the figures."""

import datetime
import json
from io import StringIO

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from wagtail.log_actions import log as log_action
from wagtail.models import Comment, CommentReply, PageLogEntry, Revision
from wagtail.search import index as search_index
from wagtail.search.backends import get_search_backends
from wagtail.search.models import IndexEntry

from lune_site.models import NightLogIncident, NightLogPage
from tests.lune_site.factories import NightLogIncidentFactory, NightLogPageFactory

pytestmark = pytest.mark.django_db

OLD_WORDS = ["Ornithorynque", "Kinkajou", "Pangolin", "Wombatine", "Tamarinette"]
RECENT_WORD = "Axolotlrécent"
# Where write_log() puts the word: 1 older revision, 2 notes, 3 incident, 4 comment, 5 reply,
# 6 an admin history entry's title, 7 a stale search index entry.
PLACES = range(1, 8)


def index_stale_entry(log):
    """What a search backend would hold had the log been indexed (before staff pages were kept
    out of the index): its notes and incidents, written through each backend's own code."""
    fields = [search_index.SearchField("notes"), search_index.SearchField("incident_texts")]
    log.incident_texts = " ".join(log.incidents.values_list("description", flat=True))
    original = NightLogPage.search_fields
    NightLogPage.search_fields = fields
    try:
        for backend in get_search_backends():
            backend.add(log)
    finally:
        NightLogPage.search_fields = original


def index_text(log):
    entries = IndexEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(NightLogPage), object_id=str(log.pk)
    )
    # SQLite keeps the text in title/body; PostgreSQL in title_text/body_text next to tsvectors.
    fields = ("title", "body", "autocomplete", "title_text", "body_text")
    return " ".join(str(getattr(entry, name, "") or "") for entry in entries for name in fields)


def write_log(index, night, word, user):
    """A night log with `word` in its notes, an incident, a comment, a reply, an older revision,
    the title of an admin history entry and a stale search index entry."""
    log = NightLogPageFactory(parent=index, night=night, notes=f"Première note {word}1")
    log.save_revision(user=user).publish(user=user)
    log = NightLogPage.objects.get(pk=log.pk)
    log.notes = f"Notes pour la suite : {word}2"
    log.incidents.add(
        NightLogIncident(time=datetime.time(1), kind="sante", description=f"Malaise {word}3")
    )
    log.save_revision(user=user).publish(user=user)
    comment = Comment.objects.create(
        page=log, user=user, text=f"Commentaire {word}4", contentpath="notes"
    )
    CommentReply.objects.create(comment=comment, user=user, text=f"Réponse {word}5")
    log_action(
        instance=log,
        action="wagtail.comments.create",
        user=user,
        data={"comment": {"contentpath": "notes", "text": comment.text}},
    )
    # A history entry's title holding free text (here the first notes), as a title typed by
    # hand once would: the purge finds the text inside it.
    log_action(
        instance=log, action="wagtail.edit", user=user, title=f"{word}6 Première note {word}1"
    )
    log = NightLogPage.objects.get(pk=log.pk)
    log.notes += f" {word}7"
    index_stale_entry(log)
    return NightLogPage.objects.get(pk=log.pk)


def everything_as_text(log):
    revisions = [
        json.dumps(r.content, ensure_ascii=False) for r in Revision.objects.for_instance(log)
    ]
    entries = [
        json.dumps(e.data, ensure_ascii=False) + e.label
        for e in PageLogEntry.objects.filter(page=log)
    ]
    comments = [c.text for c in Comment.objects.filter(page=log)]
    replies = [r.text for r in CommentReply.objects.filter(comment__page=log)]
    page = NightLogPage.objects.get(pk=log.pk)
    incidents = [i.description for i in page.incidents.all()]
    return " ".join(
        [*revisions, *entries, *comments, *replies, page.notes, *incidents, index_text(log)]
    )


@pytest.fixture
def logs(log_index, staff_user):
    today = timezone.localdate()
    old = write_log(log_index, today - datetime.timedelta(days=800), OLD_WORDS[0], staff_user)
    recent = write_log(log_index, today - datetime.timedelta(days=45), RECENT_WORD, staff_user)
    return old, recent


def test_the_purge_removes_old_text_everywhere_and_keeps_figures(logs, staff_user):
    old, recent = logs
    before = everything_as_text(old)
    assert all(f"{OLD_WORDS[0]}{n}" in before for n in PLACES)
    figures = (old.beds_occupied, old.arrivals, old.hygiene_kits_given, old.capacity)

    out = StringIO()
    call_command("purge_staff_logs", "--older-than", "24", stdout=out)

    assert OLD_WORDS[0] not in everything_as_text(old)
    index = " ".join(f"{e.title} {e.body} {e.autocomplete}" for e in IndexEntry.objects.all())
    assert OLD_WORDS[0] not in index
    purged = NightLogPage.objects.get(pk=old.pk)
    assert (purged.beds_occupied, purged.arrivals, purged.hygiene_kits_given, purged.capacity) == (
        figures
    )
    assert purged.text_purged_on == timezone.localdate()
    assert purged.incidents.get().kind == "sante"  # the incident stays, counted by type
    assert Revision.objects.for_instance(old).count() == 2  # history kept, without the text
    # The recent log keeps everything.
    assert all(f"{RECENT_WORD}{n}" in everything_as_text(recent) for n in PLACES)
    report = out.getvalue()
    assert old.title in report and recent.title not in report
    assert "1 incident(s) effacés" in report and "1 commentaire(s)" in report


def test_a_purged_log_still_opens_in_the_admin(client, logs, staff_user):
    old, _recent = logs
    call_command("purge_staff_logs", stdout=StringIO())
    client.force_login(staff_user)
    for name in ("wagtailadmin_pages:edit", "wagtailadmin_pages:history"):
        response = client.get(reverse(name, args=[old.pk]))
        assert response.status_code == 200
        assert OLD_WORDS[0] not in response.content.decode()
    assert "Texte effacé" in client.get(old.url).content.decode()


def test_a_dry_run_changes_nothing(logs):
    old, _recent = logs
    before = everything_as_text(old)
    out = StringIO()
    call_command("purge_staff_logs", "--older-than", "24", "--dry-run", stdout=out)
    assert everything_as_text(old) == before
    assert "rien n'a été modifié" in out.getvalue()
    assert old.title in out.getvalue()


def test_the_default_comes_from_the_setting(logs, settings):
    _old, recent = logs
    call_command("purge_staff_logs", stdout=StringIO())  # 24 months: the recent log stays
    assert f"{RECENT_WORD}2" in everything_as_text(recent)
    settings.STAFF_LOG_RETENTION_MONTHS = 1  # the recent log is 45 days old
    call_command("purge_staff_logs", stdout=StringIO())
    assert RECENT_WORD not in everything_as_text(recent)
    settings.STAFF_LOG_RETENTION_MONTHS = 0
    with pytest.raises(CommandError, match="au moins 1 mois"):
        call_command("purge_staff_logs", stdout=StringIO())


def test_running_twice_is_harmless_and_text_added_later_is_purged(logs, staff_user):
    old, _recent = logs
    call_command("purge_staff_logs", stdout=StringIO())
    out = StringIO()
    call_command("purge_staff_logs", stdout=out)
    assert "0 registre(s)" in out.getvalue()
    NightLogIncidentFactory(page=old, description=f"Ajout tardif {OLD_WORDS[1]}")
    call_command("purge_staff_logs", stdout=StringIO())
    assert OLD_WORDS[1] not in everything_as_text(old)


def test_a_draft_written_into_a_purged_log_is_purged_next_time(logs, staff_user):
    old, _recent = logs
    call_command("purge_staff_logs", stdout=StringIO())
    page = NightLogPage.objects.get(pk=old.pk)
    page.notes = f"Brouillon tardif {OLD_WORDS[2]}"
    page.save_revision(user=staff_user)  # a draft: the page's own row keeps no text
    assert NightLogPage.objects.get(pk=old.pk).notes == ""
    out = StringIO()
    call_command("purge_staff_logs", stdout=out)
    assert old.title in out.getvalue()
    assert "1 révision(s) nettoyée(s)" in out.getvalue()
    assert OLD_WORDS[2] not in everything_as_text(old)
    page = NightLogPage.objects.get(pk=old.pk)
    assert page.get_latest_revision_as_object().notes == ""
