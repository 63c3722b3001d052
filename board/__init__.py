"""trustboard's domain: model, store, triage, outreach, importers and CLI (no UI here)."""

__version__ = "0.1.0"
