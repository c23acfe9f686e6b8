"""The command line: one clear line and exit 2 for bad input, never a traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from functools import partial
from pathlib import Path

import clirun
from exports import connections_export, profile
from netbook import __version__ as netbook_version
from netbook import api
from netbook.cli import app
from netbook.workspace import Workspace

FIXTURE = Path(__file__).parent / "data" / "linkedin" / "mini"


netbook = partial(clirun.netbook, columns=200)


def test_import_doctor_people(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    first = netbook("import", str(FIXTURE), "-w", ws)
    assert first.returncode == 0, first.stderr
    assert "3 new people, 9 new interactions" in first.stdout
    again = netbook("import", str(FIXTURE), "-w", ws)
    assert "0 new people, 0 new interactions" in again.stdout
    report = json.loads(netbook("doctor", "-w", ws, "--format", "json").stdout)
    assert report["people"] == 3
    assert report["messages"] == {"outbound": 1, "inbound": 1, "group": 1}
    assert report["owner"]["full_name"] == "Owner Example"
    noise = {n["reason"]: n["rows"] for n in report["sources"][0]["noise"]}
    assert noise == {"draft": 1, "sponsored": 1, "hidden member": 1}
    by_file = {(n["file"], n["reason"]): n["rows"] for n in report["sources"][0]["noise_by_file"]}
    assert by_file == {
        ("Connections.csv", "hidden member"): 1,
        ("messages.csv", "draft"): 1,
        ("messages.csv", "sponsored"): 1,
    }
    (failure,) = report["sources"][0]["failures"]
    assert (failure["file"], failure["first_line"], failure["column"]) == (
        "Connections.csv",
        8,
        "connected_on",
    )
    table = netbook("doctor", "-w", ws)
    assert "Owner Example" in table.stdout and "Connections.csv" in table.stdout
    found = netbook("people", "globex", "-w", ws, "--format", "csv")
    assert found.stdout.splitlines()[1].startswith("Zoë Sample,Globex")


def test_bad_input_is_one_line_exit_2(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    missing = netbook("import", str(tmp_path / "nope.zip"), "-w", str(ws))
    assert missing.returncode == 2
    assert (
        missing.stderr.strip()
        == f"error: {tmp_path / 'nope.zip'}: does not exist (check the path to the export)"
    )
    other = tmp_path / "other.csv"
    other.write_text("sku,price\n1,2\n")
    result = netbook("import", str(other), "-w", str(ws))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "is not an export netbook recognises" in result.stderr
    assert not (ws / "netbook.duckdb").exists()


def test_strict_fails_on_bad_rows_and_stores_nothing(tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    result = netbook("import", str(FIXTURE), "-w", str(ws), "--strict")
    assert result.returncode == 2
    assert "Connections.csv:8: unreadable connected_on '31 Foo 2026'" in result.stderr
    assert not (ws / "netbook.duckdb").exists()


def test_sources_lists_linkedin() -> None:
    assert "linkedin" in netbook("sources").stdout


def test_untrusted_text_is_shown_as_text(tmp_path: Path) -> None:
    export = connections_export(
        tmp_path / "export",
        [
            (
                *("[bold]Eve[/bold]", "<script>alert(1)</script>", profile("eve"), ""),
                *('=HYPERLINK("http://x")', "[red]CTO", "06 Apr 2026"),
            )
        ],
    )
    ws = str(tmp_path / "ws")
    assert netbook("import", str(export), "-w", ws).returncode == 0
    table = netbook("people", "-w", ws).stdout
    assert "[bold]Eve[/bold]" in table
    assert "<script>alert(1)</script>" in table
    assert "[red]CTO" in table
    csv = netbook("people", "-w", ws, "--format", "csv").stdout.splitlines()
    assert csv[1].startswith("""[bold]Eve[/bold] <script>alert(1)</script>,"'=HYPERLINK(""")
    written = tmp_path / "people.csv"  # a file is written straight from polars: the same cells
    assert netbook("people", "-w", ws, "-f", "csv", "-o", str(written)).returncode == 0
    assert written.read_text(encoding="utf-8").splitlines() == csv


