"""The pure core: text, project and repositories in; findings and answers out."""
