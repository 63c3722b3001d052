"""Outreach messages that fit the moment.

One job per module:

    syntax          the template language: {placeholders}, [optional|segments], escapes
    templates.toml  the built-in messages, as data in the user's own [[templates]] format
    library         reading and checking built-in and user templates, one path for both
    network         who knows what: the expertise index and its word matching
    phrases         a contact's fields as phrases that read well inside a sentence
    resources       which of the user's resources fit a contact (passed in by the caller)
    ground          common ground: what the data shows you share, in one clause
    moment          the contact's situation now: which situations hold, the values
    rank            ordering what fits, and marking a message as sent

`suggest_messages` (and `suggest_for`, through the store) is what the board and the CLI
call; everything they use is importable from `board.outreach`.
"""

from board.outreach.ground import Ground, common_ground
from board.outreach.library import (
    BUILT_IN_TEMPLATES,
    BUILT_IN_TEMPLATES_BY_NAME,
    Template,
    load_templates,
    template_from_entry,
)
from board.outreach.moment import SENT_PREFIX, SITUATIONS
from board.outreach.network import ExpertMatch, Known, Network, Someone, who_knows
from board.outreach.phrases import first_name_of
from board.outreach.rank import (
    Suggestion,
    mark_sent,
    placeholder_values,
    sent_summary,
    suggest_for,
    suggest_messages,
    top_suggestion,
)
from board.outreach.resources import (
    Resource,
    ResourceLike,
    ResourceMatch,
    already_given,
    fitting_resources,
)
from board.outreach.syntax import PLACEHOLDERS, TemplateError, parse_template, tidy

__all__ = [
    "BUILT_IN_TEMPLATES",
    "BUILT_IN_TEMPLATES_BY_NAME",
    "PLACEHOLDERS",
    "SENT_PREFIX",
    "SITUATIONS",
    "ExpertMatch",
    "Known",
    "Ground",
    "Network",
    "Someone",
    "Resource",
    "ResourceLike",
    "ResourceMatch",
    "Suggestion",
    "Template",
    "TemplateError",
    "already_given",
    "common_ground",
    "first_name_of",
    "fitting_resources",
    "load_templates",
    "mark_sent",
    "parse_template",
    "placeholder_values",
    "sent_summary",
    "suggest_for",
    "suggest_messages",
    "template_from_entry",
    "tidy",
    "top_suggestion",
    "who_knows",
]
