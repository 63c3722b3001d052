"""Everything Textual: the app, its screens, modals and widgets (styles in trustboard.tcss)."""
