"""A synthetic, deterministic LinkedIn data export for tests, demos and benchmarks."""

from __future__ import annotations

from netbook.sample.generator import SampleTruth, write_sample

__all__ = ["SampleTruth", "write_sample"]
