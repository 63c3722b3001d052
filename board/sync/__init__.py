"""One store on several machines, through git, merged by record.

- `rules`: how each field merges when both machines changed it (one table).
- `merge`: the three-way merge of records (pure: no git, no disk).
- `dupes`: people added on both machines who look like one person.
"""
