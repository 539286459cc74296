"""Schema-driven fuzzing of the front door, cases, episodes and decisions against real records.

tests/api/test_fuzz.py sends random ids (mostly answered 404). Here every generated request is
aimed at records in the state its operation acts on (an undecided contact or a decided one, an
open episode, a requested closure, a transfer waiting for the receiving team), sent as the
persona who may act, with the ids a body names (children, teams, workers, the case) replaced by
real ones, so generated bodies reach the services' rules. Whatever is sent: never a 500.
"""

from __future__ import annotations

import datetime
import itertools
import json
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token
from schemathesis import checks

from casework import services
from casework.models import Case, CaseNote, Contact, DecisionRecord, Episode, Visit
from casework.services import visits as visit_services
from casework.wsgi import application
from tests.casework.conftest import contact_data
from tests.families.conftest import make_family, make_person

ENDPOINTS = r"^/api/v1/(contacts|cases|episodes|decisions)/"


def _raw_schema() -> dict:
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return json.loads(OpenApiJsonRenderer().render(schema))


schema = schemathesis.openapi.from_dict(_raw_schema()).include(path_regex=ENDPOINTS)
schema.app = application

CLOSURE = {
    "closure_reason": "RC8",
    "closure_summary": "Support in place; the child says things are better.",
    "step_down": "early_help",
}


class World:
    """Families referred through the services, made fresh for each generated request that
    changes state, so each one meets the record in the state its operation acts on."""

    def __init__(self, personas: dict[str, Any], teams: dict[str, Any]) -> None:
        self.p, self.t = personas, teams
        self.count = itertools.count()
        self.flip = itertools.count()  # alternates an undecided contact and a decided one
        self.plausible = itertools.count()  # alternates raw bodies and plausible ones
        self.decided = self.contact(decide=True)
        self.people = self.family()
        record = self.decision()
        self.fixed = {
            "contact_id": self.decided,
            "case_id": record.case,
            "episode_id": record.case.episodes.first(),
            "decision_id": record,
        }

    def family(self) -> dict[str, Any]:
        n = next(self.count)
        fd = self.p["front_door_manager"]
        ava = make_person(fd, "Ava", f"Fuzz{n}")
        sam = make_person(fd, "Sam", f"Fuzz{n}", date_of_birth=datetime.date(2019, 3, 2), sex="M")
        family = make_family(fd, name=f"Fuzz{n} family", members=[(ava, "child"), (sam, "child")])
        return {"ava": ava, "sam": sam, "family": family}

    def contact(self, *, decide: bool = False) -> Contact:
        people = self.family()
        contact = services.contact_record(
            by=self.p["front_door_manager"],
            children=[people["ava"], people["sam"]],
            family=people["family"],
            data=contact_data(),
        )
        if decide:
            services.contact_decide(
                by=self.p["front_door_manager"],
                contact=contact,
                decision="referral",
                reason="Assess",
                team=self.t["north"],
            )
        return contact

    def case(self) -> Case:
        return Case.objects.get(episodes__contact=self.contact(decide=True), episodes__child__first_name="Ava")

    def pending_transfer(self) -> Case:
        case = self.case()
        services.case_transfer_propose(by=self.p["manager"], case=case, team=self.t["south"], summary="Moved")
        return case

    def episode(self, *, requested: bool = False) -> Episode:
        episode = self.case().episodes.get(child__first_name="Ava")
        if requested:
            closure = {**CLOSURE, "closure_date": timezone.localdate()}
            services.episode_close(by=self.p["allocated_worker"], episode=episode, closure=closure)
        return episode

    def decision(self) -> DecisionRecord:
        case = self.case()
        child = case.episodes.first().child
        return services.decision_record(
            by=self.p["manager"], case=case, children=[child], kind="other", decision="D", rationale="R"
        )


def _as(path: str) -> str:
    """The persona who may act on this operation (PERMISSIONS.md)."""
    if path.startswith("/api/v1/contacts/"):
        return "front_door_manager"
    if path.endswith("_transfer/"):
        return "other_team_manager"
    return "manager"