def test_empty_results_say_so_in_one_line(mini_ws: Workspace, tmp_path: Path) -> None:
    ws = str(mini_ws.root)
    nobody = netbook("people", "zzzz", "-w", ws)
    assert nobody.returncode == 0
    assert nobody.stdout == "Nobody matches 'zzzz'.\n"
    mistyped = tmp_path / "wrokspace"
    for args in (
        ("people",),
        ("health", "--as-of", "2026-11-16"),
        ("due", "--as-of", "2026-11-16"),
        ("plan", "--as-of", "2026-11-16"),
        ("summary", "--as-of", "2026-11-16"),
        ("doctor",),
        ("ties",),
        ("event", "list"),
        ("promise", "list"),
        ("rate",),
    ):
        found = netbook(*args, "-w", str(mistyped))
        assert found.returncode == 0, found.stderr
        assert found.stdout.count("\n") == 1, found.stdout
        assert f"Nothing imported in {mistyped}: check --workspace" in found.stdout
    assert not mistyped.exists()  # reading a mistyped workspace creates nothing
    csv = netbook("people", "zzzz", "-w", ws, "--format", "csv")
    assert csv.stdout.splitlines() == ["full_name,company,position,connected_on,profile_url"]


def test_empty_lists_are_one_line_not_an_empty_table(mini_ws: Workspace) -> None:
    ws = str(mini_ws.root)
    ties = netbook("ties", "-w", ws, "--as-of", "2026-11-16").stdout.splitlines()
    assert ties[0] == "Dormant ties worth reviving on 2026-11-16: 0"
    assert ties[1] == "Moderately weak ties for a job search on 2026-11-16: 1"  # its table follows
    assert any(line.strip().startswith("Zoë Sample") for line in ties[2:])
    assert netbook("merges", "--decided", "-w", ws).stdout == "No decisions yet.\n"
    assert netbook("merges", "--merged", "-w", ws).stdout == "Nobody merged.\n"
    assert netbook("merges", "-w", ws).stdout == "No suggested merges.\n"


def test_people_search_is_in_the_api(mini_ws: Workspace) -> None:
    every = api.search_people(mini_ws)
    assert every.columns == list(api.PEOPLE_COLUMNS)
    assert every.height == mini_ws.people().collect().height
    assert every["connected_on"].drop_nulls().is_sorted(descending=True)  # newest first
    assert every["full_name"][0] == "Ada Example, PhD"
    assert api.search_people(mini_ws, "GLOBEX")["full_name"].to_list() == ["Zoë Sample"]
    assert api.search_people(mini_ws, "zoe@example")["full_name"].to_list() == ["Zoë Sample"]
    assert api.search_people(mini_ws, "zzzz").is_empty()


def test_help_lists_every_verb_without_loading_the_data_layer() -> None:
    shown = netbook("--help", columns=200)
    assert shown.returncode == 0
    for verb in app.registered_commands:
        assert verb.name is not None and f" {verb.name} " in shown.stdout
        assert verb.callback is not None and verb.callback.__doc__ is not None
        assert verb.callback.__doc__.splitlines()[0] in shown.stdout
    for group in app.registered_groups:
        assert f" {group.name} " in shown.stdout
    # A fresh interpreter: importing the command line loads no polars, DuckDB or pydantic.
    probe = "import sys, netbook.cli; print(sorted({'polars', 'duckdb', 'pydantic'} & set(sys.modules)))"
    loaded = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60
    )
    assert loaded.stdout == "[]\n", loaded.stderr


def test_installed_script_and_module_run_in_their_own_process() -> None:
    script = Path(sys.executable).with_name("netbook")
    version = subprocess.run([script, "--version"], capture_output=True, text=True, timeout=60)
    assert (version.returncode, version.stdout) == (0, f"netbook {netbook_version}\n")
    listed = clirun.netbook_process("sources")
    assert listed.returncode == 0 and "linkedin" in listed.stdout
    bad = clirun.netbook_process("summary", "--period", "fortnight")
    assert bad.returncode == 2
    assert bad.stderr == (
        "error: --period 'fortnight' is unknown (use week, month, quarter or year)\n"
    )


