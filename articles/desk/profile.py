"""The desk user's own settings page: the language of the desk and of their mails, and which notices mail them."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from articles.models import DeskProfile, Notice


class DeskProfileForm(forms.ModelForm):
    class Meta:
        model = DeskProfile
        fields = ["language"]
        widgets = {"language": forms.RadioSelect}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The blank choice reads as what it does, not as "---------".
        self.fields["language"].choices = [("", _("As my browser says")), *self.fields["language"].choices[1:]]
        # One choice per kind of notice: a mail at once, a daily digest, or none (the bell shows them all).
        for kind, label in Notice.Kind.choices:
            self.fields[f"mail_{kind}"] = forms.ChoiceField(
                label=_("Mail for “%(kind)s”") % {"kind": label},
                choices=DeskProfile.MAIL_CHOICES,
                initial=self.instance.mail_for(kind),
                required=False,  # left out of a post: kept as it was
            )

    def save(self, commit: bool = True) -> DeskProfile:
        self.instance.mail = {
            kind: self.cleaned_data.get(f"mail_{kind}") or self.instance.mail_for(kind) for kind in Notice.Kind.values
        }
        return super().save(commit=commit)


@login_required
@require_http_methods(["GET", "POST"])
def desk_profile(request: HttpRequest) -> HttpResponse:
    """Show and change the signed-in user's settings; only ever their own."""
    profile = DeskProfile.objects.filter(user=request.user).first() or DeskProfile(user=request.user)
    form = DeskProfileForm(request.POST or None, instance=profile)
    if request.method == "POST":
        if form.is_valid():
            profile = form.save()
            # Confirm in the language just chosen, so the user sees the switch worked.
            translation.activate(profile.language or request.LANGUAGE_CODE)
            messages.success(request, _("Your settings have been saved."))
            return redirect("desk:profile")
        messages.error(request, _("Nothing was saved: please correct the marked fields."))
    return render(request, "desk/profile.html", {"form": form})
