"""The one table `make bench` prints, and the JSON it writes."""

import json
from pathlib import Path

from bench.targets import BINDING, check_case, check_growth, verdict

RESULTS_DIR = Path(__file__).resolve().parent / "results"
COLUMNS = (
    ("db", "<"),
    ("size", ">"),
    ("case", "<"),
    ("kind", "<"),
    ("p50 ms", ">"),
    ("p95 ms", ">"),
    ("SQL", ">"),
    ("req/s", ">"),
    ("vs minimal", ">"),
    ("cached", ">"),
    ("gz KB", ">"),
    ("targets", "<"),
)


def _ms(value):
    return f"{value:.1f}" if value is not None else ""


def checks_for(run, case, growth, largest):
    """Target checks of one case in one run; the growth check goes on the largest size."""
    checks = check_case(case, run["size"])
    grown = growth.get((run["db"], case["name"]))
    if grown is not None and run["size"] == largest.get(run["db"]):
        checks.append(grown)
    return checks


def largest_sizes(runs):
    largest = {}
    for run in runs:
        largest[run["db"]] = max(largest.get(run["db"], 0), run["size"])
    return largest


def case_row(run, case, checks):
    """The table's cells for one case of one run."""
    head = [run["db"], f"{run['size']:,}", case["name"], case["kind"]]
    if case.get("status") != "measured":
        note = case.get("status", "")
        if case.get("reason"):
            note = f"{note} ({case['reason']})"
        return [*head, "", "", "", "", "", "", "", note]
    ratio = case.get("ratio")
    weight = case.get("weight")
    result = verdict(checks)
    binding = (run["db"], run["size"]) == BINDING
    return [
        *head,
        _ms(case["p50_ms"]),
        _ms(case["p95_ms"]),
        str(case["queries"]),
        f"{case['rps']:.0f}" if case.get("rps") is not None else "",
        f"{ratio * 100:.1f}%" if ratio is not None else "",
        f"{case['ratio_cached'] * 100:.1f}%" if case.get("ratio_cached") is not None else "",
        f"{weight['html_css_js_gzip'] / 1024:.1f}" if weight else "",
        result if binding or not result else f"({result})",
    ]


def minimal_row(run):
    minimal = run.get("minimal") or {}
    rps = minimal.get("rps")
    cells = [""] * len(COLUMNS)
    cells[:4] = [run["db"], f"{run['size']:,}", "minimal view", "yardstick"]
    cells[7] = f"{rps:.0f}" if rps else "not measured"
    cells[8] = "100.0%" if rps else ""
    return cells


def render_table(results):
    """Plain-text table of every run; targets in parentheses where they are not binding."""
    runs = results["runs"]
    growth, largest = check_growth(runs), largest_sizes(runs)
    rows = []
    for run in runs:
        rows.append(minimal_row(run))
        rows.extend(
            case_row(run, case, checks_for(run, case, growth, largest)) for case in run["cases"]
        )
    headers = [name for name, _align in COLUMNS]
    widths = [
        max(len(headers[i]), *(len(row[i]) for row in rows)) if rows else len(headers[i])
        for i in range(len(headers))
    ]
    # The last column is free text: no padding.
    widths[-1] = len(headers[-1])

    def line(cells):
        parts = []
        for (_name, align), width, cell in zip(COLUMNS, widths, cells, strict=True):
            parts.append(cell.ljust(width) if align == "<" else cell.rjust(width))
        return "  ".join(parts).rstrip()

    out = [line(headers), line(["-" * w for w in widths])]
    previous = None
    for row in rows:
        if previous is not None and row[:2] != previous:
            out.append("")
        previous = row[:2]
        out.append(line(row))
    out.append("")
    out.append(
        f"Targets bind at {BINDING[0]}, {BINDING[1]:,} items; in parentheses elsewhere. "
        "p95: pages and feeds < 25 ms, searches < 50 ms (150 ms at 100,000); SQL <= 15 and "
        "not growing with content; home >= 10% of the minimal view (50% with the page cache: "
        "'cached'), < 20 KB gz, no fonts. In-process times and 'vs minimal' are without the "
        "page cache."
    )
    return "\n".join(out)


def summary(results):
    """Counts of targets met and not met at the binding size, and the cases not built yet."""
    runs = results["runs"]
    growth, largest = check_growth(runs), largest_sizes(runs)
    met = failed = 0
    for run in runs:
        if (run["db"], run["size"]) != BINDING:
            continue
        for case in run["cases"]:
            checks = checks_for(run, case, growth, largest)
            met += sum(check.met for check in checks)
            failed += sum(not check.met for check in checks)
    not_built = sorted(
        {case["name"] for run in runs for case in run["cases"] if case["status"] != "measured"}
    )
    return {"binding_met": met, "binding_not_met": failed, "not_measured": not_built}


def annotate(results):
    """Add each case's target checks to the results, for the JSON."""
    growth, largest = check_growth(results["runs"]), largest_sizes(results["runs"])
    for run in results["runs"]:
        for case in run["cases"]:
            checks = checks_for(run, case, growth, largest)
            case["targets"] = [check.as_dict() for check in checks]
            case["targets_binding"] = (run["db"], run["size"]) == BINDING
    results["summary"] = summary(results)
    return results


def write_json(results, directory=RESULTS_DIR, stamp=None):
    """Write `<stamp>.json` and `latest.json`; returns both paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    stamp = stamp or results["started"].replace(":", "").replace("-", "")[:15]
    text = json.dumps(results, indent=2, ensure_ascii=False, default=str)
    dated = directory / f"{stamp}.json"
    latest = directory / "latest.json"
    dated.write_text(text + "\n", encoding="utf-8")
    latest.write_text(text + "\n", encoding="utf-8")
    return dated, latest
