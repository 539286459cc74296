"""Pages behind the child at a glance: the worker's current summary (namespace `casework`)."""

urlpatterns: list = []
