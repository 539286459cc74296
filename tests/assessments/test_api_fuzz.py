"""Schema-driven fuzzing of /api/v1/assessments/ against real records (modelled on
tests/casework/test_api_fuzz.py): every generated request is aimed at an assessment in the state
its operation acts on (a draft to write, submit or agree; a submitted one to return or
authorise), sent as the persona who may act, with the case and children a body names replaced by
real ones, so generated bodies reach the services' rules. Whatever is sent: never a 500."""

from __future__ import annotations

import itertools
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from assessments.models import Assessment
from casework.wsgi import application
from tests.casework.test_api_fuzz import World, _raw_schema
from tests.factories.assessments import bundled_template, due_in, start, submitted

schema = schemathesis.openapi.from_dict(_raw_schema()).include(path_regex=r"^/api/v1/assessments/")
schema.app = application

MANAGER_ACTIONS = ("/authorise/", "/return/", "/agree_timeframe/")


class AssessmentWorld(World):
    """Referred families (a case with Ava's and Sam's episodes) and assessments on them; an
    assessment a request changes is made fresh for each one."""

    def __init__(self, personas: dict[str, Any], teams: dict[str, Any]) -> None:
        super().__init__(personas, teams)
        bundled_template()
        self.plausible = itertools.count()
        self.fixed = {"assessment_id": self.assessment()}

    def assessment(self, *, submit: bool = False) -> Assessment:
        case = self.case()
        children = [e.child for e in case.episodes.select_related("child").order_by("child__first_name")]
        worker = self.p["allocated_worker"]
        assessment = start(worker, case, children[:1], due_date=due_in(30))
        if submit:
            submitted(assessment, worker)
        return Assessment.objects.get(pk=assessment.pk)


def _as(path: str, method: str) -> str:
    return "manager" if method == "POST" and path.endswith(MANAGER_ACTIONS) else "allocated_worker"


def _aim(case, world: AssessmentWorld) -> None:
    path, method = case.operation.path, case.method.upper()
    body = case.body if isinstance(case.body, dict) else None
    if "{assessment_id}" in path:
        target = world.fixed["assessment_id"]
        if method in ("POST", "PATCH"):
            target = world.assessment(submit=path.endswith(("/authorise/", "/return/")))
            if body is not None and next(world.plausible) % 2 == 0:
                body["version"] = target.version
                child = str(target.subjects.get().child_id)
                if isinstance(body.get("child_outcomes"), list):
                    for row in body["child_outcomes"]:
                        if isinstance(row, dict):
                            row["child"] = child
                if isinstance(body.get("primary_needs"), dict):
                    body["primary_needs"] = {child: "N1"}
        case.path_parameters["assessment_id"] = str(target.pk)
        return
    if method == "POST" and body is not None:
        fresh_case = world.case()
        body["case"] = str(fresh_case.pk)
        children = [str(e.child_id) for e in fresh_case.episodes.order_by("child__first_name")]
        if isinstance(body.get("children"), list):
            body["children"] = children[: max(1, min(len(body["children"]), len(children)))]
        if next(world.plausible) % 2 == 0:
            body.pop("template", None)
            body.pop("start_date", None)


@pytest.fixture
def world(settings, front_door_team, north, south, front_door_manager, allocated_worker, manager, other_team_manager):
    personas = {
        "front_door_manager": front_door_manager,
        "allocated_worker": allocated_worker,
        "manager": manager,
        "other_team_manager": other_team_manager,
    }
    return AssessmentWorld(personas, {"front_door": front_door_team, "north": north, "south": south})


@pytest.fixture(autouse=True)
def keep_test_transaction():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_assessments_api_never_answers_500_on_real_records(case, world):
    _aim(case, world)
    persona = _as(case.operation.path, case.method.upper())
    token = Token.objects.get_or_create(user=world.p[persona])[0].key
    case.call_and_validate(
        base_url="http://testserver",
        headers={"Authorization": f"Token {token}"},
        checks=[checks.not_a_server_error],
    )
