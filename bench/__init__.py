"""The benchmark harness of issue 9: `make bench` (see `bench/__main__.py` and the README)."""
