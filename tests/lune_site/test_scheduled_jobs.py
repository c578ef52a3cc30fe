"""Every periodic task runs from one command."""

from io import StringIO

import pytest
from django.core.management import call_command, get_commands

from lune_site.management.commands.run_scheduled_jobs import SCHEDULED_JOBS

pytestmark = pytest.mark.django_db


def test_every_scheduled_job_exists():
    commands = get_commands()
    for name, _options in SCHEDULED_JOBS:
        assert name in commands, name


def test_run_scheduled_jobs_runs_them_all(demo):
    out = StringIO()
    call_command("run_scheduled_jobs", stdout=out, stderr=StringIO())
    report = out.getvalue()
    for name, _options in SCHEDULED_JOBS:
        assert f"→ {name}" in report
    assert "Toutes les tâches périodiques sont faites." in report


def test_a_scheduled_page_is_published_by_the_jobs(demo):
    import datetime

    from django.utils import timezone
    from wagtail.models import Page, Revision

    page = Page.objects.get(url_path__endswith="/confidentialite/").specific
    page.title = "Confidentialité (mise à jour)"
    page.go_live_at = timezone.now() + datetime.timedelta(hours=1)
    revision = page.save_revision()
    revision.publish()  # a go-live date ahead: Wagtail only schedules it
    page.refresh_from_db()
    assert page.title == "Confidentialité"
    # An hour later, the scheduled jobs publish it.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision = Revision.objects.get(pk=revision.pk)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save()
    call_command("run_scheduled_jobs", stdout=StringIO(), stderr=StringIO())
    page.refresh_from_db()
    assert page.title == "Confidentialité (mise à jour)"
