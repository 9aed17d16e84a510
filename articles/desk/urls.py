"""The editors' desk under /desk/: overview pages and the editing pages, one namespace."""

from django.urls import include, path

from articles.desk import board, planning, profile

app_name = "desk"

urlpatterns = [
    path("", include("articles.desk.urls_overview")),
    path("", include("articles.desk.urls_editing")),
    path("profile/", profile.desk_profile, name="profile"),
    path("planning/", planning.budget, name="planning-budget"),
    path("planning/reorder/", planning.budget_reorder, name="planning-reorder"),
    path("planning/new/", planning.assignment_edit, name="assignment-create"),
    path("planning/<int:pk>/", planning.assignment_edit, name="assignment-edit"),
    path("planning/<int:pk>/drop/", planning.assignment_drop, name="assignment-drop"),
    path("planning/<int:pk>/start/", planning.assignment_start, name="assignment-start"),
    path("board/", board.board, name="board"),
    path("board/<int:pk>/move/", board.board_move, name="board-move"),
]