def _aim(case, world: World) -> None:
    """Point the request at records in the right state, and a body's ids at real records."""
    path, method = case.operation.path, case.method.upper()
    body = case.body if isinstance(case.body, dict) else None
    if method not in ("POST", "PATCH"):  # reading (or refused): the records made once will do
        for name, record in world.fixed.items():
            if name in case.path_parameters:
                case.path_parameters[name] = str(record.pk)
        return
    even = next(world.flip) % 2 == 0
    target: Any = None
    if "{contact_id}" in path:
        after_decision = path.endswith(("/endorse/", "/referrer_informed/"))
        target = world.contact(decide=after_decision) if even else world.decided
        case.path_parameters["contact_id"] = str(target.pk)
    elif "{case_id}" in path:
        target = world.pending_transfer() if path.endswith("_transfer/") else world.case()
        case.path_parameters["case_id"] = str(target.pk)
    elif "{episode_id}" in path:
        target = world.episode(requested=path.endswith("_closure/"))
        case.path_parameters["episode_id"] = str(target.pk)
    if body is None:
        return
    if method == "PATCH" and target is not None:
        target.refresh_from_db()
        body["version"] = target.version
        body.pop("children", None)
        body.pop("team", None)
    _aim_body(body, path, target, world)
    if next(world.plausible) % 2 == 0:
        _make_plausible(body, path)


def _aim_body(body: dict[str, Any], path: str, target: Any, world: World) -> None:
    if path == "/api/v1/decisions/":
        case = world.fixed["case_id"]
        body["case"] = str(case.pk)
        body["children"] = [str(e.child_id) for e in case.episodes.all()][:1]
        if body.get("agreed_by") is not None:
            body["agreed_by"] = str(world.p["manager"].pk)
        return
    if path == "/api/v1/contacts/":
        people = world.people
        body["children"] = [str(people["ava"].pk)]
        if body.get("family") is not None:
            body["family"] = str(people["family"].pk)
        if body.get("team") is not None:
            body["team"] = str(world.t["front_door"].pk)
        return
    if isinstance(target, Contact):
        if body.get("decision") == "referral" and "children" in body:
            children = target.contact_children.values_list("child_id", flat=True)
            body["children"] = [str(pk) for pk in children][:1]
        elif "decide" in path:
            body.pop("children", None)
        if body.get("team") is not None:
            body["team"] = str(world.t["north"].pk)
        if body.get("family") is not None:
            body["family"] = str(target.family_id)
    if path.endswith("/allocate/"):
        body["worker"] = str(world.p["allocated_worker"].pk)
        body.pop("version", None)
    if path.endswith("/transfer/"):
        body["team"] = str(world.t["south"].pk)
    if path.endswith("/close/"):
        body.pop("version", None)


PLAUSIBLE = {
    "/api/v1/contacts/": {
        "received_at": lambda: timezone.now().isoformat(),
        "source": lambda: "2A",
        "consent": lambda: "given",
        "concerns": lambda: "Came to school hungry",
        "referrer_name": lambda: "Ms Patel",
    },
    "/api/v1/decisions/": {
        "kind": lambda: "other",
        "decision": lambda: "Carry on",
        "rationale": lambda: "Because",
        "date": lambda: timezone.localdate().isoformat(),
    },
    "{contact_id}/": {
        "received_at": lambda: timezone.now().isoformat(),
        "concerns": lambda: "Hungry",
        "consent": lambda: "given",
        "referrer_name": lambda: "Ms Patel",
    },
    "decide/": {"decision_reason": lambda: "Because"},
    "referrer_informed/": {"informed_at": lambda: timezone.now().isoformat(), "how": lambda: "Telephone"},
    "close/": {
        "closure_date": lambda: timezone.localdate().isoformat(),
        "closure_reason": lambda: "RC8",
        "closure_summary": lambda: "Support in place",
    },
    "transfer/": {"summary": lambda: "Moved"},
    "_transfer/": {"reason": lambda: "Not yet"},
    "_closure/": {"reason": lambda: "Not yet"},
}


