"""The operators' admin pages for disclosure render, with states read-only."""

from __future__ import annotations


def test_admin_pages_render(client, world, submit, make_user):
    report = submit().report
    staff = make_user(email="ops@example.org", is_staff=True, is_superuser=True)
    client.force_login(staff)
    for url in ("/admin/disclosure/report/", f"/admin/disclosure/report/{report.pk}/change/",
                f"/admin/disclosure/case/{report.case.pk}/change/", "/admin/disclosure/advisory/",
                f"/admin/disclosure/advisory/{report.advisory.pk}/change/", "/admin/disclosure/webhook/add/"):
        assert client.get(url).status_code == 200, url
