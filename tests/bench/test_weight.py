"""Page weight: which files a page pulls in, and how much they weigh raw and gzipped."""

import gzip

from bench.weight import css_references, gzipped_size, measure_weight, page_assets

HTML = b"""<!doctype html><html><head>
<link rel="stylesheet" href="/static/site.css">
<link rel="stylesheet" media="print" href="/static/print.css">
<link rel="preload" as="font" href="/static/fonts/a.woff2" crossorigin>
<link rel="icon" href="/static/favicon.png">
<script type="application/ld+json">{"@type": "Organization"}</script>
<script src="/static/quick-exit.js" defer></script>
<script src="https://cdn.example.org/tracker.js"></script>
</head><body><img src="/media/x.webp" alt=""></body></html>"""


def test_page_assets_finds_stylesheets_scripts_and_fonts():
    stylesheets, scripts, fonts = page_assets(HTML)
    assert stylesheets == ["/static/site.css", "/static/print.css"]
    assert scripts == ["/static/quick-exit.js", "https://cdn.example.org/tracker.js"]
    assert fonts == ["/static/fonts/a.woff2"]


def test_css_references_resolve_fonts_and_imports_against_the_stylesheet():
    css = b"""@import "base.css";
    @font-face { font-family: X; src: url('../fonts/b.woff2') format('woff2'), url(c.woff); }
    .logo { background: url("img/logo.svg"); }"""
    fonts, imports = css_references(css, "/static/css/site.css")
    assert fonts == ["/static/fonts/b.woff2", "/static/css/c.woff"]
    assert imports == ["/static/css/base.css"]


def test_measure_weight_adds_up_every_local_file_and_lists_third_parties():
    files = {
        "/": HTML,
        "/static/site.css": b"@import 'extra.css'; body{font-family:X} " * 20
        + b"@font-face{src:url(fonts/b.woff2)}",
        "/static/extra.css": b"p{margin:0}",
        "/static/print.css": b"nav{display:none}",
        "/static/quick-exit.js": b"document.addEventListener('keydown', () => {});" * 5,
        "/static/fonts/a.woff2": b"\x00" * 1000,
        "/static/fonts/b.woff2": b"\x01" * 500,
    }
    fetched = []

    def get(path):
        fetched.append(path)
        return (200, files[path]) if path in files else (404, b"")

    weight = measure_weight(get, "/")
    assert weight["html"]["raw"] == len(HTML)
    css_files = ("/static/site.css", "/static/extra.css", "/static/print.css")
    assert weight["css"]["raw"] == sum(len(files[p]) for p in css_files)
    assert weight["js"]["gzip"] == gzipped_size(files["/static/quick-exit.js"])
    assert weight["font_files"] == 2
    assert weight["fonts"]["raw"] == 1500
    assert weight["third_party"] == ["https://cdn.example.org/tracker.js"]
    assert not any(p.startswith("http") for p in fetched)  # never fetched
    assert weight["html_css_js_gzip"] == sum(weight[k]["gzip"] for k in ("html", "css", "js"))
    assert weight["missing"] == []


def test_gzipped_size_is_deterministic_and_smaller_for_text():
    body = b"hebergement " * 100
    assert gzipped_size(body) == gzipped_size(body) < len(body)
    assert gzip.decompress(gzip.compress(body, compresslevel=9, mtime=0)) == body
