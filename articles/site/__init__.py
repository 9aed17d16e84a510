"""The public site: selectors over live versions, pages, feeds, sitemaps and their URLs.

It reads only published versions through `PublishedVersion.objects.public()`; nothing imports it.
"""
