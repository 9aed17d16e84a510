"""Languages: the translation catalogues, each desk user's language and the public site's language.

The catalogues (`locale/<lang>/LC_MESSAGES/django.po`) are compiled with polib, so neither
`make install` nor the tests need the system's gettext tools; only re-extracting strings
(`make messages`) uses xgettext through Django's `makemessages`.
"""
