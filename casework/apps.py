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

        def allocated_worker(user) -> Q:
            """The allocated worker may open a restricted record of a child on their case."""
            from casework.models import Episode, EpisodeStatus

            return Q(
                id__in=Episode.objects.filter(case__allocated_worker=user)
                .exclude(status=EpisodeStatus.CLOSED)
                .values("child_id")
            )

        access.register_restricted_viewer("allocated_worker", allocated_worker)
