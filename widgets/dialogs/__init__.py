"""Typed modals: each dismisses with its result (or None when cancelled); none imports a screen."""
