"""The public site. Included last in newsroom.urls: its section and article patterns are catch-alls."""

from django.contrib.sitemaps.views import sitemap
from django.urls import path

from articles.site import feeds
from articles.site import views as site
from articles.site.news_sitemap import NewsSitemap, news_sitemap
from articles.site.sitemaps import SITEMAPS, sitemap_index

app_name = "site"

# Readers' pages first: the article page is the hottest address, and resolving tries the patterns in
# order. Only `feeds/rss/`, `feeds/atom/` and `authors/<slug>/` have the article's shape (two
# segments), so they stay in front of it; the rest cannot be mistaken for an article or a section.
urlpatterns = [
    path("", site.front, name="front"),
    path("feeds/rss/", feeds.cached(feeds.LatestRssFeed()), name="feed-rss"),
    path("feeds/atom/", feeds.cached(feeds.LatestAtomFeed()), name="feed-atom"),
    path("authors/<slug:slug>/", site.author, name="author"),
    path("<slug:section>/<slug:slug>/", site.article, name="article"),
    path("<slug:section>/", site.section, name="section"),
    path("robots.txt", site.robots_txt, name="robots"),
    # /sitemap.xml is an index of the sitemaps below; the news sitemap is matched before the others.
    path(
        "sitemap.xml",
        feeds.cached(sitemap_index),
        {"sitemaps": {**SITEMAPS, "news": NewsSitemap}},
        name="sitemap",
    ),
    path("sitemap-news.xml", feeds.cached(news_sitemap), name="sitemap-news"),
    path("sitemap-<slug:section>.xml", feeds.cached(sitemap), {"sitemaps": SITEMAPS}, name="sitemap-section"),
    path("favicon.ico", site.favicon, name="favicon"),
    path("feeds/<slug:section>/rss/", feeds.cached(feeds.SectionRssFeed()), name="section-feed-rss"),
    path("feeds/<slug:section>/atom/", feeds.cached(feeds.SectionAtomFeed()), name="section-feed-atom"),
]
