"""What happens to an outside contribution: stored first, then the staff told, then turned into
an article if the staff keep it."""

import html
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from journal.models import ArticlePage, Contribution

logger = logging.getLogger(__name__)


def receive_contribution(form, request=None):
    """Store the contribution, then notify the staff; a failed email never loses it."""
    with transaction.atomic():
        contribution = form.save()
    try:
        notify_staff(contribution, request)
    except Exception:  # any mail failure (SMTP down, bad config) must not lose the text
        logger.exception(
            "Contribution %s stored, but the staff notification failed", contribution.pk
        )
    return contribution


def notify_staff(contribution, request=None):
    recipient = getattr(settings, "JOURNAL_CONTRIBUTIONS_EMAIL", None) or getattr(
        settings, "STAFF_NOTIFICATION_EMAIL", ""
    )
    if not recipient:
        return
    path = reverse("journal_contribution:edit", args=[contribution.pk])
    url = settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path
    # Only a pointer to the admin: the text itself stays out of mailboxes.
    send_mail(
        subject=_("Nouvelle contribution au journal"),
        message=_("Une contribution attend d'être lue :\n%(url)s\n") % {"url": url},
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[recipient],
    )


def text_to_paragraphs(text):
    """The contribution's plain text as escaped paragraphs for a rich-text block."""
    blocks = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + "<br/>".join(html.escape(line) for line in block.split("\n")) + "</p>"
        for block in blocks
        if block
    )


@transaction.atomic
def create_draft_article(contribution, issue, section, title, user=None):
    """A draft ArticlePage in `issue` holding the contribution's text; marks it kept."""
    pseudonym = contribution.pseudonym.strip()
    article = ArticlePage(
        title=title,
        section=section,
        author_shown_as=ArticlePage.AUTHOR_PSEUDONYM if pseudonym else ArticlePage.AUTHOR_ANONYMOUS,
        author_name=pseudonym,
        body=[("paragraph", text_to_paragraphs(contribution.text))],
        live=False,
        locale=issue.locale,
    )
    issue.add_child(instance=article)
    article.save_revision(user=user, log_action=True)
    contribution.status = Contribution.STATUS_ACCEPTED
    contribution.article = article
    contribution.save(update_fields=["status", "article"])
    return article
