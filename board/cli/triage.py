"""`trustboard today` (whom to reach out to), `snooze` and `stats` (givers' gain).

`today` and `stats` print plain text fit for a login message or a cron mail, or stable
JSON with --json.
"""

from __future__ import annotations

import importlib
from datetime import date, datetime

import click

from board.cli.base import clear_marker, cli, session
from board.cli.output import emit_json, say, table, warn
from board.config import Config
from board.humane import ago
from board.model import Contact, Interaction, Stage, Value
from board.standing import Standing
from board.standing import histories as read_histories
from board.standing import standings as read_standings
from board.stats import PERIODS, GiversGain, givers_gain_for, unlikely_sources
from board.text import plural
from board.triage import (
    Due,
    DueFor,
    due_contacts,
    next_due,
    overdue_text,
    reconnect_waiting,
    snooze_until,
)

DEFAULT_LIMIT = 25  # a login message, not a report: the rest is one command away
SPARK = "▁▂▃▄▅▆▇█"
NAME_CELLS = 28


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Output a JSON array of due contacts.")
@click.option(
    "--limit", type=click.IntRange(min=0), default=None, metavar="N",
    help=f"Show at most N people (default {DEFAULT_LIMIT}; with --json, all; 0 for all).",
)
def today(as_json: bool, limit: int | None) -> None:
    """Whom to reach out to today: due contacts, most overdue first."""
    store = session().store()
    config = session().config()
    now = store.clock()
    contacts = store.contacts()
    standings = read_standings(store, contacts, config, now)
    queue = due_contacts(contacts, config, now.date(), standings)
    if limit is None:
        limit = 0 if as_json else DEFAULT_LIMIT
    shown = queue[:limit] if limit else queue
    histories = read_histories(store, [item.contact.id for item in shown])
    steps = _next_steps([item.contact for item in shown], histories, contacts, config, now)
    for item in shown:  # the gift comes first: the thank-you it is owed
        if item.standing.thanks_step:
            steps[item.contact.id] = item.standing.thanks_step
    if as_json:
        emit_json([
            {
                **item.contact.to_dict(),
                "days_overdue": item.days_overdue,
                "due_since": item.due_since.isoformat(),
                "due_for": item.due_for.value,
                "next_step": steps.get(item.contact.id),
            }
            for item in shown
        ])
        return
    waiting = _plan_waiting(contacts, now.date())
    if not queue:
        say(_empty_queue_message(contacts, config, now.date(), standings, planned=bool(waiting)) + waiting)
        return
    say(_queue_text(queue, shown, histories, steps, now) + waiting)


def _plan_waiting(contacts: list[Contact], today_: date) -> str:
    """The line after the queue: how many imported people the reconnect plan holds back."""
    count, last = reconnect_waiting(contacts, today_)
    if not count or last is None:
        return ""
    people = "person waits" if count == 1 else "people wait"
    return f"\n{count} more {people} in the reconnect plan, a few a day until {_day(last, short=True, year=True)}."


def _queue_text(
    queue: list[Due],
    shown: list[Due],
    histories: dict[str, list[Interaction]],
    steps: dict[str, str],
    now: datetime,
) -> str:
    people = "person" if len(queue) == 1 else "people"
    lines = [f"{_day(now.date())}: {len(queue)} {people} to reach out to.", ""]
    rows = []
    for item in shown:
        contact = item.contact
        history = histories.get(contact.id, [])
        if history:
            last = f"last: {history[-1].kind.value} {_age(history[-1].at, now)}"
        else:
            last = f"added {_age(contact.created_at, now)}, nothing logged yet"
        step = steps.get(contact.id)
        if item.reminder is not None and item.reminder.text:
            if item.due_for is DueFor.REMINDER:
                step = item.reminder.text
            else:  # owed thanks comes first; the reminder stays in view
                step = f"{step}; reminder: {item.reminder.text}" if step else item.reminder.text
        rows.append((
            contact.name, contact.stage.label, _why(item), last, f"next: {step}" if step else "",
        ))
    # A long name is cut with "…"; the other columns are short by design.
    lines.extend(table(rows, limits=(NAME_CELLS,), indent="  "))
    if len(shown) < len(queue):
        lines.append(f"  … and {len(queue) - len(shown)} more: trustboard today --limit 0")
    return "\n".join(lines)