def test_an_unreadable_row_is_told_by_file_and_line_and_counted(tmp_path: Path) -> None:
    """``Connections.csv:100:`` is a file and a line: never rendered as an emoji code."""
    import shutil

    export = tmp_path / "export"
    shutil.copytree(FIXTURE, export)
    connections = export / "Connections.csv"
    body = connections.read_bytes().replace(b"31 Foo 2026", b"31 Jan 2026")  # no bad date first
    lines = body.count(b"\n")
    rows = b"".join(
        b"Pad,P%d,https://www.linkedin.com/in/pad-%d,,Filler,Role,01 Jan 2026\n" % (i, i)
        for i in range(99 - lines)
    )
    connections.write_bytes(body + rows + b"Bad,By\xffte,,,X,Y,01 Jan 2026\n")
    done = netbook("import", str(export), "-w", str(tmp_path / "ws"))
    assert done.returncode == 0, done.stderr
    assert "first unreadable row: Connections.csv:100: unreadable text" in done.stdout
    assert "1 unreadable row)" in done.stdout
    # With a bad date on line 8 as well, the first is the lowest line of the file.
    connections.write_bytes(connections.read_bytes().replace(b"31 Jan 2026", b"31 Foo 2026"))
    again = netbook("import", str(export), "-w", str(tmp_path / "ws2"))
    assert "first unreadable row: Connections.csv:8: unreadable connected_on" in again.stdout
    assert "2 unreadable rows" in again.stdout


def test_a_file_of_which_no_row_could_be_read_is_told_and_exits_1(tmp_path: Path) -> None:
    """An Invitations.csv whose every date a spreadsheet rewrote: the rest is imported, exit 1."""
    export = connections_export(
        tmp_path / "export",
        [("Ada", "Lovelace", profile("ada-l"), "", "Acme", "CTO", "15 Nov 2026")],
    )
    (export / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f"Ada Lovelace,Olive Owner,25.11.26 09:12,,INCOMING,{profile('ada-l')},{profile('olive')}\n"
        f"Olive Owner,Bo Chen,24.11.26 10:00,,OUTGOING,{profile('olive')},{profile('bo-c')}\n",
        encoding="utf-8",
    )
    done = netbook("import", str(export), "-w", str(tmp_path / "ws"))
    assert done.returncode == 1, done.stdout + done.stderr
    assert "unread Invitations.csv: none of its 2 rows could be read" in done.stdout
    assert api.search_people(Workspace(tmp_path / "ws"), "Ada").height == 1


def test_an_empty_connections_file_is_told_and_exits_1(tmp_path: Path) -> None:
    """0 bytes is a file cut short (LinkedIn writes a header even with no connection)."""
    import shutil

    export = tmp_path / "export"
    shutil.copytree(FIXTURE, export)
    (export / "Connections.csv").write_bytes(b"")
    done = netbook("import", str(export), "-w", str(tmp_path / "ws"))
    assert done.returncode == 1, done.stderr
    assert "  empty Connections.csv: LinkedIn writes its header" in done.stdout
    assert "download the export again" in done.stdout
    header_only = tmp_path / "header"
    header_only.mkdir()
    (header_only / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    )
    none = netbook("import", str(header_only), "-w", str(tmp_path / "ws2"))
    assert none.returncode == 0 and "  empty " not in none.stdout
    # A few bytes that are no text (a zip's first bytes) are a broken file, not an empty one:
    # Connections.csv cannot be read, so nothing is imported (README), exit 2.
    (export / "Connections.csv").write_bytes(b"PK\x03\x04garbage")
    broken = netbook("import", str(export), "-w", str(tmp_path / "ws3"))
    assert broken.returncode == 2, broken.stdout
    assert "Connections.csv:1: has no header" in broken.stderr
    assert not (tmp_path / "ws3" / "netbook.duckdb").exists()


def test_recording_into_a_workspace_where_nothing_was_imported_is_an_error(tmp_path: Path) -> None:
    """A mistyped --workspace: one line naming the folder, exit 2, and nothing created there."""
    mistyped = tmp_path / "wrokspace"
    for args in (
        ("log", "Ann", "-c", "call"),
        ("snooze", "Ann", "--until", "2027-01-01"),
        ("promise", "Ann", "an intro", "--by", "2027-01-01"),
        ("knows", "Ann", "Bob"),
    ):
        done = netbook(*args, "-w", str(mistyped))
        assert done.returncode == 2, (args, done.stdout)
        assert done.stderr.startswith(f"error: {mistyped}: nothing imported here"), done.stderr
    assert not mistyped.exists()


def test_today_long_after_the_newest_export_is_told(mini_ws: Workspace) -> None:
    """The mini export holds data up to April 2026: as of today the months since read as silence."""
    ws = str(mini_ws.root)
    newest = mini_ws.table("imports")["exported_on"].max()
    today = netbook("due", "-w", ws)
    assert today.returncode == 0, today.stderr
    assert f"note: your newest import holds data up to {newest}," in today.stderr
    assert f"pass --as-of {newest}." in today.stderr
    chosen = netbook("due", "-w", ws, "--as-of", str(newest))
    assert "note:" not in chosen.stderr


