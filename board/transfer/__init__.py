"""The file formats of import and export, one module each, and the merging of imports.

The public calls live in `board.importers` (import_file, guess_kind) and
`board.exporters` (export_file, export_data).
"""
