"""Reproducible builds: the same inputs give the same bytes, whatever the clock, zone or hash seed,
and SOURCE_DATE_EPOCH is the one time either artifact carries."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pikepdf
import pytest

from helpers import ARTICLE, ROOT
from publish.cli import main as publish

EPOCH = 1_700_000_000  # 2023-11-14T22:13:20Z
LATER = 1_750_000_000  # 2025-06-15T15:06:40Z
DAY = 86_400

# Runs the command line with every clock Python offers moved by argv[1] seconds, so a timestamp
# taken from the wall clock (time.time, localtime, datetime.now, date.today) shows up in the bytes.
SHIFTED_CLOCK = """
import datetime, sys, time
shift = float(sys.argv.pop(1))
real_time, real_ns, real_local, real_gm = time.time, time.time_ns, time.localtime, time.gmtime
time.time = lambda: real_time() + shift
time.time_ns = lambda: real_ns() + int(shift * 1e9)
time.localtime = lambda secs=None: real_local(time.time() if secs is None else secs)
time.gmtime = lambda secs=None: real_gm(time.time() if secs is None else secs)

class ShiftedDate(datetime.date):
    @classmethod
    def today(cls):
        return cls.fromtimestamp(time.time())

class ShiftedDateTime(datetime.datetime):
    @classmethod
    def now(cls, tz=None):
        return cls.fromtimestamp(time.time(), tz)

    @classmethod
    def utcnow(cls):
        return cls.now(datetime.timezone.utc).replace(tzinfo=None)

    @classmethod
    def today(cls):
        return cls.now()

datetime.date, datetime.datetime = ShiftedDate, ShiftedDateTime
from publish.cli import main
sys.exit(main(sys.argv[1:]))
"""


def build_in_subprocess(folder: Path, *, shift: float = 0.0, tz: str = "UTC", hash_seed: str = "0",
                        epoch: int = EPOCH) -> tuple[bytes, bytes]:
    """Build the article's PDF and deck into `folder` in a fresh interpreter; return both files' bytes."""
    folder.mkdir(parents=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch), "TZ": tz, "PYTHONHASHSEED": hash_seed}
    pdf, deck = folder / "article.pdf", folder / "article.pptx"
    command = [sys.executable, "-c", SHIFTED_CLOCK, str(shift), str(ARTICLE), "-o", str(pdf), "-o", str(deck), "-q"]
    done = subprocess.run(command, env=env, cwd=folder, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    return pdf.read_bytes(), deck.read_bytes()


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[bytes, bytes]]:
    """The article built twice alike, then once far from UTC, 1,000 days later, with another hash seed."""
    base = tmp_path_factory.mktemp("reproducible")
    return [
        build_in_subprocess(base / "first"),
        build_in_subprocess(base / "second"),
        build_in_subprocess(base / "elsewhere" / "later", shift=1000 * DAY, tz="Pacific/Kiritimati",
                            hash_seed="4242"),
    ]


def test_two_builds_give_a_byte_identical_pdf(builds: list[tuple[bytes, bytes]]) -> None:
    assert builds[0][0] == builds[1][0]


def test_two_builds_give_a_byte_identical_deck(builds: list[tuple[bytes, bytes]]) -> None:
    assert builds[0][1] == builds[1][1]


def test_another_clock_zone_and_hash_seed_change_no_byte_of_the_pdf(builds: list[tuple[bytes, bytes]]) -> None:
    assert builds[0][0] == builds[2][0]


def test_another_clock_zone_and_hash_seed_change_no_byte_of_the_deck(builds: list[tuple[bytes, bytes]]) -> None:
    assert builds[0][1] == builds[2][1]


# --------------------------------------------------------------------------- SOURCE_DATE_EPOCH sets the dates

SPECIMEN = ROOT / "tests" / "specimens" / "lang-he.md"


def build_at(epoch: int, folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(epoch))
    pdf, deck = folder / f"{epoch}.pdf", folder / f"{epoch}.pptx"
    assert publish([str(SPECIMEN), "-o", str(pdf), "-o", str(deck), "-q"]) == 0
    return pdf, deck


def pdf_dates(path: Path) -> dict[str, str]:
    with pikepdf.open(path) as pdf:
        info = {key: str(pdf.docinfo[key]) for key in ("/CreationDate", "/ModDate") if key in pdf.docinfo}
        with pdf.open_metadata() as xmp:
            info |= {key: str(xmp[key]) for key in ("xmp:CreateDate", "xmp:ModifyDate") if key in xmp}
    return info


def core_dates(path: Path) -> dict[str, str]:
    with zipfile.ZipFile(path) as package:
        core = package.read("docProps/core.xml").decode()
        stamps = {entry.date_time for entry in package.infolist()}
    dates = dict(re.findall(r"<(dcterms:created|dcterms:modified|cp:lastPrinted)\b[^>]*>([^<]*)<", core))
    return {**dates, "zip entries": " ".join(sorted({f"{d[0]:04}-{d[1]:02}-{d[2]:02}" for d in stamps}))}


def test_source_date_epoch_sets_every_date_in_the_pdf(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf, _ = build_at(EPOCH, tmp_path, monkeypatch)
    assert pdf_dates(pdf) == {"/CreationDate": "D:20231114221320Z", "/ModDate": "D:20231114221320Z",
                              "xmp:CreateDate": "2023-11-14T22:13:20Z", "xmp:ModifyDate": "2023-11-14T22:13:20Z"}


def test_source_date_epoch_sets_every_date_in_the_deck(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _, deck = build_at(EPOCH, tmp_path, monkeypatch)
    assert core_dates(deck) == {"dcterms:created": "2023-11-14T22:13:20Z", "dcterms:modified": "2023-11-14T22:13:20Z",
                                "cp:lastPrinted": "2023-11-14T22:13:20Z", "zip entries": "2023-11-14"}


def test_another_source_date_epoch_moves_the_dates_of_both(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf, deck = build_at(LATER, tmp_path, monkeypatch)
    assert set(pdf_dates(pdf).values()) == {"D:20250615150640Z", "2025-06-15T15:06:40Z"}
    assert set(core_dates(deck).values()) == {"2025-06-15T15:06:40Z", "2025-06-15"}
