"""No trace of visitors: error reports and access logs keep no personal data."""

import sys

from django.test import RequestFactory
from django.views.debug import ExceptionReporter


def test_error_report_hides_address_cookies_form_and_locals():
    request = RequestFactory().post(
        "/journal/contribuer/",
        {"text": "mon histoire secrète"},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
        HTTP_COOKIE="sessionid=abcdef123",
    )
    secret_local = "note de nuit confidentielle"  # noqa: F841
    try:
        raise ValueError("boom")
    except ValueError:
        report = ExceptionReporter(request, *sys.exc_info()).get_traceback_text()
    for private in (
        "203.0.113.9",
        "198.51.100.7",
        "abcdef123",
        "mon histoire secrète",
        "note de nuit confidentielle",
    ):
        assert private not in report
    assert "ValueError" in report


def test_gunicorn_access_log_has_no_client_address():
    import runpy
    from pathlib import Path

    config = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
    assert "%(h)s" not in config["access_log_format"]
    assert "%(f)s" not in config["access_log_format"]
