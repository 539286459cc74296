from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    """The case domain: front door, cases and episodes, visits, plans, supervision."""

    name = "casework"
    label = "casework"
    verbose_name = "Casework"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models import Q

        from casework import events  # noqa: F401  (registers the chronology rebuilder)
        from casework.core import access, navigation

        navigation.register(order=10, label="My work", url_name="casework:my_work", section="")
        self._register_front_door()
        self._register_case_pages()
        self._register_chronology_pages()
        self._register_actions()
        self._register_supervision()
        self._register_plans()
        self._register_conferences()
        self._register_strategy()
        self._register_visits_due()

        def allocated_worker(user) -> Q:
            """The allocated worker may open a restricted record of a child on their case."""
            from casework.models import Episode, EpisodeStatus

            return Q(
                id__in=Episode.objects.filter(case__allocated_worker=user)
                .exclude(status=EpisodeStatus.CLOSED)
                .values("child_id")
            )

        access.register_restricted_viewer("allocated_worker", allocated_worker)

    def _register_strategy(self) -> None:
        """Strategy discussions and Section 47 enquiries: an open enquiry keeps the episode open,
        the chronology rebuilder, the open enquiry's card on the child at a glance."""
        from casework import events_strategy  # noqa: F401  (registers the rebuilder)
        from casework.core.open_work import register_open_work
        from casework.presenters.glance import register_glance_part
        from casework.services.strategy import open_section47s
        from casework.views.strategy import glance_s47_part

        register_open_work("section47", open_section47s)
        register_glance_part("glance_s47", 12, "casework/strategy/_glance_s47.html", glance_s47_part)

    def _register_conferences(self) -> None:
        """Conferences and core groups: the chronology rebuilder (CP plans are plans: their open
        work, glance card and chronology of start and end are registered with the plans)."""
        from casework import events_conferences  # noqa: F401  (registers the rebuilder)

    def _register_plans(self) -> None:
        """CIN plans: open work that keeps an episode open, the chronology rebuilder, the plan
        card on the child at a glance, the team page's plans due for review, the demo step."""
        from casework import demo_plans, events_plans  # noqa: F401  (register themselves)
        from casework.core.open_work import register_open_work
        from casework.presenters.glance import register_glance_part
        from casework.services.plans import open_plans
        from casework.team_page import register_team_section
        from casework.views.plans import glance_plan_part, team_plans_due_section

        register_open_work("cin_plan", open_plans)
        register_glance_part("glance_plan", 15, "casework/plans/_glance_plan.html", glance_plan_part)
        register_team_section(40, "plans_due", "casework/plans/_team_plans_due.html", team_plans_due_section)

    def _register_visits_due(self) -> None:
        """Visits due, neutrally: My work's and the team page's "Visits due", the statutory
        visits card of the child at a glance (beside the plan card), the child protection demo."""
        from casework import demo_protection  # noqa: F401  (registers the demo step)
        from casework.my_work import register_section
        from casework.presenters import visits_due
        from casework.presenters.glance import register_glance_part
        from casework.team_page import register_team_section

        register_section(42, "visits_due", "casework/visits_due/_my_work.html", visits_due.my_work_section)
        register_glance_part("glance_visits_due", 16, "casework/visits_due/_glance.html", visits_due.glance_part)
        register_team_section(45, "visits_due", "casework/visits_due/_team.html", visits_due.team_section)

    def _register_actions(self) -> None:
        """Actions: "Your actions" on My work, the "Actions" card of the child at a glance, the
        team page's "Actions" section, the chronology rebuilder and the demo step."""
        from casework import demo_actions, events_actions  # noqa: F401  (register the rebuilder, demo step)
        from casework.my_work import register_section
        from casework.presenters.glance import register_glance_part
        from casework.team_page import register_team_section
        from casework.views import actions

        register_section(45, "actions", "casework/actions/_my_work_actions.html", actions.my_work_section)
        register_glance_part("glance_actions", 40, "casework/actions/_glance_actions.html", actions.glance_part)
        register_team_section(60, "actions", "casework/actions/_team_actions.html", actions.team_section)

    def _register_supervision(self) -> None:
        """Supervision: its menu entry, My work's records to acknowledge, the manager's oversight
        on the child's record, the chronology rebuilder and the demo step."""
        from casework import demo_supervision, events_supervision  # noqa: F401  (register themselves)
        from casework.core import navigation
        from casework.core.record_parts import register_record_part
        from casework.my_work import register_section
        from casework.views import supervision

        def supervised(user) -> bool:
            from casework.core.models import Role

            return user.role in (Role.SOCIAL_WORKER, Role.TEAM_MANAGER)

        navigation.register(
            order=40,
            label="Supervision",
            url_name="casework:supervision_home",
            section="supervision",
            visible_to=supervised,
        )
        register_section(
            45,
            "supervision_to_acknowledge",
            "casework/supervision/_my_work_to_acknowledge.html",
            supervision.to_acknowledge_section,
        )
        # Below the episodes (110), beside the decisions (120).
        register_record_part(
            "oversight", 125, "casework/supervision/_record_oversight.html", supervision.oversight_part
        )

    def _register_chronology_pages(self) -> None:
        """The chronology's export kinds and its card on the child's record (pages and exports
        live here, in the case domain, because they apply the record's access rules)."""
        from casework import chronology_exports
        from casework.core.record_parts import register_record_part
        from casework.presenters.chronology import chronology_part

        chronology_exports.register()
        # In the child at a glance's main column (its cards order under 50).
        register_record_part("chronology", 30, "chronology/_record_chronology.html", chronology_part)

    def _register_case_pages(self) -> None:
        """Cases and episodes: My work's sections, the child's record parts, the demo step."""
        from casework import demo_cases  # noqa: F401  (registers the demo step)
        from casework.core.record_parts import register_record_part
        from casework.my_work import register_section
        from casework.presenters import caseload
        from casework.presenters.cases import record_decisions_part, record_episodes_part

        for order, name, context_fn in (
            # A manager's decisions first; a worker sees none of those, so their cases come first.
            (5, "teams", caseload.teams_section),
            (10, "closures_to_decide", caseload.closures_to_decide_section),
            (20, "transfers_to_decide", caseload.transfers_to_decide_section),
            (30, "unallocated", caseload.unallocated_section),
            (40, "allocated", caseload.allocated_section),
            (50, "closures_requested", caseload.closures_requested_section),
        ):
            register_section(order, name, f"casework/cases/_my_work_{name}.html", context_fn)
        # Below the child at a glance (whose cards order under 100: casework.presenters.glance).
        register_record_part("episodes", 110, "casework/cases/_record_episodes.html", record_episodes_part)
        register_record_part("decisions", 120, "casework/cases/_record_decisions.html", record_decisions_part)
        self._register_glance()

    def _register_glance(self) -> None:
        """Seeing the child: the child at a glance on their record, and the demo's visits."""
        from casework import demo_visits  # noqa: F401  (registers the demo step)
        from casework.presenters import glance

        glance.register()

    def _register_front_door(self) -> None:
        """The front door: its menu entry (front-door teams and team managers) and demo step."""
        from casework import demo  # noqa: F401  (registers the demo step)
        from casework.core import navigation

        def sees_front_door(user) -> bool:
            from casework.core.models import Role
            from casework.selectors import front_door_team_ids

            return user.role == Role.TEAM_MANAGER or bool(front_door_team_ids(user=user))

        navigation.register(
            order=20,
            label="Front door",
            url_name="casework:frontdoor_queue",
            section="front-door",
            visible_to=sees_front_door,
        )