def _why(item: Due) -> str:
    """'owed thanks', 'reminder today', 'reminder, 2 days late', '12 days overdue'."""
    if item.due_for is DueFor.THANKS:
        return "owed thanks"
    if item.due_for is DueFor.REMINDER and item.reminder is not None:
        late = item.days_overdue - (item.reminder.date - item.due_since).days
        return "reminder today" if late <= 0 else f"reminder, {plural(late, 'day')} late"
    return overdue_text(item.days_overdue)


def _age(moment: datetime, now: datetime) -> str:
    text = ago(moment, now)
    return text if text in ("today", "never") or text.startswith("in ") else f"{text} ago"


def _empty_queue_message(
    contacts: list[Contact], config: Config, today_: date, standings: dict[str, Standing],
    *, planned: bool = False,
) -> str:
    if not contacts:
        return (
            "Nobody is due today: your board is empty. "
            "Add someone you met with `trustboard add NAME` and they will show up here "
            "when it is time to reach out."
        )
    upcoming = next_due(contacts, config, today_, standings)
    if upcoming is None:
        return "Nobody is due today. Enjoy the quiet."
    contact, when = upcoming
    days = (when - today_).days
    in_days = "tomorrow" if days == 1 else f"in {days} days"
    # (Not while the reconnect plan holds people back: they have not heard from you at all.)
    recently = "" if planned else " — everyone you know has heard from you recently"
    return (
        f"Nobody is due today{recently}. "
        f"Next up: {contact.name}, {in_days} ({_day(when, short=True, year=when.year != today_.year)})."
    )


def _day(day: date, *, short: bool = False, year: bool = False) -> str:
    """'Sunday 22 November' or 'Sun 22 Nov' (portable: no platform strftime flags)."""
    text = f"{day:%a} {day.day} {day:%b}" if short else f"{day:%A} {day.day} {day:%B}"
    return f"{text} {day.year}" if year else text


def _next_steps(
    due: list[Contact],
    histories: dict[str, list[Interaction]],
    network: list[Contact],
    config: Config,
    now: datetime,
) -> dict[str, str]:
    """The top outreach message's name per contact, when the outreach module is there."""
    if not due:
        return {}
    try:
        outreach = importlib.import_module("board.outreach")
    except ImportError:  # outreach is optional for triage: the queue stands on its own
        return {}
    suggest_messages = outreach.suggest_messages
    # Index the network's expertise once for the whole queue, not once per person.
    index = getattr(outreach, "Network", None)
    others = index(network) if index is not None else network
    templates = None
    try:
        from board.outreach import load_templates
    except ImportError:
        pass
    else:
        templates, problems = load_templates(config)
        for problem in problems:
            warn(problem)
    steps = {}
    for contact in due:
        suggestions = suggest_messages(
            contact, histories.get(contact.id, []), others,
            my_name=config.my_name, templates=templates, now=now,
        )
        if suggestions:
            steps[contact.id] = suggestions[0].name
    return steps


