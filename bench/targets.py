"""The targets of issue 9, checked against measured numbers (binding at 10,000 on PostgreSQL).

A target that cannot be checked (the case is not built yet, or was not weighed) is absent,
never counted as met.
"""

from dataclasses import dataclass

PAGE_P95_MS = 25.0  # pages and feeds
SEARCH_P95_MS = 50.0  # searches (with facets) up to 10,000 items
HUGE_SEARCH_P95_MS = 150.0  # searches with facets at 100,000 items
HUGE_SIZE = 100_000
MAX_QUERIES = 15
HOME_THROUGHPUT_RATIO = 0.10  # uncached home page, as a fraction of the minimal view
HOME_CACHED_RATIO = 0.50  # the home page with the anonymous page cache on
HOME_WEIGHT_BYTES = 20 * 1024  # HTML + CSS + JS, gzipped
BINDING = ("postgres", 10_000)


@dataclass(frozen=True)
class Check:
    target: str
    value: float
    limit: float
    met: bool
    at_least: bool = False  # the limit is a floor (throughput), not a ceiling

    def short(self):
        sign = "<" if self.at_least else ">"
        return f"{self.target} {_number(self.value)}{sign}{_number(self.limit)}"

    def as_dict(self):
        return {
            "target": self.target,
            "value": round(self.value, 2),
            "limit": self.limit,
            "met": self.met,
        }


def _number(value):
    return f"{value:.0f}" if value >= 100 or float(value).is_integer() else f"{value:.1f}"


def time_limit(kind, size):
    if kind == "search":
        return HUGE_SEARCH_P95_MS if size >= HUGE_SIZE else SEARCH_P95_MS
    return PAGE_P95_MS


def check_case(case, size):
    """Checks for one measured case at one size: p95, queries, and the home page's extras."""
    if case.get("status") != "measured":
        return []
    checks = []
    limit = time_limit(case["kind"], size)
    checks.append(Check("p95 ms", case["p95_ms"], limit, case["p95_ms"] < limit))
    checks.append(Check("queries", case["queries"], MAX_QUERIES, case["queries"] <= MAX_QUERIES))
    if case["name"] == "home":
        if case.get("ratio") is not None:
            ratio = case["ratio"]
            checks.append(
                Check(
                    "% of minimal",
                    ratio * 100,
                    HOME_THROUGHPUT_RATIO * 100,
                    ratio >= HOME_THROUGHPUT_RATIO,
                    at_least=True,
                )
            )
        if case.get("ratio_cached") is not None:
            cached = case["ratio_cached"]
            checks.append(
                Check(
                    "% of minimal, cached",
                    cached * 100,
                    HOME_CACHED_RATIO * 100,
                    cached >= HOME_CACHED_RATIO,
                    at_least=True,
                )
            )
        weight = case.get("weight")
        if weight:
            total = weight["html_css_js_gzip"]
            checks.append(Check("KB gz", total / 1024, 20, total < HOME_WEIGHT_BYTES))
            fonts = weight["font_files"]
            checks.append(Check("font files", fonts, 0, fonts == 0))
    return checks


def check_growth(runs):
    """Query counts must not grow with content: per database and case, across sizes.

    `runs` are the per-(database, size) results; returns {(db, case): Check} for cases
    measured at two sizes or more.
    """
    counts = {}
    for run in runs:
        for case in run["cases"]:
            if case.get("status") == "measured":
                counts.setdefault((run["db"], case["name"]), []).append(
                    (run["size"], case["queries"])
                )
    growth = {}
    for key, by_size in counts.items():
        if len(by_size) < 2:
            continue
        by_size.sort()
        smallest, largest = by_size[0][1], by_size[-1][1]
        growth[key] = Check("queries grow", largest, smallest, largest <= smallest)
    return growth


def verdict(checks):
    """'met', 'not met: …' or '' when nothing could be checked."""
    if not checks:
        return ""
    failed = [check for check in checks if not check.met]
    if not failed:
        return "met"
    return "not met: " + "; ".join(check.short() for check in failed)
