"""Targets from issue 9, checked against numbers; and the table that shows them."""

import json

from bench.report import annotate, render_table, write_json
from bench.targets import check_case, check_growth, verdict


def measured(name="about", kind="page", p95=10.0, queries=8, **extra):
    return {
        "name": name,
        "kind": kind,
        "status": "measured",
        "p50_ms": p95 / 2,
        "p95_ms": p95,
        "queries": queries,
        **extra,
    }


def test_page_and_search_time_limits():
    assert verdict(check_case(measured(p95=24.9), 10_000)) == "met"
    assert verdict(check_case(measured(p95=31.0), 10_000)) == "not met: p95 ms 31>25"
    assert verdict(check_case(measured(kind="search", p95=45), 10_000)) == "met"
    assert verdict(check_case(measured(kind="search", p95=120), 100_000)) == "met"
    assert "p95 ms 160>150" in verdict(check_case(measured(kind="search", p95=160), 100_000))


def test_query_ceiling():
    assert verdict(check_case(measured(queries=15), 1000)) == "met"
    assert verdict(check_case(measured(queries=16), 1000)) == "not met: queries 16>15"


def test_home_page_throughput_and_weight():
    weight = {"html_css_js_gzip": 30 * 1024, "font_files": 2}
    home = measured(name="home", ratio=0.05, weight=weight)
    result = verdict(check_case(home, 10_000))
    assert "% of minimal 5<10" in result
    assert "KB gz 30>20" in result
    assert "font files 2>0" in result
    light = measured(name="home", ratio=0.2, weight={"html_css_js_gzip": 5000, "font_files": 0})
    assert verdict(check_case(light, 10_000)) == "met"


def test_home_page_throughput_with_the_page_cache():
    cached = measured(name="home", ratio=0.2, ratio_cached=0.35)
    assert verdict(check_case(cached, 10_000)) == "not met: % of minimal, cached 35<50"
    fast = measured(name="home", ratio=0.2, ratio_cached=0.8)
    assert verdict(check_case(fast, 10_000)) == "met"


def test_table_shows_the_cached_ratio():
    home = measured(name="home", ratio=0.2, rps=200, ratio_cached=0.8, rps_cached=800)
    run = {"db": "postgres", "size": 10_000, "minimal": {"rps": 1000}, "cases": [home]}
    table = render_table({"runs": [run]})
    row = next(line for line in table.splitlines() if "home" in line)
    assert "20.0%" in row and "80.0%" in row


def test_unmeasured_cases_have_no_verdict():
    case = {"name": "library", "kind": "page", "status": "not built yet"}
    assert check_case(case, 10_000) == []
    assert verdict([]) == ""


def run(db, size, *cases, rps=1000.0):
    return {"db": db, "size": size, "minimal": {"rps": rps}, "cases": list(cases)}


def test_query_growth_is_caught_across_sizes():
    runs = [
        run("postgres", 1000, measured(name="home", queries=9), measured(queries=5)),
        run("postgres", 10_000, measured(name="home", queries=12), measured(queries=5)),
        run("sqlite", 1000, measured(name="home", queries=9)),
    ]
    growth = check_growth(runs)
    assert not growth[("postgres", "home")].met
    assert growth[("postgres", "about")].met
    assert ("sqlite", "home") not in growth  # one size only: nothing to compare


def results_fixture():
    not_built = {
        "name": "library",
        "kind": "page",
        "status": "not built yet",
        "reason": "no content builder 'resources'",
    }
    return {
        "started": "2026-05-09T07:35:25+00:00",
        "runs": [
            run(
                "postgres", 1000, measured(name="home", queries=9, rps=150.0, ratio=0.15), not_built
            ),
            run(
                "postgres",
                10_000,
                measured(name="home", p95=40, queries=9, rps=90.0, ratio=0.09),
                not_built,
            ),
        ],
    }


def test_table_marks_binding_targets_and_unbuilt_cases():
    results = annotate(results_fixture())
    table = render_table(results)
    lines = table.splitlines()
    assert lines[0].split()[:3] == ["db", "size", "case"]
    assert any("minimal view" in line and "1,000" in line for line in lines)
    # Non-binding verdicts are in parentheses; the binding one (postgres, 10,000) is not.
    small_home = next(line for line in lines if " 1,000  home" in line)
    big_home = next(line for line in lines if "10,000  home" in line)
    assert small_home.endswith("(met)")
    assert "not met: p95 ms 40>25; % of minimal 9<10" in big_home
    assert "(not met" not in big_home
    assert "not built yet (no content builder 'resources')" in table
    assert results["summary"]["not_measured"] == ["library"]
    assert results["summary"]["binding_not_met"] == 2


def test_json_written_with_timestamp_and_latest(tmp_path):
    results = annotate(results_fixture())
    dated, latest = write_json(results, tmp_path)
    assert dated.name == "20260509T073525.json"
    assert json.loads(latest.read_text()) == json.loads(dated.read_text())
    home = json.loads(latest.read_text())["runs"][1]["cases"][0]
    assert {"target": "p95 ms", "value": 40, "limit": 25.0, "met": False} in home["targets"]
    assert home["targets_binding"] is True
