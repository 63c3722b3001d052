"""Full screens: the board, Today, details, who knows, givers' gain (they import dialogs, never the App)."""
