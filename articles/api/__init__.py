"""The partners' read API (`/api/v1/`): published content only, token per partner.

Built on Django REST Framework: its token-style authentication hook, scoped throttling,
cursor pagination and django-filter integration cover what partners need, and
drf-spectacular derives the OpenAPI schema from the same views. Every query starts
from `PublishedVersion.objects.live()`, the rule the public site also uses; partners
see embargoed pieces early (marked `embargoed_until` / ninjs `embargoedUntil`).
"""
