"""The journal: issues newest first with filters, an issue's contents, articles, distribution."""

import datetime

import pytest
import wagtail_factories
from django.db import connection
from django.test.utils import CaptureQueriesContext

from journal.models import ArticlePage, JournalIssuePage, Theme
from tests.journal.factories import (
    ArticlePageFactory,
    DistributionPointFactory,
    JournalIssuePageFactory,
)

pytestmark = pytest.mark.django_db


def issue(parent, number, date, **fields):
    return JournalIssuePageFactory(
        parent=parent,
        number=number,
        title=f"Numéro {number}",
        slug=f"numero-{number}",
        publication_date=date,
        **fields,
    )


def test_the_five_themes_are_seeded():
    names = set(Theme.objects.values_list("name", flat=True))
    assert {
        "Santé globale et ITSS",
        "La décriminalisation du travail du sexe",
        "Des dépendants aux dépendances",
        "La police, la justice et nos droits",
        "Les visages de la pauvreté",
    } <= names


def test_issues_newest_first(client, journal_index):
    issue(journal_index, 1, datetime.date(2023, 3, 1))
    issue(journal_index, 3, datetime.date(2024, 11, 1))
    issue(journal_index, 2, datetime.date(2024, 3, 1))
    html = client.get("/journal/").content.decode()
    assert html.index("Numéro 3") < html.index("Numéro 2") < html.index("Numéro 1")


def test_filter_by_year_and_theme(client, journal_index):
    health = Theme.objects.get(slug="sante-globale-et-itss")
    police = Theme.objects.get(slug="la-police-la-justice-et-nos-droits")
    issue(journal_index, 1, datetime.date(2023, 3, 1), theme=health)
    issue(journal_index, 2, datetime.date(2024, 3, 1), theme=police)
    issue(journal_index, 3, datetime.date(2024, 11, 1), theme=health)

    html = client.get("/journal/?annee=2024").content.decode()
    assert "Numéro 2" in html and "Numéro 3" in html and "Numéro 1" not in html
    html = client.get("/journal/?theme=sante-globale-et-itss").content.decode()
    assert "Numéro 1" in html and "Numéro 3" in html and "Numéro 2" not in html
    html = client.get("/journal/?annee=2024&theme=sante-globale-et-itss").content.decode()
    assert "Numéro 3" in html and "Numéro 1" not in html and "Numéro 2" not in html


