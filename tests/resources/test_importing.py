"""CSV import and export: formats, errors with line and column, idempotence, round trip."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from resources.importing import (
    COLUMNS,
    ResourceImporter,
    format_hours,
    parse_hours,
    protect_cell,
    unprotect_cell,
)
from resources.models import ResourcePage
from search.gate import search_pages
from tests.resources.factories import make_resource

pytestmark = pytest.mark.django_db

T = datetime.time
HEADER = ",".join(COLUMNS)


def row(**values):
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(
        {
            "external_id": "r1",
            "name": "Clinique",
            "summary": "Soins sans jugement.",
            "category": "Santé et ITSS",
        }
    )
    cells.update(values)
    out = io.StringIO()
    import csv

    csv.writer(out, lineterminator="\n").writerow([cells[c] for c in COLUMNS])
    return out.getvalue()


def csv_file(*rows, header=HEADER):
    return (header + "\n" + "".join(rows)).encode()


def run(data, **options):
    return ResourceImporter().run(data, **options)


# --- Hours syntax -----------------------------------------------------------------------


def test_hours_syntax():
    assert parse_hours("lun-ven 09:00-17:00; sam 10:00-14:00; dim fermé") == [
        *((d, T(9), T(17)) for d in range(5)),
        (5, T(10), T(14)),
    ]
    assert parse_hours("tous les jours 22:00-08:00") == [(d, T(22), T(8)) for d in range(7)]
    assert parse_hours("mar, jeu 9h-12h, 13h30-16h") == [
        (1, T(9), T(12)),
        (1, T(13, 30), T(16)),
        (3, T(9), T(12)),
        (3, T(13, 30), T(16)),
    ]
    assert parse_hours("") == []


@pytest.mark.parametrize(
    "text",
    ["lun 09:00-09:00", "lundo 09:00-17:00", "lun 25:00-26:00", "lun ouvert", "lun 9-17 xyz"],
)
def test_bad_hours_are_refused(text):
    from resources.importing import HoursError

    with pytest.raises(HoursError):
        parse_hours(text)


@pytest.mark.parametrize(
    "text",
    [
        "lun-ven 09:00-17:00; sam 10:00-14:00",
        "tous les jours 22:00-08:00",
        "lun, mar 09:00-12:00, 13:00-17:00; jeu 10:00-11:00",
        "mer 08:00-09:00; ven-dim 20:00-02:00",
    ],
)
def test_hours_round_trip(text):
    assert format_hours(parse_hours(text)) == text


@pytest.mark.parametrize(
    "value", ["=1+1", "+1 418", "-x", "@SUM(A1)", "'=x", "''+y", "plain", "'a"]
)
def test_formula_protection_is_undone_exactly(value):
    protected = protect_cell(value)
    assert protected[:1] not in "=+-@"
    assert unprotect_cell(protected) == value


# --- Import -----------------------------------------------------------------------------


def test_import_creates_published_pages_with_a_revision(library):
    data = csv_file(
        row(
            tags="ITSS; dépistage",
            hours="lun-ven 09:00-17:00",
            neighbourhood="saint-roch",
            cost="faible coût : 5 $",
            languages="français;anglais",
            email="a@example.org",
            website="https://example.org",
            last_verified="2026-03-14",
        )
    )
    report = run(data)
    assert report.errors == []
    assert report.created == ["r1"]
    page = ResourcePage.objects.get(external_id="r1")
    assert page.live and page.get_parent().pk == library.pk
    assert page.revisions.count() == 1
    assert page.category.slug == "sante-et-itss"
    assert page.neighbourhood.name == "Saint-Roch"
    assert sorted(t.name for t in page.tags.all()) == ["ITSS", "dépistage"]
    assert page.hours.count() == 5
    assert (page.cost, page.cost_note) == ("low", "5 $")
    assert page.languages == "français; anglais"
    assert page.last_verified == datetime.date(2026, 3, 14)
    # Indexed after the tags were saved: a tag finds it at once.
    assert [p.pk for p in search_pages("dépistage", ResourcePage.objects.all())] == [page.pk]


def test_second_run_changes_nothing_and_says_so(library):
    data = csv_file(row(tags="a; b", hours="tous les jours 22:00-08:00"))
    run(data)
    page = ResourcePage.objects.get(external_id="r1")
    report = run(data)
    assert report.created == report.updated == []
    assert report.unchanged == ["r1"]
    assert "rien n'a changé" in report.summary()
    assert page.revisions.count() == 1


def test_update_makes_a_new_revision(library):
    run(csv_file(row()))
    report = run(csv_file(row(summary="Nouveau résumé.", tags="nouveau")))
    assert report.updated == ["r1"]
    page = ResourcePage.objects.get(external_id="r1")
    assert page.summary == "Nouveau résumé."
    assert page.revisions.count() == 2
    assert [p.pk for p in search_pages("nouveau", ResourcePage.objects.all())] == [page.pk]


def test_encodings_and_delimiters(library):
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(
        external_id="r1", name="Café-rencontre", summary="Un café.", category="alimentation"
    )
    for delimiter in (";", ","):
        text = delimiter.join(COLUMNS) + "\r\n" + delimiter.join(cells.values()) + "\r\n"
        for data in (text.encode("cp1252"), text.encode("utf-8-sig"), text.encode("utf-8")):
            report = run(data)
            assert report.errors == [], report.errors
            assert ResourcePage.objects.get(external_id="r1").title == "Café-rencontre"
    assert ResourcePage.objects.count() == 1


def test_empty_category_is_missing(library):
    report = run(csv_file(row(category="")))
    assert [str(e) for e in report.errors] == [
        "ligne 2, colonne « category » : catégorie manquante"
    ]


def test_errors_name_line_column_and_reason(library):
    data = csv_file(
        row(external_id="ok"),
        row(external_id="bad-cat", category="Astrologie"),
        row(external_id="bad-hours", hours="lun 09:00-09:00"),
        row(external_id="bad-date", last_verified="hier"),
        row(external_id="bad-email", email="pas-un-courriel"),
        row(external_id="ok"),
    )
    report = run(data)
    messages = [str(e) for e in report.errors]
    assert any(
        m.startswith("ligne 3, colonne « category » : catégorie inconnue « Astrologie »")
        and "Emploi" in m
        and "Santé et ITSS" in m
        for m in messages
    ), messages
    assert any(m.startswith("ligne 4, colonne « hours »") for m in messages)
    assert any(m.startswith("ligne 5, colonne « last_verified »") for m in messages)
    assert any(m.startswith("ligne 6, colonne « email »") for m in messages)
    assert any(
        m.startswith("ligne 7, colonne « external_id »") and "ligne 2" in m for m in messages
    )
    # All or nothing: the valid row was not imported either.
    assert not ResourcePage.objects.filter(external_id="ok").exists()
    assert "rien n'a été changé" in report.summary()


def test_skip_invalid_imports_the_good_rows(library):
    data = csv_file(row(external_id="ok"), row(external_id="bad", category="Astrologie"))
    report = run(data, skip_invalid=True)
    assert report.created == ["ok"]
    assert report.skipped_lines == [3]
    assert ResourcePage.objects.filter(external_id="ok").exists()


def test_missing_required_column(library):
    header = ",".join(c for c in COLUMNS if c != "category")
    report = run(csv_file("r1,Nom,Résumé\n", header=header))
    assert [str(e) for e in report.errors] == [
        "ligne 1, colonne « category » : colonne obligatoire manquante"
    ]


def test_dry_run_changes_nothing(library):
    report = run(csv_file(row()), dry_run=True)
    assert report.created == ["r1"]
    assert not ResourcePage.objects.filter(external_id="r1").exists()


def test_import_indexes_once_at_the_end(library, monkeypatch):
    from modelsearch.backends.base import BaseSearchBackend

    calls = {"add": 0, "add_bulk": 0}
    original_add, original_bulk = BaseSearchBackend.add, BaseSearchBackend.add_bulk

    def add(self, obj):
        calls["add"] += 1
        return original_add(self, obj)

    def add_bulk(self, model, objs):
        calls["add_bulk"] += 1
        return original_bulk(self, model, objs)

    monkeypatch.setattr(BaseSearchBackend, "add", add)
    monkeypatch.setattr(BaseSearchBackend, "add_bulk", add_bulk)
    rows = [row(external_id=f"r{n}", name=f"Ressource {n}") for n in range(5)]
    with_commit = run(csv_file(*rows))
    assert len(with_commit.created) == 5
    assert calls == {"add": 0, "add_bulk": 1}
    # Indexing resumes for ordinary saves afterwards.
    make_resource(library, "Après l'import")
    assert calls["add"] >= 1


# --- Commands and round trip ------------------------------------------------------------


def test_commands_round_trip_exactly(library, tmp_path):
    make_resource(
        library,
        "=Formule piège",
        summary="+1 résumé qui commence par un signe",
        tags=["@étiquette", "CV"],
        neighbourhood="limoilou",
        hours=[(0, "09:00", "12:00"), (0, "13:00", "17:00"), (5, "22:00", "02:00")],
        cost="paid",
        cost_note="10 $",
        languages="français; espagnol",
        description="<p>Une <b>description</b>, avec des « guillemets » ; et des virgules.</p>",
        email="x@example.org",
        last_verified=datetime.date(2025, 1, 31),
        external_id="piege-1",
    )
    make_resource(library, "Simple", external_id="simple-2")
    first = tmp_path / "export.csv"
    call_command("export_resources", str(first))
    content = first.read_text(encoding="utf-8-sig")
    assert content.splitlines()[0] == HEADER
    assert "'=Formule piège" in content
    out = io.StringIO()
    call_command("import_resources", str(first), stdout=out)
    assert "rien n'a changé (2 ressource(s) déjà à jour)" in out.getvalue()
    second = tmp_path / "again.csv"
    call_command("export_resources", str(second))
    assert second.read_bytes() == first.read_bytes()
    # Into an empty library, the file rebuilds the same resources.
    ResourcePage.objects.all().delete()
    call_command("import_resources", str(first), stdout=io.StringIO())
    third = tmp_path / "third.csv"
    call_command("export_resources", str(third))
    assert third.read_bytes() == first.read_bytes()
    assert ResourcePage.objects.get(external_id="piege-1").title == "=Formule piège"


def test_command_with_errors_fails_and_reports(library, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_file(row(category="Astrologie")))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_resources", str(path), stdout=io.StringIO(), stderr=err)
    assert "ligne 2, colonne « category »" in err.getvalue()
    out = io.StringIO()
    call_command("import_resources", str(path), "--dry-run", stdout=out, stderr=io.StringIO())
    assert not ResourcePage.objects.exists()


def test_command_shows_progress(library, tmp_path):
    path = tmp_path / "many.csv"
    path.write_bytes(csv_file(*(row(external_id=f"r{n}", name=f"R {n}") for n in range(60))))
    out = io.StringIO()
    call_command("import_resources", str(path), stdout=out)
    assert "50/60 ressources enregistrées" in out.getvalue()
    assert "60/60 ressources enregistrées" in out.getvalue()
    assert "60 ressource(s) ont été créée(s)" in out.getvalue()
