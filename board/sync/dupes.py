"""People added on both machines who look like one person: reported, never merged.

Two new contacts (absent from the common ancestor, one added on each side, both
still there after the merge) match when they share a profile URL, an e-mail
address, or the same name and company.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Doc = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Duplicate:
    first_id: str
    first_name: str
    second_id: str
    second_name: str
    why: str  # "same e-mail ana@example.com"

    def describe(self) -> str:
        return (f"{self.first_name} ({self.first_id[:8]}) and {self.second_name} "
                f"({self.second_id[:8]}): {self.why}")


def _url_key(url: str) -> str:
    key = url.strip().lower()
    for prefix in ("https://", "http://"):
        key = key.removeprefix(prefix)
    return key.removeprefix("www.").rstrip("/")


def _strings(value: Any) -> list[str]:
    return [v for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []


def _keys(doc: Doc) -> list[tuple[str, str]]:
    """What identifies a person, strongest first, each with the words that explain it."""
    found = [(f"url:{_url_key(u)}", f"same profile URL {_url_key(u)}") for u in _strings(doc.get("urls"))]
    found += [(f"email:{e.strip().lower()}", f"same e-mail {e.strip().lower()}") for e in _strings(doc.get("emails"))]
    name = str(doc.get("name") or "").strip()
    company = str(doc.get("company") or "").strip()
    if name:
        words = f"same name and company ({name}, {company})" if company else f"same name ({name}, no company)"
        found.append((f"name:{name.casefold()}\x00{company.casefold()}", words))
    return found


def find_duplicates(base: dict[str, Doc], ours: dict[str, Doc], theirs: dict[str, Doc],
                    merged: dict[str, Doc]) -> list[Duplicate]:
    """Pairs of contacts added one on each side that match (see the module doc)."""
    added_theirs: dict[str, list[str]] = {}
    for cid in sorted(theirs.keys() - base.keys() - ours.keys()):
        if cid in merged:
            for key, _ in _keys(merged[cid]):
                added_theirs.setdefault(key, []).append(cid)
    pairs: dict[tuple[str, str], Duplicate] = {}
    for cid in sorted(ours.keys() - base.keys() - theirs.keys()):
        doc = merged.get(cid)
        if doc is None:
            continue
        for key, why in _keys(doc):
            for other in added_theirs.get(key, []):
                first, second = sorted((cid, other), key=lambda i: (str(merged[i].get("name")), i))
                pairs.setdefault((first, second), Duplicate(
                    first, str(merged[first].get("name")), second, str(merged[second].get("name")), why
                ))
    return sorted(pairs.values(), key=lambda d: (d.first_name.casefold(), d.first_id, d.second_id))
