"""The service shell: header, navigation, security headers, error pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_header_shows_the_service_the_user_and_their_role(client, allocated_worker):
    client.force_login(allocated_worker)
    body = client.get(reverse("casework:my_work")).content.decode()
    assert "Casework" in body
    assert "Sam Okafor" in body
    assert "Social worker, North" in body
    assert 'aria-current="true"' in body  # My work is the active section


def test_my_work_has_an_honest_empty_state(client, allocated_worker):
    client.force_login(allocated_worker)
    body = client.get(reverse("casework:my_work")).content.decode()
    assert "Nothing is allocated to you at present" in body


def test_content_security_policy_uses_a_nonce_for_the_only_inline_script(client):
    response = client.get(reverse("core:sign_in"))
    policy = response.headers["Content-Security-Policy"]
    nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
    assert "'unsafe-inline'" not in policy
    assert "style-src 'self'" in policy
    body = response.content.decode()
    inline_scripts = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", body)
    assert inline_scripts, "the GOV.UK js-enabled script should be present"
    assert all(f'nonce="{nonce}"' in attrs for attrs in inline_scripts)


def test_security_headers(client):
    response = client.get(reverse("core:sign_in"))
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_missing_page_uses_the_service_404_page(client, allocated_worker):
    client.force_login(allocated_worker)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Page not found" in body
    assert "govuk-template" in body


def test_missing_api_route_answers_json_404(api_as, allocated_worker):
    response = api_as(allocated_worker).get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_server_error_page_is_styled_and_needs_no_database(rf):
    from casework.core.views import server_error

    request = rf.get("/")
    response = server_error(request)
    assert response.status_code == 500
    assert "Sorry, there is a problem with the service" in response.content.decode()


def test_gov_uk_assets_are_linked_from_our_static_files(client):
    body = client.get(reverse("core:sign_in")).content.decode()
    assert "/static/dist/app.css" in body
    assert "/static/dist/app.mjs" in body
    # Every stylesheet, script and image comes from our own origin (no CDN). Only the attributes
    # are checked: a random CSRF token or nonce may well contain the letters "cdn".
    sources = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert sources and not [s for s in sources if s.startswith(("http:", "https:", "//"))]
