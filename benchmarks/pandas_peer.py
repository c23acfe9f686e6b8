"""The pandas notebook netbook is measured against (issue 15): what a user would write by hand.

Reads a LinkedIn export's Connections.csv, Profile.csv and messages.csv, derives each message's
direction from the owner's name, keeps 1:1 conversations (no sponsored, spam or group threads),
then gives every connection the last contact, the messages of the last 365 days either way and a
"due" flag: someone you talked with in the last two years but not in the last 90 days.

    python benchmarks/pandas_peer.py EXPORT_FOLDER [--as-of 2026-11-16] [--out due.csv]

Plain, idiomatic pandas (the default C parser, vectorised string methods, groupby); no tricks a
typical notebook would not have.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from urllib.parse import unquote

import pandas as pd


def owner_name(folder: Path) -> str:
    profile = pd.read_csv(folder / "Profile.csv", dtype=str).iloc[0]
    return f"{profile['First Name']} {profile['Last Name']}".strip()


def connections(folder: Path) -> pd.DataFrame:
    frame = pd.read_csv(folder / "Connections.csv", skiprows=3, dtype=str)
    frame = frame.dropna(subset=["URL"])
    frame["url"] = frame["URL"].map(unquote).str.rstrip("/")
    frame["name"] = frame["First Name"].str.strip() + " " + frame["Last Name"].str.strip()
    frame["connected_on"] = pd.to_datetime(frame["Connected On"], format="%d %b %Y")
    return frame[["url", "name", "Company", "Position", "connected_on"]]


def messages(folder: Path, owner: str) -> pd.DataFrame:
    frame = pd.read_csv(folder / "messages.csv", dtype=str, keep_default_na=False)
    frame = frame[
        (frame["CONVERSATION TITLE"] != "Sponsored Conversation") & (frame["FOLDER"] != "SPAM")
    ]
    frame = frame.drop_duplicates()
    frame["outbound"] = frame["FROM"] == owner
    frame["other"] = frame["RECIPIENT PROFILE URLS"].where(
        frame["outbound"], frame["SENDER PROFILE URL"]
    )
    # A 1:1 conversation has one other participant in every row.
    frame["group"] = frame["RECIPIENT PROFILE URLS"].str.contains(",", regex=False)
    groups = frame.groupby("CONVERSATION ID")["group"].transform("any")
    frame = frame[~groups & (frame["other"] != "")]
    frame["date"] = pd.to_datetime(frame["DATE"], format="%Y-%m-%d %H:%M:%S UTC")
    frame["url"] = frame["other"].str.rstrip("/")
    return frame[["url", "date", "outbound"]]


def health(folder: Path, as_of: pd.Timestamp) -> pd.DataFrame:
    owner = owner_name(folder)
    people = connections(folder)
    log = messages(folder, owner)
    log = log[log["date"] < as_of + pd.Timedelta(days=1)]
    recent = log[log["date"] >= as_of - pd.Timedelta(days=365)]
    per_person = log.groupby("url").agg(
        last_contact=("date", "max"), messages=("date", "size"), sent=("outbound", "sum")
    )
    per_person["last_365"] = recent.groupby("url").size()
    frame = people.merge(per_person, left_on="url", right_index=True, how="left")
    frame["last_365"] = frame["last_365"].fillna(0).astype(int)
    frame["messages"] = frame["messages"].fillna(0).astype(int)
    frame["days_since"] = (as_of - frame["last_contact"]).dt.days
    frame["due"] = frame["days_since"].between(90, 730)
    return frame.sort_values(["due", "days_since"], ascending=[False, True])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--as-of", default="2026-11-16")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    frame = health(args.folder, pd.Timestamp(args.as_of))
    if args.out:
        frame.to_csv(args.out, index=False)
    due = int(frame["due"].sum())
    sys.stdout.write(f"{len(frame)} connections, {due} due\n")


if __name__ == "__main__":
    main()