def _make_plausible(body: dict[str, Any], path: str) -> None:
    """Half the time, replace the values a service would surely refuse (so it gets further)."""
    for ending, values in PLAUSIBLE.items():
        if path.endswith(ending):
            for name, value in values.items():
                body[name] = value()


@pytest.fixture
def world(
    settings,
    front_door_team,
    north,
    south,
    front_door_manager,
    allocated_worker,
    manager,
    other_team_manager,
) -> World:
    settings.FRONT_DOOR_ENDORSEMENT_REQUIRED = True  # so endorsing can succeed
    personas = {
        "front_door_manager": front_door_manager,
        "allocated_worker": allocated_worker,
        "manager": manager,
        "other_team_manager": other_team_manager,
    }
    return World(personas, {"front_door": front_door_team, "north": north, "south": south})


@pytest.fixture
def tokens(world) -> dict[str, str]:
    return {name: Token.objects.create(user=user).key for name, user in world.p.items()}


@pytest.fixture(autouse=True)
def keep_test_transaction():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.mark.django_db
@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_front_door_and_cases_api_never_answers_500_on_real_records(case, world, tokens):
    _aim(case, world)
    case.call_and_validate(
        base_url="http://testserver",
        headers={"Authorization": f"Token {tokens[_as(case.operation.path)]}"},
        checks=[checks.not_a_server_error],
    )


# --- Visits and case notes (API.md "Visits and notes") ---------------------------------------------

visit_schema = schemathesis.openapi.from_dict(_raw_schema()).include(path_regex=r"^/api/v1/(visits|notes)/")
visit_schema.app = application


class VisitWorld(World):
    """A referred family with a draft and a finished visit and note; records that change state
    are made fresh for each generated request (a draft to change or finish, a finished one to
    amend)."""

    def __init__(self, personas: dict[str, Any], teams: dict[str, Any]) -> None:
        super().__init__(personas, teams)
        self.the_case = self.case()
        self.fixed = {"visit_id": self.visit(finished=True), "note_id": self.note(finished=True)}

    def children(self) -> list[Any]:
        return [e.child for e in self.the_case.episodes.select_related("child").order_by("child__date_of_birth")]

    def visit(self, *, finished: bool) -> Visit:
        rows = [{"child": child, "seen": True, "seen_alone": "yes"} for child in self.children()]
        by = self.p["manager"]
        when = {"occurred_at": timezone.now() - datetime.timedelta(hours=1)}
        visit = visit_services.visit_create(by=by, case=self.the_case, data=when, children=rows)
        return visit_services.visit_finish(by=by, visit=visit) if finished else visit

    def note(self, *, finished: bool) -> CaseNote:
        by = self.p["manager"]
        note = visit_services.note_create(by=by, case=self.the_case, data={"narrative": "Rang the school"})
        return visit_services.note_finish(by=by, note=note) if finished else note


def _aim_visit(case, world: VisitWorld) -> None:
    """Point the request at a draft (PATCH, finish) or a finished record (amend), and a body's
    case, children and people at real ones."""
    path, method = case.operation.path, case.method.upper()
    for name, record in world.fixed.items():
        if name in case.path_parameters:
            target = record
            if method in ("POST", "PATCH"):
                make = world.visit if name == "visit_id" else world.note
                target = make(finished=path.endswith("/amend/"))
            case.path_parameters[name] = str(target.pk)
            if method == "PATCH" and isinstance(case.body, dict):
                case.body["version"] = target.version
    body = case.body if isinstance(case.body, dict) else None
    if body is None or method != "POST" or path not in ("/api/v1/visits/", "/api/v1/notes/"):
        return
    body["case"] = str(world.the_case.pk)
    children = world.children()
    if isinstance(body.get("children"), list) and path == "/api/v1/notes/":
        body["children"] = [str(child.pk) for child in children][: len(body["children"])]
    elif isinstance(body.get("children"), list):
        for row, child in zip(body["children"], children, strict=False):
            if isinstance(row, dict):
                row["child"] = str(child.pk)
        body["children"] = body["children"][: len(children)]
    if "others_seen" in body:
        body["others_seen"] = []
    if next(world.plausible) % 2 == 0:
        body["occurred_at"] = (timezone.now() - datetime.timedelta(hours=2)).isoformat()


