"""Strategy discussions made through the services, as a persona would make them."""

from __future__ import annotations

import datetime
from typing import Any

from casework.models import StrategyDiscussion
from casework.services import strategy


def discussion(
    by: Any, case: Any, children: list[Any], *, date: datetime.date, decision: str = "s47"
) -> StrategyDiscussion:
    return strategy.strategy_discussion_record(
        by=by,
        case=case,
        children=children,
        date=date,
        agencies=["Police", "Health"],
        information="Ava told her teacher about a bruise.",
        decision=decision,
        reasoning="Reasonable cause to suspect significant harm.",
    )