def test_suggested_merges_are_a_short_list_with_all_in_a_file(mini_ws: Workspace) -> None:
    """Thirty namesakes in an address book (and one on LinkedIn): the table shows --limit of the
    465 suggestions (the ids whole, to accept them) and says how many; CSV and JSON hold all."""
    ws = str(mini_ws.root)
    book = mini_ws.root.parent / "contacts.csv"
    rows = "".join(f"Ada Example,ada{i}@example.org\n" for i in range(30))
    book.write_text("Name,Email\n" + rows)
    mapped = ("--source", "csv", "--map", "full_name=Name", "--map", "email=Email")
    assert netbook("import", str(book), *mapped, "-w", ws).returncode == 0
    table = netbook("merges", "-w", ws, "--limit", "5")
    lines = table.stdout.splitlines()
    assert lines[0].startswith("465 suggested merges, most alike first")  # 31 * 30 / 2
    assert lines[-1] == "5 of 465 shown (--limit 0 shows all, --format csv writes all)"
    cells = [line.split() for line in lines if line.startswith("  ")]
    ids = [cell[0] for cell in cells if len(cell) > 1 and cell[1] == "90"]  # 31 named so: 90
    assert len(ids) == 5 and all(len(i) == 8 for i in ids)
    csv = netbook("merges", "-w", ws, "--format", "csv").stdout.splitlines()
    assert csv[0].startswith("suggestion_id,score,a_id,a_name") and len(csv) == 466
    assert len(json.loads(netbook("merges", "-w", ws, "-f", "json").stdout)) == 465
    accept = netbook("merges", "accept", ids[0], "-w", ws)
    assert accept.returncode == 0 and accept.stdout.startswith("Merged (decision")


def test_an_empty_address_book_or_calendar_is_told(tmp_path: Path) -> None:
    """A 0-byte .vcf or .ics (a failed export) is no silent 'read': the import says it is empty
    and what to do, and exits 1."""
    for name in ("contacts.vcf", "calendar.ics"):
        path = tmp_path / name
        path.write_bytes(b"")
        result = netbook("import", str(path), "-w", str(tmp_path / "ws"))
        assert result.returncode == 1, result.stdout + result.stderr
        assert f"  empty {name}: it holds nothing to import" in result.stdout


def test_doctor_of_a_calendar_alone_names_no_none(tmp_path: Path) -> None:
    """An owner known by a calendar's address only: 'name unknown', never 'None'."""
    ics = tmp_path / "work.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//t//EN\nBEGIN:VEVENT\nUID:a\n"
        "DTSTAMP:20261110T000000Z\nDTSTART:20261103T100000Z\nSUMMARY:Coffee\n"
        "ORGANIZER:mailto:me@x.org\nATTENDEE:mailto:me@x.org\nATTENDEE:mailto:ada@y.org\n"
        "END:VEVENT\nEND:VCALENDAR\n"
    )
    ws = str(tmp_path / "ws")
    assert netbook("import", str(ics), "-w", ws).returncode == 0
    doctor = netbook("doctor", "-w", ws).stdout
    assert "owner: name unknown" in doctor and "None" not in doctor


def test_a_plan_tells_namesakes_apart(tmp_path: Path) -> None:
    """`netbook log NAME` refuses a name two people have: the plan shows which one it means."""
    import polars as pl

    from netbook.plan import told_apart

    export = connections_export(
        tmp_path / "export",
        [
            ("Mei", "Vantongeren", profile("mei-a"), "", "Globex", "CTO", "01 Nov 2026"),
            ("Mei", "Vantongeren", profile("mei-b"), "", "Initech", "Analyst", "02 Nov 2026"),
            ("Sam", "Roe", profile("sam-a"), "", "Delta", "CTO", "01 Nov 2026"),
            ("Sam", "Roe", profile("sam-b"), "", "Delta", "Analyst", "02 Nov 2026"),
            ("Ann", "Other", profile("ann"), "", "Umbrella", "CEO", "03 Nov 2026"),
        ],
    )
    ws = Workspace(tmp_path / "ws")
    ws.import_paths([export], source="linkedin")
    people = ws.people().select("person_id", "full_name", "position", "company").collect()
    # One Mei (her namesake is not in the plan), both Sams (one company), and Ann.
    shown = people.filter(pl.col("company") != "Globex").sort("full_name", "position")
    told = told_apart(ws, shown.select("person_id", "full_name"))
    sams = shown.filter(pl.col("full_name") == "Sam Roe")["person_id"].to_list()
    assert told["full_name"].to_list() == [
        "Ann Other",
        "Mei Vantongeren (Initech)",
        *(f"Sam Roe ({p[:8]})" for p in sams),
    ]
    assert told["person_id"].to_list() == shown["person_id"].to_list()
    alone = shown.filter(pl.col("full_name") == "Ann Other").select("person_id", "full_name")
    assert told_apart(ws, alone).equals(alone)


