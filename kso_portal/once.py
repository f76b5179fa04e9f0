"""Forms that create something are submitted once: a double click, a Back and submit again, or
two tabs make one row, not two (issue 25: two youths with one birth date and dossier number).

The form carries a random token in a hidden field (`OnceField`, rendered by `includes/once.html`
through the form itself). The service that creates the row claims the token inside its own
transaction (`once_claim`): the first claim inserts it; a second one, even at the same moment,
meets the unique index, waits for the first transaction, and raises `AlreadySubmitted` with the
page of what the first one made, which the view shows with a message. A form submitted without a
token (a script, an old page) is not checked.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone

FIELD_NAME = "once"
TOKEN_LENGTH = 43  # secrets.token_urlsafe(32)
# A form left open longer than this before it is submitted is not checked against its twin.
KEPT_FOR = timedelta(days=2)


def new_token() -> str:
    return secrets.token_urlsafe(32)


class OnceField(forms.CharField):
    """The hidden one-time token of a form that creates something."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.HiddenInput)
        kwargs.setdefault("max_length", TOKEN_LENGTH)
        kwargs.setdefault("label", "")
        super().__init__(**kwargs)


def add_once_field(form) -> None:
    """Give `form` the one-time token (see the module); `form.cleaned_data["once"]` goes to
    the service as `once`."""
    form.fields[FIELD_NAME] = OnceField()
    form.initial.setdefault(FIELD_NAME, new_token())


class OnceForm(forms.Form):
    """A plain form that creates something, with the one-time token."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_once_field(self)


class AlreadySubmitted(Exception):
    """This form was submitted before; `url` is the page of what it made."""

    def __init__(self, url: str):
        super().__init__(url)
        self.url = url


@dataclass
class Claim:
    token: str

    def made(self, url: str) -> None:
        """Record the page of what the submission made, for a second submission to show."""
        from .models import SubmissionToken

        if self.token:
            SubmissionToken.objects.filter(token=self.token).update(result_url=url)


def once_claim(*, token: str, user) -> Claim:
    """Claim a form's token inside the service's transaction; raises AlreadySubmitted when it
    was claimed before (by a committed transaction, or one that commits while this waits)."""
    from .models import SubmissionToken

    if not token:
        return Claim(token="")
    try:
        with transaction.atomic():
            SubmissionToken.objects.create(token=token, user=user)
    except IntegrityError:
        earlier = SubmissionToken.objects.filter(token=token).first()
        raise AlreadySubmitted(earlier.result_url if earlier else "") from None
    return Claim(token=token)


def once_tokens_forget() -> int:
    """Remove tokens older than KEPT_FOR (nightly)."""
    from .models import SubmissionToken

    deleted, _ = SubmissionToken.objects.filter(created_at__lt=timezone.now() - KEPT_FOR).delete()
    return deleted


def already_submitted(request, error: AlreadySubmitted, fallback: str):
    """The answer to a second submission: what the first one made, with a message."""
    from django.contrib import messages
    from django.shortcuts import redirect
    from django.utils.translation import gettext as _

    from notifications.models import is_portal_path

    messages.info(request, _("Dit formulier was al verstuurd; u ziet wat het heeft gemaakt."))
    return redirect(error.url if is_portal_path(error.url) else fallback)
