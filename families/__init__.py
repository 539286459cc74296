"""People, families, relationships, professionals and community connections."""
