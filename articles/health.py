"""Health checks for load balancers and uptime monitors: counts and states only, no headline, no content.

`/health/publishing/`: is scheduled publishing running? 200 when healthy, 503 when a piece is overdue,
mails are stuck or no run finished lately (the same rule as `publish_scheduled --check`,
articles/workflow/scheduling.py).

`/health/cache/`: does the shared cache (`CACHE_URL`) keep what it is given? 503 while it cannot be
reached — the site carries on without it, slower (newsroom/cache.py), so this is for monitors, not for
taking hosts out of a load balancer (they all share the one Redis).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.workflow import scheduling
from newsroom.cache import reachable


@never_cache
@require_safe
def publishing(request: HttpRequest) -> JsonResponse:
    report = scheduling.health()
    return JsonResponse(report.as_json(), status=200 if report.healthy else 503)


@never_cache
@require_safe
def cache(request: HttpRequest) -> JsonResponse:
    if not settings.CACHE_URL:
        return JsonResponse({"status": "ok", "cache": "local"})  # each process's own memory: nothing to reach
    if reachable():
        return JsonResponse({"status": "ok", "cache": "shared"})
    return JsonResponse({"status": "failing", "cache": "unreachable"}, status=503)
