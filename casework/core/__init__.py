"""The core of Casework: people who use it, teams, access, and the shared services.

Imports no other app of the project (PERMISSIONS.md, "Where it lives").
"""
