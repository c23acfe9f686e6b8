"""A synthetic, deterministic LinkedIn data export for tests, demos and benchmarks."""

from __future__ import annotations

from netbook.sample.generator import SampleTruth, write_sample
from netbook.sample.later import JobChange, LaterTruth, write_later_sample

__all__ = ["JobChange", "LaterTruth", "SampleTruth", "write_later_sample", "write_sample"]
