"""Benchmarks: scripts that print figures beside a baseline measured in the same run.

Run them from the repository root as modules (`python -m bench.run_all`); see README.md.
"""