@pytest.fixture
def visit_world(
    settings,
    front_door_team,
    north,
    south,
    front_door_manager,
    allocated_worker,
    manager,
    other_team_manager,
) -> VisitWorld:
    personas = {
        "front_door_manager": front_door_manager,
        "allocated_worker": allocated_worker,
        "manager": manager,
        "other_team_manager": other_team_manager,
    }
    return VisitWorld(personas, {"front_door": front_door_team, "north": north, "south": south})


@pytest.mark.django_db
@visit_schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_visits_and_notes_api_never_answers_500_on_real_records(case, visit_world):
    _aim_visit(case, visit_world)
    token = Token.objects.get_or_create(user=visit_world.p["manager"])[0].key
    case.call_and_validate(
        base_url="http://testserver",
        headers={"Authorization": f"Token {token}"},
        checks=[checks.not_a_server_error],
    )


# --- Supervision (API.md "Supervision and decisions") ----------------------------------------------

supervision_schema = schemathesis.openapi.from_dict(_raw_schema()).include(path_regex=r"^/api/v1/supervisions/")
supervision_schema.app = application


class SupervisionWorld(World):
    """A referred family allocated to the worker, and a supervision record of that worker; a record
    that a request changes (PATCH, acknowledge) is made fresh for each one."""

    def __init__(self, personas: dict[str, Any], teams: dict[str, Any]) -> None:
        super().__init__(personas, teams)
        self.the_case = self.case()
        services.case_allocate(by=self.p["manager"], case=self.the_case, worker=self.p["allocated_worker"])
        self.fixed = {"supervision_id": self.supervision()}

    def supervision(self) -> Any:
        from casework.services import supervision as supervision_services

        discussion = {"case": self.the_case, "decision": "Carry on", "rationale": "Working"}
        return supervision_services.supervision_record(
            by=self.p["manager"],
            supervisee=self.p["allocated_worker"],
            date=timezone.localdate(),
            private_notes="Private",
            discussions=[discussion],
        )


def _aim_supervision(case, world: SupervisionWorld) -> str:
    """Point the request at a record (a fresh one when it changes state) and a body's ids at real
    ones; returns the persona who may act."""
    path, method = case.operation.path, case.method.upper()
    body = case.body if isinstance(case.body, dict) else None
    if "supervision_id" in case.path_parameters:
        target = world.supervision() if method in ("POST", "PATCH") else world.fixed["supervision_id"]
        case.path_parameters["supervision_id"] = str(target.pk)
        if method == "PATCH" and body is not None:
            body["version"] = target.version
            for item in body.get("discussions") or []:
                if isinstance(item, dict):
                    item["id"] = str(target.discussions.first().pk)
    if body is not None and method == "POST" and path == "/api/v1/supervisions/":
        body["supervisee"] = str(world.p["allocated_worker"].pk)
        for item in body.get("discussions") or []:
            if isinstance(item, dict):
                item["case"] = str(world.the_case.pk)
                for action in item.get("actions") or []:
                    if isinstance(action, dict) and action.get("owner") is not None:
                        action["owner"] = str(world.p["allocated_worker"].pk)
    return "allocated_worker" if path.endswith("/acknowledge/") else "manager"


@pytest.fixture
def supervision_world(
    front_door_team, north, south, front_door_manager, allocated_worker, manager, other_team_manager
) -> SupervisionWorld:
    personas = {
        "front_door_manager": front_door_manager,
        "allocated_worker": allocated_worker,
        "manager": manager,
        "other_team_manager": other_team_manager,
    }
    return SupervisionWorld(personas, {"front_door": front_door_team, "north": north, "south": south})


