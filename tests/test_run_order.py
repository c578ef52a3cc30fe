"""The run order the suite relies on: a transactional test empties every table when it ends,
so no test expecting the migrated data (root page, locales, categories...) may follow one."""

from tests.conftest import is_transactional, uses_database


def test_no_database_test_runs_after_a_transactional_one(request):
    seen_transactional = None
    for item in request.session.items:
        if is_transactional(item):
            seen_transactional = seen_transactional or item.nodeid
        elif uses_database(item):
            assert seen_transactional is None, f"{item.nodeid} runs after {seen_transactional}"
