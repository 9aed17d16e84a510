"""Send each person who asked for it one mail with the day's notices of the kinds they chose as a digest.

Run once a day from cron (or a systemd timer), e.g. `30 7 * * * manage.py send_digests`. The mails go
through the outbox like every other: a mail server outage delays them, never loses them. A notice is
put in one digest only (`Notice.digested_at`, set in the same transaction as the mail is written).
"""

from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from articles.i18n.languages import recipient_language
from articles.models import DeskProfile, Notice, OutboxMessage
from articles.workflow import notifications


class Command(BaseCommand):
    help = _("Mail each person who chose a daily digest the notices it holds (run once a day).")

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--dry-run", action="store_true", help=_("Only say who would get a digest and of how many notices.")
        )

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        now = timezone.now()
        sent = 0
        profiles = DeskProfile.objects.exclude(mail={}).select_related("user")
        for profile in profiles.iterator(chunk_size=500):
            kinds = [kind for kind in Notice.Kind.values if profile.mail_for(kind) == "digest"]
            user = profile.user
            if not kinds or not user.is_active or not user.email:
                continue
            with transaction.atomic():
                waiting = list(
                    Notice.objects.select_for_update()
                    .filter(recipient=user, kind__in=kinds, digested_at__isnull=True, created_at__lte=now)
                    .order_by("created_at", "pk")
                )
                if not waiting:
                    continue
                if dry_run:
                    self.stdout.write(
                        _("would mail %(user)s a digest of %(count)d notice(s)")
                        % {"user": user.get_username(), "count": len(waiting)}
                    )
                    continue
                language = recipient_language(user)
                with translation.override(language):
                    context = {
                        "recipient": user.get_full_name() or user.get_username(),
                        "notices": waiting,
                        "site_url": settings.SITE_URL,
                    }
                    subject = " ".join(render_to_string("emails/digest_subject.txt", context).split())
                    body = render_to_string("emails/digest.txt", context)
                notifications.store(
                    [
                        OutboxMessage(
                            message_id=notifications.message_id("digest"),
                            kind="digest",
                            recipient=user.email,
                            subject=subject,
                            body=body,
                            language=language,
                        )
                    ]
                )
                Notice.objects.filter(pk__in=[notice.pk for notice in waiting]).update(digested_at=now)
            sent += 1
        self.stdout.write(_("%(count)d digest(s) written to the outbox.") % {"count": sent})
