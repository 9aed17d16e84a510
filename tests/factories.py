"""factory_boy factories for the newsroom's models."""

import datetime

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from articles import models
from articles.roles import EDITOR, WRITER

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@newsroom.test")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(PASSWORD)


class WriterFactory(UserFactory):
    username = factory.Sequence(lambda n: f"writer{n}")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=WRITER))
            models.Author.objects.get_or_create(
                user=user,
                defaults={
                    "name": user.get_full_name() or user.username,
                    "slug": user.username,
                    "sign_off": user.username[:1] + str(user.pk),
                },
            )


class EditorFactory(UserFactory):
    username = factory.Sequence(lambda n: f"editor{n}")

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create:
            user.groups.add(Group.objects.get(name=EDITOR))


class DeskFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Desk
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Desk {n}")
    slug = factory.Sequence(lambda n: f"desk-{n}")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Section
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Section {n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Author

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"author-{n}")
    sign_off = factory.Sequence(lambda n: f"au{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft with every field a publication needs; bylines via `authors=[...]`."""

    class Meta:
        model = models.Article
        skip_postgeneration_save = True

    kicker = "Budget"
    headline = factory.Sequence(lambda n: f"Council agrees on the harbour budget, part {n}")
    teaser = "After a long night of talks the council has agreed on how to pay for the new harbour wall."
    dateline = "Hamburg"
    body = (
        "The council met until after midnight. Both groups gave ground on the costs.\n\n"
        "## What happens next\n\n"
        "Work on the wall starts in spring and should take two years."
    )
    date = datetime.date(2026, 11, 20)
    section = factory.SubFactory(SectionFactory)
    slug = factory.Sequence(lambda n: f"harbour-budget-{n}")

    @factory.post_generation
    def authors(article, create, extracted, **kwargs):
        if not create:
            return
        for position, author in enumerate(extracted if extracted is not None else [AuthorFactory()]):
            models.Byline.objects.create(article=article, author=author, position=position)


class ImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Image

    alt_text = "Workers on a harbour wall at low tide"
    caption = "The old harbour wall at low tide."
    creator = "Jana Beispiel"
    organisation = ""
    agencies = "Newsroom Photo"


class PlacementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = models.Placement

    article = factory.SubFactory(ArticleFactory)
    image = factory.SubFactory(ImageFactory)
    role = models.Placement.Role.LEAD


class AssignmentFactory(factory.django.DjangoModelFactory):
    """A planned piece due later today; writers via `assignees=[...]`."""

    class Meta:
        model = models.Assignment
        skip_postgeneration_save = True

    headline = factory.Sequence(lambda n: f"Planned piece {n}")
    section = factory.SubFactory(SectionFactory)
    planned_words = 400
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(hours=6))

    @factory.post_generation
    def assignees(assignment, create, extracted, **kwargs):
        if create and extracted:
            assignment.assignees.set(extracted)
