"""For every file netbook reads, kept + noise + failed = rows: in the import, the store and doctor.

Checked on every era fixture, the sample, the issue-11 fixtures, and on generated exports
(hypothesis) whose Connections.csv and twin endorsement files mix every kind of row.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netbook import SourceError, Workspace, doctor
from netbook.sources.linkedin import LinkedInSource

ROOT = Path(__file__).resolve().parents[1]
LINKEDIN = ROOT / "tests" / "data" / "linkedin"
READABLE = (
    "endorsement_twins",
    "events_approved",
    "export_2018",
    "namesakes",
    "owner_ids",
    "resaved_optional",
    "single_inbound",
    "split_invitations",
)
"""The issue-11 fixtures that import (the others are error cases)."""
EXPORTS = [
    *(LINKEDIN / era for era in ("2018", "2021", "2022", "2024", "2026")),
    ROOT / "data" / "sample" / "linkedin",
    *(LINKEDIN / "real" / name for name in READABLE),
    LINKEDIN / "real" / "phones_2018" / "Imported Contacts.csv",
    LINKEDIN / "real" / "owner_card.vcf",
]
OTHER_SOURCES = [
    *(
        ROOT / "tests" / "data" / "csv" / n
        for n in ("multi.csv", "people.csv", "semicolon_cp1252.csv")
    ),
    *sorted((ROOT / "tests" / "data" / "contacts").glob("*.csv")),
    *sorted((ROOT / "tests" / "data" / "contacts").glob("*.vcf")),
    *(
        ROOT / "tests" / "data" / "calendar" / n
        for n in ("bad_dtstart.ics", "basic.ics", "recurring.ics")
    ),
]
"""Every other source's readable fixtures (a calendar's rows are its events)."""


def add_up(files: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``files`` whose counts do not add up (or are missing; ignored files too)."""
    total = pl.col("kept") + pl.col("noise") + pl.col("failed")
    return files.filter((total != pl.col("rows")).fill_null(True))


def test_doctor_counts_add_up_for_every_file_of_every_export(tmp_path: Path) -> None:
    for export in [*EXPORTS, *OTHER_SOURCES]:
        ws = Workspace(tmp_path / export.stem)
        ws.import_paths([export])
        for source in doctor.report(ws)["sources"]:
            files = pl.DataFrame(source["files"], infer_schema_length=None)
            assert add_up(files).is_empty(), (export.name, add_up(files).to_dicts())


NAMES = st.sampled_from(["Ada Example", "ADA EXAMPLE", "Bo Sample", "", "Cy Test"])
DAYS = st.sampled_from(["06 Apr 2026", "07 Apr 2026", "31 Foo 2026", ""])
COMPANIES = st.sampled_from(["Lumen", "Globex", ""])
URLS = st.sampled_from(["", "https://www.linkedin.com/in/ada-example", "linkedin.com/in/bo"])
CONNECTION = st.tuples(NAMES, URLS, COMPANIES, DAYS)
WHEN = st.sampled_from(["2022/08/30 10:15:00 UTC", "2021/02/11 08:00:00 UTC", "soon", ""])
ENDORSEMENT = st.tuples(WHEN, st.sampled_from(["Python", "SQL"]), NAMES)


def write_export(
    folder: Path,
    connections: list[tuple[str, str, str, str]],
    endorsements: list[tuple[str, str, str]],
    legacy: list[tuple[str, str, str]],
) -> None:
    """An export with these Connections.csv rows and twin endorsement files."""
    lines = ["First Name,Last Name,URL,Email Address,Company,Position,Connected On"]
    for name, url, company, day in connections:
        first, _, last = name.partition(" ")
        lines.append(f"{first},{last},{url},,{company},,{day}")
    (folder / "Connections.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    header = ["Endorsement Date", "Skill Name", "Endorser First Name", "Endorser Last Name"]
    rows = [",".join(header)]
    for when, skill, name in endorsements:
        first, _, last = name.partition(" ")
        rows.append(f"{when},{skill},{first},{last}")
    (folder / "Endorsement_Received_Info.csv").write_text("\n".join(rows) + "\n")
    tsv = ["\t".join(f'"{h}"' for h in header)]
    for when, skill, name in legacy:
        first, _, last = name.partition(" ")
        tsv.append("\t".join(f'"{v}"' for v in (when, skill, first, last)))
    (folder / "Endorsement Received Info.csv").write_bytes(
        ("\r\n".join(tsv) + "\r\n").encode("utf-16")
    )


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(CONNECTION, min_size=1, max_size=8),
    st.lists(ENDORSEMENT, max_size=5),
    st.lists(ENDORSEMENT, max_size=5),
)
def test_counts_add_up_on_generated_exports(
    connections: list[tuple[str, str, str, str]],
    endorsements: list[tuple[str, str, str]],
    legacy: list[tuple[str, str, str]],
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        write_export(Path(folder), connections, endorsements, legacy)
        try:
            loaded = LinkedInSource().load(Path(folder))
        except SourceError as error:
            # Not one row of Connections.csv read: the import fails, naming the file (every row
            # that is not a hidden member's has the bad date).
            assert error.path.endswith("Connections.csv") and "none of its" in str(error)
            assert all(day == "31 Foo 2026" for name, url, _, day in connections if name or url)
            return
    files = loaded.files
    assert add_up(files).is_empty(), add_up(files).to_dicts()
    # The noise and failures told per file are the ones counted on that file's row.
    noise = loaded.noise.group_by("file").agg(pl.col("rows").sum().alias("told"))
    counted = files.join(noise, on="file", how="left").with_columns(pl.col("told").fill_null(0))
    assert (counted["told"] == counted["noise"]).all(), counted.to_dicts()
    failed = loaded.failures.group_by("file").len()
    counted = files.join(failed, on="file", how="left").with_columns(pl.col("len").fill_null(0))
    assert (counted["len"] == counted["failed"]).all(), counted.to_dicts()
