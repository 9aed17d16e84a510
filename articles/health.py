"""`/health/publishing/`: is scheduled publishing running? For load balancers and uptime monitors.

Counts and the last run only — no headline, no content, nothing a stranger could learn the news
from; 200 when healthy, 503 when a piece is overdue, mails are stuck or no run finished lately
(the same rule as `publish_scheduled --check`, articles/workflow/scheduling.py).
"""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from articles.workflow import scheduling


@never_cache
@require_safe
def publishing(request: HttpRequest) -> JsonResponse:
    report = scheduling.health()
    return JsonResponse(report.as_json(), status=200 if report.healthy else 503)
