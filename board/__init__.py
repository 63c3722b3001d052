"""trustboard's domain: model, store, triage, outreach, importers and CLI (no UI here)."""

from __future__ import annotations


def __getattr__(name: str) -> str:
    """`board.__version__`, read from the installed distribution (pyproject.toml is the source).

    Looked up on first use, so importing `board` does not pay for the metadata lookup.
    """
    if name == "__version__":
        from importlib.metadata import version

        return version("trustboard")
    raise AttributeError(f"module 'board' has no attribute {name!r}")
