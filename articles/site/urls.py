"""The public site. Included last in newsroom.urls: its section and article patterns are catch-alls."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles.site import feeds
from articles.site import views as site
from articles.site.sitemaps import SITEMAPS

app_name = "site"

urlpatterns = [
    path("", site.front, name="front"),
    path("robots.txt", site.robots_txt, name="robots"),
    path("sitemap.xml", feeds.cached(sitemap), {"sitemaps": SITEMAPS}, name="sitemap"),
    path("feeds/rss/", feeds.cached(feeds.LatestRssFeed()), name="feed-rss"),
    path("feeds/atom/", feeds.cached(feeds.LatestAtomFeed()), name="feed-atom"),
    path("feeds/<slug:section>/rss/", feeds.cached(feeds.SectionRssFeed()), name="section-feed-rss"),
    path("feeds/<slug:section>/atom/", feeds.cached(feeds.SectionAtomFeed()), name="section-feed-atom"),
    path("authors/<slug:slug>/", site.author, name="author"),
    path("<slug:section>/", site.section, name="section"),
    path("<slug:section>/<slug:slug>/", site.article, name="article"),
]
