"""The newsroom dictionary: editors add a word with one click from a spelling finding; every piece
in that language accepts it from then on."""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from articles.models import DictionaryWord
from articles.review.dismissals import can_dismiss

# One word as the spelling check reads it: letters, inner apostrophes and hyphens.
WORD_RE = re.compile(r"[^\W\d_]+(?:['\u2019-][^\W\d_]+)*")
LANGUAGE_RE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})?")


def can_add_words(user) -> bool:
    """Editors, who may also dismiss warnings, decide what the whole newsroom accepts."""
    return can_dismiss(user)


def add_word(*, word: str, language: str, by) -> tuple[DictionaryWord, bool]:
    """The word in the newsroom dictionary for that language (created, or already there); raises
    PermissionDenied for non-editors and ValueError for something that is not one word."""
    if not can_add_words(by):
        raise PermissionDenied(_("Only editors can add words to the newsroom dictionary."))
    word = word.strip()
    language = (language or "en").strip().casefold()
    limit = DictionaryWord._meta.get_field("word").max_length
    if not WORD_RE.fullmatch(word) or len(word) > limit:
        raise ValueError(_("“%(word)s” is not one word of at most %(limit)s letters.") % {"word": word, "limit": limit})
    if not LANGUAGE_RE.fullmatch(language):
        raise ValueError(_("“%(language)s” is not a language code such as “en”.") % {"language": language})
    existing = DictionaryWord.objects.filter(word__iexact=word, language=language).first()
    if existing:
        return existing, False
    try:
        with transaction.atomic():
            return DictionaryWord.objects.create(word=word, language=language, added_by=by), True
    except IntegrityError:
        # Two editors clicked at once: the other one's row is the word.
        return DictionaryWord.objects.get(word__iexact=word, language=language), False
