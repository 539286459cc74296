"""The front-door pages: the queue, recording a contact (search before create, inline), the
contact, deciding it with the child's history in view, endorsing, telling the referrer.

Thin: find the record through a selector (404 outside access), check the role may act (403),
call the service (casework.services.frontdoor holds the rules), redirect."""

from casework.views.frontdoor.children import contact_new_child_create, contact_new_children
from casework.views.frontdoor.contact import (
    contact_decide,
    contact_detail,
    contact_endorse,
    contact_referrer_informed,
)
from casework.views.frontdoor.queue import frontdoor_queue
from casework.views.frontdoor.record import (
    contact_new,
    contact_new_check,
    contact_new_concerns,
    contact_new_details,
    contact_new_discard,
    contact_new_family,
    contact_recorded,
)

__all__ = [
    "contact_decide",
    "contact_detail",
    "contact_endorse",
    "contact_new",
    "contact_new_check",
    "contact_new_child_create",
    "contact_new_children",
    "contact_new_concerns",
    "contact_new_details",
    "contact_new_discard",
    "contact_new_family",
    "contact_recorded",
    "contact_referrer_informed",
    "frontdoor_queue",
]
