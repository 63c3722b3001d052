"""Generate a realistic trustboard data directory of any size, fast.

    python bench/generate.py DIR 10000            # 10,000 contacts, 10 interactions each
    python bench/generate.py DIR 30000 --per 10 --seed 7

Names, companies, titles, stages, tags and expertise are drawn from small fictional
pools; interactions are spread over the two years before now. Everything goes through
the store in one bulk transaction (`Transaction.put_many`), so the files are exactly
what trustboard itself writes.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import uuid
from datetime import datetime, timedelta
from pathlib import Path

from board.model import Contact, Interaction, Kind, Stage, Value, now
from board.store import Store

FIRST = (
    "Ada Alan Amara Ana Ben Bianca Carlos Chen Chloe Dara David Diego Elena Emeka Eva Farah "
    "Felix Grace Hana Hugo Ines Ivan Jamal Jana Jonas Julia Kai Kemi Lars Leila Liam Lina "
    "Luca Maya Mei Mateo Nadia Nina Noah Olga Omar Priya Quinn Rafael Rosa Sam Sara Sofia "
    "Tariq Theo Uma Victor Wen Yara Yusuf Zoe"
).split()
LAST = (
    "Abbott Adeyemi Alvarez Berg Brooks Castillo Chen Dubois Eriksen Farouk Fischer Garcia "
    "Haddad Hoffmann Ibrahim Ivanova Jensen Kaplan Kim Kowalski Larsen Lopez Mbeki Moreau "
    "Nakamura Nowak Okafor Olsen Patel Quinn Rossi Santos Schmidt Singh Tanaka Torres Usman "
    "Vargas Weber Wong Yilmaz Zhang"
).split()
COMPANIES = (
    "Brightpath Advisors", "Cedar & Stone Law", "Northwind Mortgages", "Bluefin Analytics",
    "Harbor Street Realty", "Keystone Insurance", "Lumen Design Studio", "Maple Ridge CPA",
    "Orbit Logistics", "Pinecrest Wealth", "Quarry Labs", "Redwood Recruiting",
    "Summit Health", "Tidewater Marketing", "Union Square Ventures Club", "Vertex Software",
    "Willow Creek Coaching", "Yellowstone Print", "Zenith Solar", "Atlas Home Lending",
)
TITLES = (
    "Founder", "Managing Partner", "CFO", "Head of Sales", "Loan Officer", "Realtor",
    "Attorney", "Accountant", "Marketing Director", "Recruiter", "Product Manager",
    "Financial Planner", "Insurance Broker", "Coach", "Engineer", "Designer",
)
TAGS = ("bni", "linkedin", "alumni", "chamber", "golf", "referral-partner", "client",
        "prospect", "speaker", "podcast", "mentor", "volunteer")
EXPERTISE = (
    "reverse mortgages", "estate planning", "tax strategy", "commercial real estate",
    "hiring engineers", "SEO", "brand design", "small business loans", "insurance claims",
    "public speaking", "fundraising", "supply chain", "cybersecurity", "payroll",
    "executive coaching", "solar incentives", "contract law", "bookkeeping",
)
NEEDS = (
    "more referrals from accountants", "a good CPA", "introductions to property managers",
    "speaking slots at local events", "a reliable web developer", "leads in healthcare",
    "funding for a second location", "feedback on a new offer", "",
)
MET_AT = ("BNI breakfast", "LinkedIn request", "comment on my article", "chamber mixer",
          "conference in Denver", "introduced by a client", "golf outing", "podcast guest", "")
SUMMARIES = {
    Kind.MET: ("met at the breakfast", "connected after the mixer", "accepted connection request"),
    Kind.MESSAGE: ("sent a follow-up note", "replied to their post", "checked in by email"),
    Kind.CALL: ("30-minute intro call", "caught up by phone", "call about their expansion"),
    Kind.MEETING: ("coffee downtown", "lunch meeting", "met at their office"),
    Kind.GAVE: ("sent an article on their topic", "introduced them to a lender",
                "gave feedback on their deck", "referred a client"),
    Kind.RECEIVED: ("they referred a client", "they shared a useful contact",
                    "they reviewed my proposal"),
    Kind.NOTE: ("moving to a new role soon", "prefers texts over email", "kids in college"),
}
KIND_WEIGHTS = {Kind.MET: 1, Kind.MESSAGE: 4, Kind.CALL: 3, Kind.MEETING: 2, Kind.GAVE: 2,
                Kind.RECEIVED: 1, Kind.NOTE: 1}
STAGE_WEIGHTS = {Stage.MET: 50, Stage.TALKED: 25, Stage.GAVE_VALUE: 15, Stage.TRUSTED: 10}


def _id(rng: random.Random) -> str:
    return uuid.UUID(int=rng.getrandbits(128), version=4).hex


def make_network(
    contacts: int, per_contact: int = 10, *, seed: int = 1, until: datetime | None = None
) -> tuple[list[Contact], list[Interaction]]:
    """Build `contacts` contacts with `per_contact` interactions each (deterministic per seed)."""
    rng = random.Random(seed)
    end = until or now()
    span = timedelta(days=730).total_seconds()
    stages, stage_w = list(STAGE_WEIGHTS), list(STAGE_WEIGHTS.values())
    kinds, kind_w = list(KIND_WEIGHTS), list(KIND_WEIGHTS.values())
    people: list[Contact] = []
    history: list[Interaction] = []
    for n in range(contacts):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        created = end - timedelta(seconds=rng.random() * span)
        person = Contact(
            id=_id(rng),
            name=f"{first} {last}" if n % 7 else f"{first} {last} {n}",
            company=rng.choice(COMPANIES),
            title=rng.choice(TITLES),
            emails=[f"{first.lower()}.{last.lower()}{n}@example.com"],
            phones=[f"+1 555 {rng.randrange(100, 999)} {rng.randrange(1000, 9999)}"] if n % 3 else [],
            urls=[f"https://www.linkedin.com/in/{first.lower()}-{last.lower()}-{n}"],
            stage=rng.choices(stages, stage_w)[0],
            tags=rng.sample(TAGS, rng.randrange(0, 3)),
            expertise=rng.sample(EXPERTISE, rng.randrange(0, 3)),
            needs=rng.choice(NEEDS),
            met_at=rng.choice(MET_AT),
            source=rng.choice(("manual", "linkedin", "linkedin", "vcard")),
            notes="" if n % 4 else "Met through the referral group; follow up about Q3 plans.",
            created_at=created,
            updated_at=created,
            stage_changed_at=created,
        )
        latest = None
        for _ in range(per_contact):
            at = created + (end - created) * rng.random()
            kind = rng.choices(kinds, kind_w)[0]
            value = rng.choice(list(Value)) if kind in (Kind.GAVE, Kind.RECEIVED) else None
            history.append(Interaction(
                id=_id(rng), contact_id=person.id, at=at, kind=kind,
                summary=rng.choice(SUMMARIES[kind]), value=value,
            ))
            latest = at if latest is None or at > latest else latest
        person.last_interaction_at = latest
        people.append(person)
    return people, history


def generate(root: Path | str, contacts: int, per_contact: int = 10, *, seed: int = 1) -> Store:
    """Create (or add to) a data directory with a generated network; returns the open store."""
    store = Store(root)
    people, history = make_network(contacts, per_contact, seed=seed)
    with store.transaction("generated network", record=False, backup=False) as txn:
        txn.put_many(people, history, touch=False)
    return store


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dir", type=Path, help="data directory to create or add to")
    parser.add_argument("contacts", type=int, help="how many contacts")
    parser.add_argument("--per", type=int, default=10, help="interactions per contact (10)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (1)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    generate(args.dir, args.contacts, args.per, seed=args.seed)
    print(
        f"{args.contacts:,} contacts, {args.contacts * args.per:,} interactions in {args.dir} "
        f"({time.perf_counter() - started:.1f} s)",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
