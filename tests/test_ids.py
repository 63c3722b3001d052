"""Ids: what `board.clock.new_id` makes is the hex of a random version-4 UUID."""

from __future__ import annotations

import uuid

from board.clock import new_id


def test_a_new_id_is_a_random_version_4_uuid_in_hex() -> None:
    made = [new_id() for _ in range(2000)]
    assert len(set(made)) == len(made)
    for text in made[:200]:
        value = uuid.UUID(hex=text)
        assert (value.version, value.variant, value.hex, len(text)) == (4, uuid.RFC_4122, text, 32)
    # every other bit is random: each hex digit outside the fixed ones takes many values
    columns = [{text[i] for text in made} for i in range(32)]
    assert [i for i, seen in enumerate(columns) if len(seen) < 10] == [12, 16]
