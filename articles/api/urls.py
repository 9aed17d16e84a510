"""`/api/v1/`: the partners' read API and its OpenAPI schema."""

from django.urls import path
from drf_spectacular.views import SpectacularAPIView

from articles.api import views

app_name = "api"

urlpatterns = [
    path("articles/", views.ArticleList.as_view(), name="article-list"),
    path("articles/<int:pk>/", views.ArticleDetail.as_view(), name="article-detail"),
    path("articles/<int:pk>/ninjs", views.ArticleNinjs.as_view(), name="article-ninjs"),
    path("sections/", views.SectionList.as_view(), name="section-list"),
    path("authors/", views.AuthorList.as_view(), name="author-list"),
    # The schema is public (it describes, it shows no content) so partners can generate clients before a token.
    path(
        "schema/",
        SpectacularAPIView.as_view(authentication_classes=[], permission_classes=[], throttle_classes=[]),
        name="schema",
    ),
]
