"""Each journal page type is creatable where allowed, routable, renderable and editable."""

import datetime
from io import StringIO

from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from journal.models import (
    ArticlePage,
    BadClientListPage,
    ContributionFormPage,
    JournalIndexPage,
    JournalIssuePage,
    NewsIndexPage,
    NewsPage,
)
from lune_site.models import HomePage, MembersAreaPage, StaffAreaPage, StandardPage
from lune_site.setup import setup_site
from tests.journal.factories import (
    ArticlePageFactory,
    ContributionFormPageFactory,
    JournalIssuePageFactory,
    NewsPageFactory,
)


class JournalPageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        setup_site(stdout=StringIO())
        cls.journal = JournalIndexPage.objects.get(slug="journal")
        cls.news_index = NewsIndexPage.objects.get(slug="actualites")
        cls.issue = JournalIssuePageFactory(parent=cls.journal, title="Numéro 1", number=1)
        cls.article = ArticlePageFactory(parent=cls.issue, title="Un article")
        cls.news = NewsPageFactory(parent=cls.news_index, title="Une nouvelle")
        cls.contribute = ContributionFormPageFactory(parent=cls.journal)

    def setUp(self):
        self.client.force_login(self.create_superuser("root", password="pw"))

    def test_where_each_type_can_be_created(self):
        self.assertAllowedParentPageTypes(JournalIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(JournalIssuePage, {JournalIndexPage})
        self.assertAllowedParentPageTypes(ArticlePage, {JournalIssuePage})
        self.assertAllowedParentPageTypes(ContributionFormPage, {JournalIndexPage})
        self.assertAllowedParentPageTypes(NewsIndexPage, {HomePage})
        self.assertAllowedParentPageTypes(NewsPage, {NewsIndexPage})
        self.assertAllowedParentPageTypes(BadClientListPage, {MembersAreaPage})
        self.assertCanNotCreateAt(StaffAreaPage, BadClientListPage)
        self.assertCanNotCreateAt(StandardPage, ArticlePage)
        # One journal and one news section per home page.
        self.assertFalse(JournalIndexPage.can_create_at(self.journal.get_parent()))
        self.assertFalse(ContributionFormPage.can_create_at(self.journal))

    def test_pages_route_and_render(self):
        for page in (
            self.journal,
            self.issue,
            self.article,
            self.news_index,
            self.news,
            self.contribute,
        ):
            self.assertPageIsRoutable(page)
            self.assertPageIsRenderable(page)
        self.assertPageIsRoutable(self.news_index, "flux/")

    def test_pages_are_editable(self):
        self.assertPageIsEditable(
            self.issue,
            post_data=nested_form_data(
                {
                    "title": "Numéro 1",
                    "slug": self.issue.slug,
                    "number": 1,
                    "publication_date": "2024-03-01",
                    "season": "printemps",
                    "editorial": rich_text("<p>Bonjour</p>"),
                }
            ),
        )
        self.assertPageIsEditable(
            self.article,
            post_data=nested_form_data(
                {
                    "title": "Un article",
                    "slug": self.article.slug,
                    "author_shown_as": "anonymous",
                    "author_name": "",
                    "section": "sante",
                    "tags": "santé",
                    "summary": "",
                    "body": streamfield([]),
                }
            ),
        )
        self.assertPageIsEditable(
            self.news,
            post_data=nested_form_data(
                {
                    "title": "Une nouvelle",
                    "slug": self.news.slug,
                    "date": datetime.date(2024, 5, 1).isoformat(),
                    "summary": "",
                    "tags": "",
                    "body": streamfield([]),
                }
            ),
        )