@pytest.mark.django_db
@supervision_schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_supervision_api_never_answers_500_on_real_records(case, supervision_world):
    persona = _aim_supervision(case, supervision_world)
    token = Token.objects.get_or_create(user=supervision_world.p[persona])[0].key
    case.call_and_validate(
        base_url="http://testserver",
        headers={"Authorization": f"Token {token}"},
        checks=[checks.not_a_server_error],
    )


# --- Actions (API.md "Supervision and decisions": /api/v1/actions/) --------------------------------

action_schema = schemathesis.openapi.from_dict(_raw_schema()).include(path_regex=r"^/api/v1/actions/")
action_schema.app = application


class ActionWorld(World):
    """A referred family with an open action; a fresh open action for each request that changes
    one (PATCH, complete), so generated bodies meet an action in the state they act on."""

    def __init__(self, personas: dict[str, Any], teams: dict[str, Any]) -> None:
        super().__init__(personas, teams)
        self.the_case = self.case()
        self.fixed = {"action_id": self.action()}

    def action(self) -> Any:
        from casework.services import actions as action_services

        return action_services.action_create(
            by=self.p["manager"],
            case=self.the_case,
            action="Ring the school",
            owner=self.p["manager"],
            due_date=timezone.localdate() + datetime.timedelta(days=3),
        )


def _aim_action(case, world: ActionWorld) -> None:
    """Point the request at an open action, and a new action's case and owner at real ones."""
    method = case.method.upper()
    if "action_id" in case.path_parameters:
        target = world.action() if method in ("POST", "PATCH") else world.fixed["action_id"]
        case.path_parameters["action_id"] = str(target.pk)
        if method == "PATCH" and isinstance(case.body, dict):
            case.body["version"] = target.version
    body = case.body if isinstance(case.body, dict) else None
    if body is None or method != "POST" or case.operation.path != "/api/v1/actions/":
        return
    body["case"] = str(world.the_case.pk)
    if next(world.plausible) % 2 == 0:
        body["owner"] = str(world.p["manager"].pk)
        body["due_date"] = timezone.localdate().isoformat()
        body.pop("child", None)
        body.pop("plan", None)


@pytest.fixture
def action_world(
    front_door_team, north, south, front_door_manager, allocated_worker, manager, other_team_manager
) -> ActionWorld:
    personas = {
        "front_door_manager": front_door_manager,
        "allocated_worker": allocated_worker,
        "manager": manager,
        "other_team_manager": other_team_manager,
    }
    return ActionWorld(personas, {"front_door": front_door_team, "north": north, "south": south})


@pytest.mark.django_db
@action_schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_actions_api_never_answers_500_on_real_records(case, action_world):
    _aim_action(case, action_world)
    token = Token.objects.get_or_create(user=action_world.p["manager"])[0].key
    case.call_and_validate(
        base_url="http://testserver",
        headers={"Authorization": f"Token {token}"},
        checks=[checks.not_a_server_error],
    )


# --- CIN plans (API.md "Plans") ----------------------------------------------------------------------

plan_schema = schemathesis.openapi.from_dict(_raw_schema()).include(path_regex=r"^/api/v1/plans/")
plan_schema.app = application


class PlanWorld(World):
    """Plans drafted by the allocated worker for a fresh child each time (one open plan per child):
    a draft to change or authorise, an authorised plan to review or end."""

    def __init__(self, personas: dict[str, Any], teams: dict[str, Any]) -> None:
        super().__init__(personas, teams)
        self.fixed = {"plan_id": self.plan(authorised=True)}

    def plan(self, *, authorised: bool) -> Any:
        from casework.services import plans as plan_services

        case = self.case()
        child = case.episodes.get(child__first_name="Ava").child
        data = {"start_date": timezone.localdate() - datetime.timedelta(days=30), "visiting_frequency_days": 20}
        goals = [{"description": "Food at home", "help_provided": "Food bank"}]
        plan = plan_services.plan_create(by=self.p["allocated_worker"], case=case, child=child, data=data, goals=goals)
        return plan_services.plan_authorise(by=self.p["manager"], plan=plan) if authorised else plan


