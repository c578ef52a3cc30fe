"""The gate leaves out each hidden subtree once: repeats and nested paths are dropped."""

from search.gate import outermost_paths


def test_outermost_paths_drop_repeats_and_nested_subtrees():
    paths = ["00010002", "000100020001", "00010003", "00010002", "0001000300010002", "00010004"]
    assert outermost_paths(paths) == ["00010002", "00010003", "00010004"]
    assert outermost_paths([]) == []