def test_an_as_of_outside_the_data_is_told(mini_ws: Workspace) -> None:
    """Before the data every list is empty, long after it everyone is late: a note, not praise."""
    ws = str(mini_ws.root)
    before = netbook("plan", "-w", ws, "--as-of", "2010-01-01")
    assert before.returncode == 0
    assert before.stderr.startswith(
        "note: nothing in this workspace is dated on or before 2010-01-01 (its data runs from "
    )
    after = netbook("due", "-w", ws, "--as-of", "2100-01-01")
    assert "the days since read as silence" in after.stderr
    within = netbook("due", "-w", ws, "--as-of", "2026-04-06")
    assert within.stderr == ""


def test_a_touch_logged_before_the_imports_is_data_too(tmp_path: Path) -> None:
    from netbook import userdata

    ws = Workspace(tmp_path / "ws")
    ws.import_paths([FIXTURE])
    userdata.log_touch(ws, "Ada", channel="call", on=date(2001, 5, 1))
    later = netbook("due", "-w", str(ws.root), "--as-of", "2005-01-01")
    assert later.stderr == ""
    before = netbook("due", "-w", str(ws.root), "--as-of", "2000-01-01")
    assert "(its data runs from 2001-05-01 to " in before.stderr


def test_doctor_keeps_telling_a_file_of_an_earlier_import(tmp_path: Path) -> None:
    """Connections.csv imported alone in June, messages.csv alone in December: doctor still
    names the June file (its rows and import) and says it is months older than the newest data."""
    june = connections_export(
        tmp_path / "Complete_LinkedInDataExport_06-10-2026",
        [("Ada", "Lovelace", profile("ada-l"), "", "Acme", "CTO", "01 Jun 2026")],
    )
    december = tmp_path / "Complete_LinkedInDataExport_12-01-2026"
    december.mkdir()
    (december / "messages.csv").write_text(
        "CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,"
        "DATE,SUBJECT,CONTENT,FOLDER,ATTACHMENTS\n"
        f"t1,,Ada Lovelace,{profile('ada-l')},Olive Owner,{profile('olive')},"
        "2026-11-30 10:00:00 UTC,,Hello!,INBOX,\n",
        encoding="utf-8",
    )
    ws = str(tmp_path / "ws")
    for export in (june, december):
        assert netbook("import", str(export), "-w", ws).returncode == 0
    shown = netbook("doctor", "-w", ws)
    told = " ".join(shown.stdout.split())
    assert (
        "still from import #1 (data as of 2026-06-10): Connections.csv, 1 row, 1 kept: 174 days"
        in told
    )
    (linkedin,) = json.loads(netbook("doctor", "-w", ws, "-f", "json").stdout)["sources"]
    assert [(f["file"], f["import_id"], f["days_older"]) for f in linkedin["earlier"]] == [
        ("Connections.csv", 1, 174)
    ]


def test_a_file_cut_short_is_told_and_exits_1(tmp_path: Path) -> None:
    """A download that stopped in a row: the rows before it are imported, the cut is told, exit 1."""
    export = connections_export(
        tmp_path / "export",
        [
            ("Ada", "Lovelace", profile("ada-l"), "", "Acme", "CTO", "15 Nov 2026"),
            ("Bo", "Chen", profile("bo-chen"), "", "Globex", "Analyst", "14 Nov 2026"),
        ],
    )
    connections = export / "Connections.csv"
    text = connections.read_text(encoding="utf-8")
    connections.write_text(text[: text.index("bo-chen") + 3], encoding="utf-8")
    done = netbook("import", str(export), "-w", str(tmp_path / "ws"))
    assert done.returncode == 1, done.stdout + done.stderr
    told = " ".join(done.stdout.split())
    assert "cut short Connections.csv:3: the file ends in the middle of this row (3 of 7" in told
    assert [p["full_name"] for p in api.search_people(Workspace(tmp_path / "ws")).to_dicts()] == [
        "Ada Lovelace"
    ]
