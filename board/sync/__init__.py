"""One store on several machines, through git, merged by record (`trustboard sync`).

- `rules`: how each field merges when both machines changed it (one table).
- `merge`: the three-way merge of records (pure: no git, no disk); `dupes`: people
  added on both machines who look like one person.
- `layout`: the clone's files, one byte form per shard; `git`: git as a subprocess;
  `clone`: the git repository in DATA/sync.
- `records`: the store's side (export what changed, apply a merge as one change);
  `combine`: two commits merged shard by shard.
- `engine`: `sync init` and `sync`, the cycle under the sync lock; `status`, `report`,
  `result`, `settings` (sync.toml).
"""
