"""Benchmarks behind ``redline bench``; figures go to docs/benchmarks.md."""
