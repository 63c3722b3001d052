"""Short human wording for times, shared by the CLI and the board."""

from __future__ import annotations

from datetime import datetime


def ago(moment: datetime | None, now: datetime) -> str:
    """A short human age: 'today', '3d', '5w', '4mo', '2y'."""
    if moment is None:
        return "never"
    days = (now.date() - moment.astimezone(now.tzinfo).date()).days
    if days <= 0:
        return "today" if days == 0 else f"in {-days}d"
    if days < 14:
        return f"{days}d"
    if days < 60:
        return f"{days // 7}w"
    if days < 730:
        return f"{days // 30}mo"
    return f"{days // 365}y"
