"""Page weight: the HTML and what it pulls in (stylesheets, scripts, fonts), raw and gzipped."""

import gzip
import re
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

FONT_EXTENSIONS = (".woff2", ".woff", ".ttf", ".otf", ".eot")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
CSS_IMPORT = re.compile(r"""@import\s+(?:url\()?\s*['"]([^'"]+)['"]""")


class AssetParser(HTMLParser):
    """Collects stylesheet, script and font URLs from a page, in document order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stylesheets, self.scripts, self.fonts = [], [], []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        rel = attributes.get("rel", "").lower().split()
        if tag == "link" and attributes.get("href"):
            href = attributes["href"]
            if "stylesheet" in rel:
                self.stylesheets.append(href)
            elif ("preload" in rel and attributes.get("as") == "font") or is_font(href):
                self.fonts.append(href)
        elif tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"])


def is_font(url):
    return urlsplit(url).path.lower().endswith(FONT_EXTENSIONS)


def page_assets(html):
    """(stylesheets, scripts, fonts) URLs named by the page, without duplicates."""
    parser = AssetParser()
    parser.feed(html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html)
    return _unique(parser.stylesheets), _unique(parser.scripts), _unique(parser.fonts)


def css_references(css, base_url):
    """Fonts and imported stylesheets a stylesheet pulls in, as absolute paths."""
    text = css.decode("utf-8", errors="replace") if isinstance(css, bytes) else css
    fonts = [urljoin(base_url, u) for u in CSS_URL.findall(text) if is_font(u)]
    imports = [urljoin(base_url, u) for u in CSS_IMPORT.findall(text)]
    return _unique(fonts), _unique(imports)


def gzipped_size(body):
    # Level 9, as WhiteNoise precompresses static files.
    return len(gzip.compress(body, compresslevel=9, mtime=0))


def _unique(items):
    return list(dict.fromkeys(items))


def is_local(url):
    parts = urlsplit(url)
    return not parts.scheme and not parts.netloc


def measure_weight(get, path):
    """Weigh `path` with `get(path) -> (status, body)`; third-party URLs are listed, not fetched.

    Returns {"html"|"css"|"js"|"fonts": {"raw", "gzip", "files"}, "total": {...},
    "third_party": [...], "missing": [...]} with sizes in bytes.
    """
    status, html = get(path)
    if status != 200:
        raise ValueError(f"{path}: status {status}")
    weight = {kind: {"raw": 0, "gzip": 0, "files": []} for kind in ("html", "css", "js", "fonts")}
    third_party, missing = [], []

    def add(kind, url, body):
        weight[kind]["raw"] += len(body)
        weight[kind]["gzip"] += gzipped_size(body)
        weight[kind]["files"].append({"url": url, "raw": len(body), "gzip": gzipped_size(body)})

    add("html", path, html)
    stylesheets, scripts, fonts = page_assets(html)
    queue = [urljoin(path, u) if is_local(u) else u for u in stylesheets]
    seen_css = set()
    while queue:
        url = queue.pop(0)
        if url in seen_css:
            continue
        seen_css.add(url)
        if not is_local(url):
            third_party.append(url)
            continue
        status, body = get(url)
        if status != 200:
            missing.append(url)
            continue
        add("css", url, body)
        css_fonts, imports = css_references(body, url)
        fonts.extend(css_fonts)
        queue.extend(imports)
    for kind, urls in (("js", scripts), ("fonts", _unique(fonts))):
        for raw_url in urls:
            url = urljoin(path, raw_url) if is_local(raw_url) else raw_url
            if not is_local(url):
                third_party.append(url)
                continue
            status, body = get(url)
            if status != 200:
                missing.append(url)
                continue
            add(kind, url, body)
    weight["total"] = {
        "raw": sum(weight[k]["raw"] for k in ("html", "css", "js", "fonts")),
        "gzip": sum(weight[k]["gzip"] for k in ("html", "css", "js", "fonts")),
    }
    weight["html_css_js_gzip"] = sum(weight[k]["gzip"] for k in ("html", "css", "js"))
    weight["font_files"] = len(weight["fonts"]["files"])
    weight["third_party"] = third_party
    weight["missing"] = missing
    return weight
