"""View models for the case domain's pages: what each page shows, already decided who may see
and do what (restricted children, narrative text, the actions a role may take)."""
