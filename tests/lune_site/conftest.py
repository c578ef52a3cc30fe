"""Fixtures of the site app's tests."""

import pytest

# --- Staff area (issue 7) ---------------------------------------------------------------------


@pytest.fixture
def log_index(site_tree):
    """The shelter's register, /equipe/registre/, as setup_site makes it."""
    from lune_site.models import ShelterLogIndexPage

    return ShelterLogIndexPage.objects.get()


@pytest.fixture
def figures_page(site_tree):
    from lune_site.models import ShelterFiguresPage

    return ShelterFiguresPage.objects.get()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client
