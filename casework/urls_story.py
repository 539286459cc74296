"""Pages for the child's story, documents and the access log (namespace `casework`)."""

urlpatterns: list = []