@pytest.mark.parametrize(
    "query",
    [
        "annee=abc",
        "annee=99999999999999999999999",
        "annee=-3",
        "annee=1999",
        "annee=%00",
        "theme=%3Cscript%3Ealert(1)%3C/script%3E",
        "theme=inconnu&annee=2024.5",
        "annee=2024&annee=x",
    ],
)
def test_bad_filter_values_are_ignored(client, journal_index, query):
    issue(journal_index, 1, datetime.date(2023, 3, 1))
    issue(journal_index, 2, datetime.date(2024, 3, 1))
    response = client.get(f"/journal/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    if "annee=2024&" not in query:
        assert "Numéro 1" in html and "Numéro 2" in html


def test_draft_and_private_issues_are_not_listed(client, journal_index):
    issue(journal_index, 1, datetime.date(2023, 3, 1))
    draft = issue(journal_index, 2, datetime.date(2024, 3, 1))
    draft.unpublish()
    html = client.get("/journal/").content.decode()
    assert "Numéro 1" in html and "Numéro 2" not in html


def test_issue_page_table_of_contents_by_section(client, journal_index):
    number = issue(journal_index, 7, datetime.date(2024, 3, 1))
    ArticlePageFactory(parent=number, title="Mon poème", section="creation")
    ArticlePageFactory(parent=number, title="Ce que j'ai vécu", section="temoignages")
    ArticlePageFactory(parent=number, title="Le mot", section="editorial")
    draft = ArticlePageFactory(parent=number, title="Pas encore prêt", section="sante")
    draft.unpublish()

    toc = number.table_of_contents()
    assert [section for section, _articles in toc] == [
        "Le mot de l'équipe",
        "Témoignages",
        "Création : poésie et récits",
    ]
    html = client.get(number.url).content.decode()
    assert "Au sommaire" in html
    assert html.index("Le mot") < html.index("Ce que j&#x27;ai vécu") < html.index("Mon poème")
    assert "Pas encore prêt" not in html


def test_previous_and_next_issue_links(client, journal_index):
    first = issue(journal_index, 1, datetime.date(2023, 3, 1))
    second = issue(journal_index, 2, datetime.date(2023, 7, 1))
    third = issue(journal_index, 3, datetime.date(2023, 11, 1))
    assert second.previous_issue().pk == first.pk
    assert second.next_issue().pk == third.pk
    assert first.previous_issue() is None
    assert third.next_issue() is None
    html = client.get(second.url).content.decode()
    assert f'rel="prev" href="{first.url}"' in html
    assert f'rel="next" href="{third.url}"' in html


def test_issue_shows_cover_pdf_and_editorial(client, journal_index):
    cover = wagtail_factories.ImageFactory(title="Couverture")
    pdf = wagtail_factories.DocumentFactory(title="Numéro 4 PDF")
    number = issue(
        journal_index,
        4,
        datetime.date(2024, 3, 1),
        cover_image=cover,
        pdf=pdf,
        editorial="<p>Bonne lecture à toutes.</p>",
        theme=Theme.objects.get(slug="les-visages-de-la-pauvrete"),
    )
    html = client.get(number.url).content.decode()
    assert "Bonne lecture à toutes." in html
    assert "Lire le numéro en PDF" in html and pdf.url in html
    assert "Les visages de la pauvreté" in html
    assert "<img" in html


@pytest.mark.parametrize(
    ("shown_as", "name", "expected"),
    [
        (ArticlePage.AUTHOR_NAME, "Julie Tremblay", "Julie Tremblay"),
        (ArticlePage.AUTHOR_PSEUDONYM, "La Lune noire", "La Lune noire"),
        (ArticlePage.AUTHOR_ANONYMOUS, "Ne pas montrer", "anonyme"),
    ],
)
def test_article_author_display(client, journal_index, shown_as, name, expected):
    number = issue(journal_index, 1, datetime.date(2024, 3, 1))
    article = ArticlePageFactory(parent=number, author_shown_as=shown_as, author_name=name)
    html = client.get(article.url).content.decode()
    assert f"Par {expected}" in html
    if shown_as == ArticlePage.AUTHOR_ANONYMOUS:
        assert "Ne pas montrer" not in html


def test_article_body_blocks_render_escaped(client, journal_index):
    number = issue(journal_index, 1, datetime.date(2024, 3, 1))
    article = ArticlePageFactory(
        parent=number,
        pdf_first_page=4,
        pdf_last_page=6,
        body=[
            ("quote", {"text": "On est là.", "attribution": "Une membre"}),
            (
                "poem",
                {"title": "Nuit", "text": "Ligne un\nLigne deux <script>x</script>", "author": ""},
            ),
            ("testimony", {"text": "<p>J'ai appelé L.U.N.E.</p>", "who": ""}),
            ("paragraph", "<p>Un paragraphe.</p>"),
        ],
    )
    article.tags.add("santé", "droits")
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert "On est là." in html and "Une membre" in html
    assert "Ligne un<br>Ligne deux" in html
    assert "<script>x</script>" not in html and "&lt;script&gt;" in html
    assert "J&#x27;ai appelé L.U.N.E." in html or "J'ai appelé L.U.N.E." in html
    assert "santé" in html and "droits" in html


def test_article_needs_a_name_unless_anonymous(journal_index):
    from django.core.exceptions import ValidationError

    number = issue(journal_index, 1, datetime.date(2024, 3, 1))
    article = ArticlePage(
        title="Sans nom", slug="sans-nom", author_shown_as=ArticlePage.AUTHOR_PSEUDONYM
    )
    with pytest.raises(ValidationError):
        number.add_child(instance=article)


def test_distribution_points_on_index_and_issue(client, journal_index):
    DistributionPointFactory(
        name="Café de la rue", neighbourhood="Saint-Roch", address="400 rue Saint-Joseph Est"
    )
    DistributionPointFactory(name="Fermé maintenant", active=False)
    number = issue(journal_index, 1, datetime.date(2024, 3, 1))
    for url in ("/journal/", number.url):
        html = client.get(url).content.decode()
        assert "Où trouver le journal" in html
        assert "Café de la rue" in html and "Fermé maintenant" not in html
        assert (
            'href="https://www.openstreetmap.org/search?query=400+rue+Saint-Joseph+Est%2C+Qu%C3%A9bec"'
            in html
        )
        # A plain link only: nothing is loaded from OpenStreetMap with the page.
        assert 'src="https://www.openstreetmap' not in html
        assert "<iframe" not in html


def listing_queries(client, url):
    client.get(url)  # warm up: renditions are made on the first view
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def fill_journal(parent, count, start):
    for n in range(start, start + count):
        number = issue(
            parent,
            n,
            datetime.date(2020, 1, 1) + datetime.timedelta(days=100 * n),
            theme=Theme.objects.order_by("pk")[n % 5],
            cover_image=wagtail_factories.ImageFactory(),
        )
        ArticlePageFactory(parent=number)
        DistributionPointFactory()


def test_listings_do_not_grow_with_content(client, journal_index):
    fill_journal(journal_index, 2, 1)
    number = JournalIssuePage.objects.get(number=2)
    small_index = listing_queries(client, "/journal/")
    small_issue = listing_queries(client, number.url)
    fill_journal(journal_index, 8, 3)
    for n in range(4):
        ArticlePageFactory(parent=number, section=["sante", "droits", "creation", "divers"][n])
    assert listing_queries(client, "/journal/") <= small_index
    assert listing_queries(client, number.url) <= small_issue


def test_article_image_has_its_alt_text_and_pdf_pages(client, journal_index):
    pdf = wagtail_factories.DocumentFactory(title="Numéro 5 PDF")
    number = issue(journal_index, 5, datetime.date(2024, 3, 1), pdf=pdf)
    image = wagtail_factories.ImageFactory(title="Photo")
    article = ArticlePageFactory(parent=number, pdf_first_page=4, pdf_last_page=6)
    article.body = [
        {
            "type": "image",
            "value": {"image": image.pk, "alt_text": "Une rue la nuit", "decorative": False},
        }
    ]
    article.save_revision().publish()
    html = client.get(article.url).content.decode()
    assert 'alt="Une rue la nuit"' in html
    assert "page 4–6" in html and pdf.url in html


def test_communications_staff_edit_the_themes(client, communications_user):
    client.force_login(communications_user)
    response = client.post(
        "/admin/snippets/journal/theme/add/",
        {"name": "Le logement", "slug": "le-logement", "description": ""},
    )
    assert response.status_code == 302
    assert Theme.objects.filter(name="Le logement", slug="le-logement").exists()
