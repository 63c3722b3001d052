"""What can I give? The resource library's doors and the gifts for each person.

    library    checking what the user types for a resource; adding, editing, removing
    gifts      the gifts for a contact, best first; sharing one resource; logging a gift
    messages   the words: each gift's message and the summary that logs it

The outreach engine (`board.outreach`) does the matching (who-knows' word rules,
`fitting_resources`, `already_given`); this package turns its answers into gifts.
Import from the modules (`from board.give.gifts import gifts_for`): `library` stays
cheap for the importers, which do not need the outreach engine.
"""
