"""The harness's arithmetic: percentiles and summaries of server times."""

import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bench.measure import percentile, summarize


def test_percentile_interpolates_between_ranks():
    samples = [10, 20, 30, 40]
    assert percentile(samples, 0.5) == 25
    assert percentile(samples, 0) == 10
    assert percentile(samples, 1) == 40
    assert percentile(samples, 0.95) == pytest.approx(38.5)


def test_percentile_ignores_sample_order_and_handles_one_sample():
    assert percentile([3, 1, 2], 0.5) == 2
    assert percentile([7.5], 0.95) == 7.5


def test_percentile_refuses_nonsense():
    with pytest.raises(ValueError):
        percentile([], 0.5)
    with pytest.raises(ValueError):
        percentile([1, 2], 1.5)


@given(st.lists(st.floats(min_value=0, max_value=10_000), min_size=2, max_size=200))
def test_percentile_matches_statistics_inclusive_quantiles(samples):
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    assert percentile(samples, 0.5) == pytest.approx(cuts[9], abs=1e-6)
    assert percentile(samples, 0.95) == pytest.approx(cuts[18], abs=1e-6)


def test_summarize_reports_milliseconds():
    summary = summarize([0.010] * 19 + [0.100])
    assert summary["n"] == 20
    assert summary["p50_ms"] == 10.0
    assert summary["p95_ms"] == pytest.approx(14.5)
    assert summary["max_ms"] == 100.0
    assert summary["mean_ms"] == pytest.approx(14.5)
