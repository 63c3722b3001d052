"""The givers' gain screen: how the user's giving is going, in aggregate only.

A thin view of `board.stats.GiversGain` (the app computes it with `givers_gain_for`).
"""

from __future__ import annotations

from typing import Final

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Label, ProgressBar, Sparkline, Static

from board.model import Stage, Value
from board.stats import FLOW_DAYS, PERIODS, GiversGain, unlikely_sources
from board.text import plural
from widgets.keys import bindings

ARCHIVE_QUIET: Final = "archive-quiet"  # what the screen answers when `x` was pressed


class GiversGainScreen(ModalScreen[str | None]):
    """Aggregate figures: giving, receiving, stages, sphere, flow, going cold, activity."""

    DEFAULT_CSS = """
    GiversGainScreen {
        align: center middle;
    }
    GiversGainScreen > #gain-body {
        width: 76;
        max-width: 100%;
        height: auto;
        max-height: 100%;
        padding: 0 1;
        border: thick $accent;
        background: $surface;
    }
    GiversGainScreen .gain-title {
        text-style: bold;
        width: 1fr;
    }
    GiversGainScreen .gain-line {
        height: auto;
    }
    GiversGainScreen #gain-sphere-row {
        height: 1;
    }
    GiversGainScreen #gain-sphere-row Label {
        width: auto;
        margin-right: 1;
    }
    GiversGainScreen #gain-sphere-bar {
        width: 1fr;
    }
    GiversGainScreen #gain-sphere-bar Bar {
        width: 1fr;
    }
    GiversGainScreen DataTable {
        height: auto;
        margin: 0;
    }
    GiversGainScreen #gain-sparkline {
        height: 2;
    }
    GiversGainScreen #gain-hint {
        color: $text-muted;
    }
    """

    BINDINGS = bindings("givers_gain")
    HELP_NOTE = (
        "Given and received count what you logged as gave / received, by kind. Sphere: "
        "people in Gave value or Trusted. Going cold: overdue by over a full cadence. "
        "Quiet: requests you answered that never replied."
    )

    def __init__(self, gain: GiversGain) -> None:
        super().__init__()
        self.gain = gain

    def compose(self) -> ComposeResult:
        gain = self.gain
        with VerticalScroll(id="gain-body"):
            yield Static(
                f"Givers' gain — {gain.today:%A} {gain.today.day} {gain.today:%B %Y}",
                classes="gain-title",
            )
            yield Static(
                f"Last 30 days: gave {gain.given_total(30)} · received {gain.received_total(30)}"
                f" · moved forward {gain.moved_forward}",
                id="gain-headline", classes="gain-line",
            )
            with Horizontal(id="gain-sphere-row"):
                yield Label("Sphere of influence")
                yield ProgressBar(
                    total=gain.sphere_goal, show_percentage=False, show_eta=False,
                    id="gain-sphere-bar",
                )
                yield Label(f"{gain.sphere} / {gain.sphere_goal}", id="gain-sphere")
            yield Static(
                "Stages: " + " · ".join(f"{s.label} {gain.stages[s]}" for s in Stage),
                id="gain-stages", classes="gain-line",
            )
            yield Static(
                f"Moved forward in {FLOW_DAYS} days: {gain.moved_forward} ("
                + " · ".join(f"{s.label} {n}" for s, n in gain.flow.items()) + ")",
                id="gain-flow", classes="gain-line",
            )
            yield Static(
                f"Due today: {gain.due} · going cold (overdue by over a full cadence): {gain.cold}",
                id="gain-cold", classes="gain-line",
            )
            yield DataTable(id="gain-table", cursor_type="none", zebra_stripes=True)
            yield Static(funnel_text(gain), id="gain-funnel", classes="gain-line")
            yield Static(
                "Gifts by their stage then: "
                + " · ".join(f"{s.label} {gain.received_by_stage[s]}" for s in Stage)
                + (f"\n{unlikely}" if (unlikely := unlikely_sources(gain, short=True)) else ""),
                id="gain-by-stage", classes="gain-line",
            )
            yield Static(
                f"Activity, last {plural(len(gain.weekly), 'week')}: {plural(sum(gain.weekly), 'interaction')}, "
                f"this week {gain.weekly[-1]}",
                classes="gain-line",
            )
            yield Sparkline(gain.weekly, id="gain-sparkline")
            quiet = gain.funnel["quiet"]
            yield Static(
                "esc/q close" + (" · x archives the quiet ones (asks first)" if quiet else "") + " · ? keys",
                id="gain-hint",
            )

    def on_mount(self) -> None:
        gain = self.gain
        self.query_one(ProgressBar).update(progress=min(gain.sphere, gain.sphere_goal))
        table = self.query_one(DataTable)
        table.add_column("", key="kind")
        for side in ("given", "received"):
            for days in PERIODS:
                label = f"{side.capitalize()} {days}d" if days == PERIODS[0] else f"{days}d"
                table.add_column(Text(label, justify="right"), key=f"{side}-{days}")
        for value in Value:
            table.add_row(
                value.value,
                *(_number(gain.given[d][value]) for d in PERIODS),
                *(_number(gain.received[d][value]) for d in PERIODS),
                key=value.value,
            )
        table.add_row(
            Text("total", style="bold"),
            *(_number(gain.given_total(d), bold=True) for d in PERIODS),
            *(_number(gain.received_total(d), bold=True) for d in PERIODS),
            key="total",
        )

    def action_close(self) -> None:
        self.dismiss(None)

    def action_archive_quiet(self) -> None:
        """Back to the screen below, which asks and archives (it holds the session)."""
        self.dismiss(ARCHIVE_QUIET)


def funnel_text(gain: GiversGain) -> str:
    """The small funnel of requests, each step with its rate; two lines of at most 72 cells."""

    def rate(step: str) -> str:
        value = gain.funnel_rate(step)
        return f" ({value}%)" if value is not None else ""

    f = gain.funnel
    quiet = f"Quiet {f['quiet']}{rate('quiet')} of those answered: they qualified themselves out"
    return (
        f"Requests {f['requests']} → answered {f['answered']}{rate('answered')} → replied "
        f"{f['replied']}{rate('replied')} · talked {f['talked']}{rate('talked')}\n"
        + (f"{quiet} (x)" if f["quiet"] else "Quiet 0: nobody you answered has gone silent")
    )


def _number(n: int, *, bold: bool = False) -> Text:
    return Text(str(n), justify="right", style="bold" if bold else "")
