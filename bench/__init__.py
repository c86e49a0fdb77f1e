"""Benchmarks: each compares saveworthy with the bare encoder in the same run (ratios)."""
