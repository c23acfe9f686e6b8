"""A mistyped command line gets one plain line on stderr saying what to do, never a boxed panel."""

from __future__ import annotations

import pytest

from clirun import netbook


@pytest.mark.parametrize(
    ("args", "line"),
    [
        (
            ("due", "--bogus"),
            "error: No such option: --bogus (Possible options: --out) (see `netbook due --help`)",
        ),
        (
            ("due", "--limit", "many"),
            "error: Invalid value for '--limit': Input should be a valid integer, unable to parse "
            "string as an integer (see `netbook due --help`)",
        ),
        (("nosuch",), "error: No such command 'nosuch' (see `netbook --help`)"),
        (("log", "add"), "error: Missing argument 'person' (see `netbook log add --help`)"),
        (
            ("log", "add", "Ann", "--channel", "call", "--on", "notaday"),
            "error: cannot read date 'notaday' (write YYYY-MM-DD or YYYY-MM-DDTHH:MM)",
        ),
    ],
)
def test_a_usage_error_is_one_plain_line(args: tuple[str, ...], line: str) -> None:
    result = netbook(*args, "-w", "/nonexistent/netbook-usage-test")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr == f"{line}\n"
    assert not any(box in result.stderr for box in "╭╰│─")


def test_help_and_a_bare_command_still_show_the_help() -> None:
    shown = netbook("due", "--help")
    assert shown.returncode == 0 and "Usage: netbook due" in shown.stdout
    bare = netbook()
    assert bare.returncode == 2 and "Usage: netbook" in bare.stdout + bare.stderr