def _aim_plan(case, world: PlanWorld) -> None:
    path, method = case.operation.path, case.method.upper()
    body = case.body if isinstance(case.body, dict) else None
    target = world.fixed["plan_id"]
    if "{plan_id}" in path and method in ("POST", "PATCH"):
        target = world.plan(authorised=path.endswith(("/reviews/", "/end/")))
    if "plan_id" in case.path_parameters:
        case.path_parameters["plan_id"] = str(target.pk)
    if body is None:
        return
    if method == "PATCH":
        body["version"] = target.version
    if path == "/api/v1/plans/" and method == "POST":
        fresh = world.case()
        body["case"] = str(fresh.pk)
        body["child"] = str(fresh.episodes.get(child__first_name="Ava").child_id)
    if isinstance(body.get("goal_progress"), list):
        goal = target.goals.first()
        for row in body["goal_progress"]:
            if isinstance(row, dict):
                row["goal"] = str(goal.pk)
    if next(world.plausible) % 2 == 0 and path.endswith("/reviews/"):
        body["date"] = timezone.localdate().isoformat()
        body["summary"] = "Better"


@pytest.fixture
def plan_world(
    front_door_team, north, south, front_door_manager, allocated_worker, manager, other_team_manager
) -> PlanWorld:
    personas = {
        "front_door_manager": front_door_manager,
        "allocated_worker": allocated_worker,
        "manager": manager,
        "other_team_manager": other_team_manager,
    }
    return PlanWorld(personas, {"front_door": front_door_team, "north": north, "south": south})


@pytest.mark.django_db
@plan_schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_plans_api_never_answers_500_on_real_records(case, plan_world):
    _aim_plan(case, plan_world)
    token = Token.objects.get_or_create(user=plan_world.p["manager"])[0].key
    case.call_and_validate(
        base_url="http://testserver",
        headers={"Authorization": f"Token {token}"},
        checks=[checks.not_a_server_error],
    )


# --- Strategy discussions and Section 47 enquiries (API.md "Child protection") ---------------------

strategy_schema = schemathesis.openapi.from_dict(_raw_schema()).include(
    path_regex=r"^/api/v1/(strategy-discussions|section47)/"
)
strategy_schema.app = application


class StrategyWorld(World):
    """A strategy discussion deciding s47 about Ava of a fresh case each time (one open enquiry per child)."""

    def discussion(self) -> Any:
        from casework.services import strategy as strategy_services

        case = self.case()
        child = case.episodes.get(child__first_name="Ava").child
        return strategy_services.strategy_discussion_record(
            by=self.p["allocated_worker"],
            case=case,
            children=[child],
            date=timezone.localdate() - datetime.timedelta(days=3),
            agencies=["Police"],
            information="A bruise",
            decision="s47",
            reasoning="Significant harm",
        )


def _aim_strategy(case, world: StrategyWorld) -> None:
    path, method = case.operation.path, case.method.upper()
    body = case.body if isinstance(case.body, dict) else None
    if "{discussion_id}" in path or "{s47_id}" in path:
        d = world.discussion()
        case.path_parameters["discussion_id" if "{discussion_id}" in path else "s47_id"] = str(
            d.pk if "{discussion_id}" in path else d.section47s.get().pk
        )
        if body is not None and method == "PATCH":
            body["version"] = 1
    if body is not None and path == "/api/v1/strategy-discussions/" and method == "POST":
        fresh = world.case()
        body["case"] = str(fresh.pk)
        body["children"] = [str(fresh.episodes.get(child__first_name="Ava").child_id)]


@pytest.fixture
def strategy_world(
    front_door_team, north, south, front_door_manager, allocated_worker, manager, other_team_manager
) -> StrategyWorld:
    personas = {
        "front_door_manager": front_door_manager,
        "allocated_worker": allocated_worker,
        "manager": manager,
        "other_team_manager": other_team_manager,
    }
    return StrategyWorld(personas, {"front_door": front_door_team, "north": north, "south": south})


