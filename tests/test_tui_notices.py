"""Notices wrap to a few lines and stay up long enough to read (the import summary and the
sync hint at 80×24 above all)."""

from __future__ import annotations

from pathlib import Path

from board.store import Store
from board.text import cells
from tests.helpers import add, screen_text, wait_until
from widgets.notices import MAX_LINES, notice_lines, reading_seconds


def _words(text: str) -> list[str]:
    return text.replace("\n", " ").split()


def _notice_rows(app, first: str) -> list[str]:  # noqa: ANN001 - the app under test
    """The text of the notice whose first line holds `first`, line by line.

    A notice is drawn with a bar (▌) down its left edge: its lines are what is right of
    that bar, from the line holding `first` down to the last line with the bar there.
    """
    lines = screen_text(app).splitlines()
    start = next(i for i, line in enumerate(lines) if first in line)
    column = lines[start].rindex("▌", 0, lines[start].index(first))
    rows = []
    for line in lines[start:]:
        if len(line) <= column or line[column] != "▌":
            break
        rows.append(line[column + 1:].strip())
    return rows


async def test_the_import_summary_is_readable_whole_at_80x24(store: Store, make_app, tmp_path: Path) -> None:
    add(store, "Ada Lovelace")
    people = tmp_path / "people.csv"
    people.write_text(
        "name,company,email\n"
        "Ina Berglund-Sørensen,Northwind Mortgages,ina@northwind.example\n"
        "Ole Lund,Harbor Street Realty,ole@harbor.example\n"
        "Pia Holm,Quarry Labs,pia@quarry.example\n", "utf-8",
    )
    app = make_app(store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.screen.action_import()
        await pilot.pause()
        await pilot.press(*str(people), "enter")
        await wait_until(pilot, lambda: "Imported people.csv" in screen_text(app))
        await pilot.pause()
        shown = " ".join(_notice_rows(app, "Imported people.csv"))
        assert "3 added, 0 updated, 0 unchanged, 0 skipped." in shown
        assert "reconnect plan: 3 people due on" in shown and "(none due today)" in shown
        for name in ("Ina Berglund-Sørensen", "Ole Lund", "Pia Holm"):
            assert name in shown, name
        assert "…" not in shown
        assert all(cells(line) <= 80 for line in screen_text(app).splitlines())


async def test_the_sync_hint_is_readable_whole_at_80x24(store: Store, make_app) -> None:
    add(store, "Ada Lovelace")
    app = make_app(store)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.syncing.sync_now()  # the palette's Sync now, on a store that does not sync
        await wait_until(pilot, lambda: "does not sync yet" in screen_text(app))
        rows = _notice_rows(app, "does not sync yet")
        shown = " ".join(rows)
        hint = ("Sync: This store does not sync yet: run `trustboard sync init REMOTE` in a "
                "terminal first (see the README, Several machines).")
        assert " ".join(_words(hint)) in " ".join(shown.split())


def test_long_notices_wrap_and_a_very_long_one_is_cut_with_an_ellipsis() -> None:
    summary = ["Imported Connections.csv (LinkedIn connections): 2,400 added, 12 updated, "
               "0 unchanged, 3 skipped."] + [f"  skipped row {n}: no name and no e-mail" for n in range(10)]
    lines = notice_lines("\n".join(summary), "Imported Connections.csv", 80)
    assert len(lines) == MAX_LINES and lines[-1].endswith("…")
    assert all(cells(line) <= 80 - 3 for line in lines)
    assert lines[0].startswith("Imported Connections.csv (LinkedIn")  # no repeated title
    assert lines[1].startswith("  ")  # the headline's wrapped tail, indented under it
    short = notice_lines("Logged call with Ada.", "", 80)
    assert short == ["Logged call with Ada."]
    assert notice_lines("nothing was changed", "Not saved", 80) == ["Not saved: nothing was changed"]


def test_a_notice_stays_up_as_long_as_it_takes_to_read() -> None:
    short, long = "Logged call with Ada.", "word " * 60
    assert reading_seconds(short, 5) == 5  # the caller's time when that is enough
    assert reading_seconds(long, 5) >= len(long) / 20  # about 180 words a minute
    assert reading_seconds(long, 5) > reading_seconds(long[:100], 5)
    assert reading_seconds("x" * 10_000, 5) == 60  # and never for ever
