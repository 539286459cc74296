"""The front-door pages' view models: the queue, a contact, and the history in front of the
decider. Who may see what (restricted children, narrative text for performance officers) and do
what (decide, endorse, record that the referrer was told) is decided here, so templates only lay
it out. Time is shown neutrally: how long a contact has waited, never a countdown or a colour."""

from casework.presenters.frontdoor.contact import ContactPage, child_lines, contact_page, contact_title
from casework.presenters.frontdoor.decision import (
    DECISION_HINTS,
    ChildSection,
    child_sections,
    rereferral_flag,
    team_choices,
)
from casework.presenters.frontdoor.queue import QueuePage, QueueRow, queue_page
from casework.presenters.frontdoor.words import (
    child_text,
    date_uk,
    datetime_uk,
    maybe_url,
    referrer_text,
    time_uk,
    waiting_text,
)

__all__ = [
    "DECISION_HINTS",
    "ChildSection",
    "ContactPage",
    "QueuePage",
    "QueueRow",
    "child_lines",
    "child_sections",
    "child_text",
    "contact_page",
    "contact_title",
    "date_uk",
    "datetime_uk",
    "maybe_url",
    "queue_page",
    "referrer_text",
    "rereferral_flag",
    "team_choices",
    "time_uk",
    "waiting_text",
]
