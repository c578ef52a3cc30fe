"""The home page stays light for slow, metered phones: HTML + CSS + JS under 20 KB gzipped."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_home_page_weight_and_no_font_files(client, demo):
    html = client.get("/").content
    assets = re.findall(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"', html)
    total = len(gzip.compress(html))
    for asset in assets:
        path = finders.find(asset.decode().removeprefix("/static/"))
        assert path, asset
        with open(path, "rb") as handle:
            total += len(gzip.compress(handle.read()))
    assert total < 20 * 1024, f"{total} bytes compressed"
    assert b".woff" not in html and b"@font-face" not in html
    assert b"http://" not in html.replace(b"http://www.w3.org", b"")
