"""The newsroom's roles as Django groups: which permissions a Writer, an Editor and a Photographer hold."""

WRITER = "Writer"
EDITOR = "Editor"

WRITER_PERMISSIONS = [
    "view_section",
    "view_author",
    "add_article",
    "change_article",
    "view_article",
    "add_byline",
    "change_byline",
    "delete_byline",
    "view_byline",
    "add_image",
    "change_image",
    "view_image",
    "add_placement",
    "change_placement",
    "delete_placement",
    "view_placement",
    "add_reviewcomment",
    "view_reviewcomment",
    "view_workflowevent",
]

EDITOR_PERMISSIONS = [
    *WRITER_PERMISSIONS,
    "review_article",
    "publish_article",
    "add_section",
    "change_section",
    "add_author",
    "change_author",
    "view_publishedversion",
    "view_checksetting",
    "change_checksetting",
    "add_checksetting",
    "view_stylerule",
    "add_stylerule",
    "change_stylerule",
    "delete_stylerule",
    "add_checkdismissal",
    "view_checkdismissal",
    "view_editlock",
    "delete_editlock",
]

# Photographers take the pictures an assignment requests: they see the plan and work on pictures.
PHOTOGRAPHER = "Photographer"

PHOTOGRAPHER_PERMISSIONS = [
    "view_section",
    "view_article",
    "add_image",
    "change_image",
    "view_image",
]