@cli.command()
@click.argument("contact")
@click.argument("when", nargs=-1)
@click.option("--clear", is_flag=True, help="End the snooze now: they are back in Today if due.")
def snooze(contact: str, when: tuple[str, ...], clear: bool) -> None:
    """Hide CONTACT from Today until WHEN: a date, +3d, +2w, 1 month, tomorrow, friday
    (the next one). --clear wakes them now.

    A snooze does not restart the follow-up clock; only logging does.
    """
    if clear == bool(when):
        raise click.UsageError("give either WHEN (like +3d, friday or 1 month) or --clear")
    store = session().store()
    person = store.find(contact)
    today = store.clock().date()
    if clear:
        clear_marker(
            person.snoozed_until, lambda: store.snooze(person.id, None),
            f"{person.name} is not snoozed.", f"Woke {person.name}: no longer snoozed.",
        )
        return
    until = snooze_until(" ".join(when), today)
    store.snooze(person.id, until)
    say(f"Snoozed {person.name} until {_day(until, year=until.year != today.year)}.")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Output the figures as a JSON object.")
def stats(as_json: bool) -> None:
    """Givers' gain: value given and received, stages, sphere of influence, activity."""
    store = session().store()
    gain = givers_gain_for(store, session().config())
    if as_json:
        emit_json(gain.to_dict())
        return
    say(stats_text(gain))


def sparkline(counts: list[int]) -> str:
    """A one-line block sparkline of counts (all blanks as the lowest bar)."""
    top = max(counts, default=0)
    if top == 0:
        return SPARK[0] * len(counts)
    return "".join(SPARK[min(len(SPARK) - 1, round(n * (len(SPARK) - 1) / top))] for n in counts)


def stats_text(gain: GiversGain) -> str:
    """The plain-text report of `trustboard stats`."""
    stages = " · ".join(f"{s.label} {gain.stages[s]}" for s in Stage)
    flow = " · ".join(f"{s.label} {n}" for s, n in gain.flow.items())
    lines = [
        f"Givers' gain, {_day(gain.today, year=True)}",
        "",
        f"  Sphere of influence  {gain.sphere} / {gain.sphere_goal}  (Gave value + Trusted)",
        f"  Stages               {stages}",
        f"  Moved forward        {gain.moved_forward} in the last 30 days ({flow})",
        f"  Due today            {gain.due}",
        f"  Going cold           {gain.cold} (overdue by more than a full cadence)",
        "",
    ]
    header = "".join(f"{f'{days}d':>6}" for days in PERIODS)
    for title, counts in (("Value given", gain.given), ("Value received", gain.received)):
        lines.append(f"  {title:<18}{header}")
        for value in Value:
            lines.append(f"    {value.value:<16}" + "".join(f"{counts[d][value]:>6}" for d in PERIODS))
        lines.append(f"    {'total':<16}" + "".join(f"{sum(counts[d].values()):>6}" for d in PERIODS))
        lines.append("")
    lines.extend(funnel_lines(gain))
    lines.append("")
    total = sum(gain.weekly)
    lines.append(
        f"  Activity, last {plural(len(gain.weekly), 'week')}  {sparkline(gain.weekly)}  "
        f"{plural(total, 'interaction')}, this week {gain.weekly[-1]}"
    )
    return "\n".join(lines)


def _rate(gain: GiversGain, step: str) -> str:
    rate = gain.funnel_rate(step)
    return f" ({rate}%)" if rate is not None else ""


def funnel_lines(gain: GiversGain) -> list[str]:
    """Requests turned into conversations, and where the gifts you received came from
    (lines of at most 80 cells, like the rest of the report)."""
    f = gain.funnel
    quiet = gain.funnel_rate("quiet")
    lines = [
        f"  Requests             {f['requests']} → answered {f['answered']}{_rate(gain, 'answered')}"
        f" → replied {f['replied']}{_rate(gain, 'replied')}",
        f"{'':23}talked {f['talked']}{_rate(gain, 'talked')} · quiet {f['quiet']}"
        + (f" ({quiet}% of answered)" if quiet is not None else ""),
        "  Gifts by stage then  "
        + " · ".join(f"{s.label} {gain.received_by_stage[s]}" for s in Stage)
        + " (365d)",
    ]
    unlikely = unlikely_sources(gain)
    if unlikely:
        lines.append(f"    {unlikely}")
    return lines