@pytest.mark.django_db
@strategy_schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_strategy_api_never_answers_500_on_real_records(case, strategy_world):
    _aim_strategy(case, strategy_world)
    token = Token.objects.get_or_create(user=strategy_world.p["manager"])[0].key
    case.call_and_validate(
        base_url="http://testserver",
        headers={"Authorization": f"Token {token}"},
        checks=[checks.not_a_server_error],
    )


# --- Conferences and core groups (API.md "Child protection") ---------------------------------------

conference_schema = schemathesis.openapi.from_dict(_raw_schema()).include(
    path_regex=r"^/api/v1/(conferences|core-groups)/"
)
conference_schema.app = application


class ConferenceWorld(World):
    """A strategy discussion and an initial conference starting a CP plan (with a goal) for Ava
    of a fresh case each time (one open plan per child)."""

    def conference(self) -> Any:
        from casework.services import conferences as conference_services
        from casework.services import strategy as strategy_services

        case = self.case()
        child = case.episodes.get(child__first_name="Ava").child
        by, today = self.p["allocated_worker"], timezone.localdate()
        strategy_services.strategy_discussion_record(
            by=by,
            case=case,
            children=[child],
            date=today - datetime.timedelta(days=10),
            agencies=["Police"],
            information="A bruise",
            decision="s47",
            reasoning="Significant harm",
        )
        conference = conference_services.conference_record(
            by=by,
            case=case,
            kind="initial",
            date=today - datetime.timedelta(days=3),
            chair="Jo Chair",
            outcomes=[{"child": child, "decision": "cp_plan", "category": "NEG"}],
        )
        plan = conference.outcomes.get().plan
        plan.goals.create(position=0, description="Warm home", help_provided="Housing")
        return conference


def _aim_conference(case, world: ConferenceWorld) -> None:
    path, method = case.operation.path, case.method.upper()
    body = case.body if isinstance(case.body, dict) else None
    if "{conference_id}" in path or "{core_group_id}" in path or method == "POST":
        conference = world.conference()
        plan = conference.outcomes.get().plan
        if "{conference_id}" in path:
            case.path_parameters["conference_id"] = str(conference.pk)
        if "{core_group_id}" in path:
            from casework.services.conferences import core_group_record

            group = core_group_record(
                by=world.p["allocated_worker"], plan=plan, date=conference.date, attendees=[], summary="Met"
            )
            case.path_parameters["core_group_id"] = str(group.pk)
        if body is None:
            return
        if method == "PATCH":
            body["version"] = conference.version
        if path == "/api/v1/conferences/":
            body["case"] = str(conference.case_id)
            if next(world.plausible) % 2 == 0 and isinstance(body.get("outcomes"), list):
                body["kind"] = "review"
                for row in body["outcomes"]:
                    if isinstance(row, dict):
                        row["child"] = str(plan.child_id)
        if path == "/api/v1/core-groups/":
            body["plan"] = str(plan.pk)
        if isinstance(body.get("goal_progress"), list):
            goal = plan.goals.first()
            for row in body["goal_progress"]:
                if isinstance(row, dict):
                    row["goal"] = str(goal.pk)


@pytest.fixture
def conference_world(
    front_door_team, north, south, front_door_manager, allocated_worker, manager, other_team_manager
) -> ConferenceWorld:
    personas = {
        "front_door_manager": front_door_manager,
        "allocated_worker": allocated_worker,
        "manager": manager,
        "other_team_manager": other_team_manager,
    }
    return ConferenceWorld(personas, {"front_door": front_door_team, "north": north, "south": south})


@pytest.mark.django_db
@conference_schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
def test_conferences_api_never_answers_500_on_real_records(case, conference_world):
    _aim_conference(case, conference_world)
    token = Token.objects.get_or_create(user=conference_world.p["manager"])[0].key
    case.call_and_validate(
        base_url="http://testserver",
        headers={"Authorization": f"Token {token}"},
        checks=[checks.not_a_server_error],
    )
