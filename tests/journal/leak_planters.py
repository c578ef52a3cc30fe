"""The journal's secrets for the leak probe: the members' bad-client list and its reports,
drafts and unpublished revisions of issues, articles and news, a news item behind a login,
and a contribution waiting for the staff."""

import datetime

from wagtail.models import PageViewRestriction

from tests.search.leak_probe import new_page, register_planter


def publish_then_draft(parent, page, probe, label, **secret_fields):
    """`page` published as it is, then a newer revision, never published, holding the secret."""
    parent.add_child(instance=page)
    page.save_revision().publish()
    page.title = probe.text(label)
    for name, value in secret_fields.items():
        setattr(page, name, value)
    page.save_revision()
    return type(page).objects.get(pk=page.pk)


@register_planter
def plant_bad_client_list(probe):
    """The members' list under /membres/, its intro and its reports (published and pending)."""
    from journal.models import BadClientListPage, BadClientReport
    from lune_site.models import MembersAreaPage

    members_area = MembersAreaPage.objects.filter(locale=probe.home.locale).first()
    if members_area is None:
        return []
    bad_clients = BadClientListPage.objects.child_of(members_area).first()
    if bad_clients is None:
        bad_clients = BadClientListPage(title="Mauvais clients", slug="mauvais-clients")
        members_area.add_child(instance=bad_clients)
    bad_clients.title = probe.text("mauvais clients")
    bad_clients.intro = f"<p>{probe.text()}</p>"
    bad_clients.save_revision().publish()
    reports = [
        BadClientReport.objects.create(
            list_page=bad_clients,
            incident_date=datetime.date.today(),
            area=probe.text("secteur")[:120],
            description=probe.text("ce qui s'est passé"),
            vehicle=probe.text("véhicule")[:150],
            status=status,
        )
        for status in (BadClientReport.STATUS_APPROVED, BadClientReport.STATUS_PENDING)
    ]
    return [BadClientListPage.objects.get(pk=bad_clients.pk), *reports]


@register_planter
def plant_journal_drafts(probe):
    """A never-published issue; in a public issue, a never-published article and a published
    article whose newer draft holds the secret."""
    from journal.models import ArticlePage, JournalIndexPage, JournalIssuePage

    index = JournalIndexPage.objects.filter(locale=probe.home.locale).first()
    if index is None:
        return []
    today = datetime.date.today()
    number = 9000 + JournalIssuePage.objects.count()
    never_issue = new_page(
        index,
        JournalIssuePage,
        probe,
        "numero-brouillon",
        publish=False,
        number=number,
        publication_date=today,
        editorial=f"<p>{probe.text()}</p>",
    )
    issue = JournalIssuePage(
        title="Numéro public", slug="numero-public", number=number + 1, publication_date=today
    )
    index.add_child(instance=issue)
    issue.save_revision().publish()
    never_article = new_page(
        issue, ArticlePage, probe, "article-brouillon", publish=False, summary=probe.text()
    )
    changed_article = publish_then_draft(
        issue,
        ArticlePage(title="Article public", slug="article-public", summary="Public."),
        probe,
        "article modifié",
        summary=probe.text(),
    )
    changed_issue = publish_then_draft(
        index,
        JournalIssuePage(
            title="Numéro modifié",
            slug="numero-modifie",
            number=number + 2,
            publication_date=today,
        ),
        probe,
        "numéro modifié",
        editorial=f"<p>{probe.text()}</p>",
    )
    return [never_issue, never_article, changed_article, changed_issue]


@register_planter
def plant_news_drafts_and_restrictions(probe):
    """A never-published news item, a published one whose newer draft holds the secret, and a
    published one behind a login (feeds and the home page list news)."""
    from journal.models import NewsIndexPage, NewsPage

    index = NewsIndexPage.objects.filter(locale=probe.home.locale).first()
    if index is None:
        return []
    today = datetime.date.today()
    never = new_page(index, NewsPage, probe, "nouvelle-brouillon", publish=False, date=today)
    changed = publish_then_draft(
        index,
        NewsPage(title="Nouvelle publique", slug="nouvelle-publique", date=today, summary="Oui."),
        probe,
        "nouvelle modifiée",
        summary=probe.text(),
    )
    behind_login = NewsPage(
        title=probe.login_text("nouvelle"),
        slug=probe.login_slug("nouvelle-connexion"),
        date=today,
        summary=probe.login_text(),
    )
    index.add_child(instance=behind_login)
    behind_login.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=behind_login, restriction_type=PageViewRestriction.LOGIN
    )
    return [never, changed, behind_login, restriction]


@register_planter
def plant_contribution(probe):
    """An outside contribution waiting for moderation: the staff read it in the admin only."""
    from journal.models import Contribution

    return [
        Contribution.objects.create(
            text=probe.text("contribution"),
            pseudonym=probe.text("pseudo")[:100],
            contact=probe.text("contact")[:200],
            consent=True,
        )
    ]
