"""Actions made directly (for counts and lists); tests of the rules go through the services.

``ActionFactory(case=case, owner=worker)``: an open action due in a week, added by the owner.
"""

import datetime

import factory
from django.utils import timezone

from casework.models import Action, ActionSource, ActionStatus


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    source = ActionSource.OTHER
    action = factory.Sequence(lambda n: f"Ring the school about attendance ({n})")
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    status = ActionStatus.OPEN
    created_by = factory.SelfAttribute("owner")
