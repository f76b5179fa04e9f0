"""Input of the organisations pages: invitations, members and regionale samenwerkingen."""

from itertools import groupby

from django import forms
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from kso_portal.access import Actor, grantable_nidos_scope, grantable_roles

from .constants import SAMENWERKING_MAXIMUM, SAMENWERKING_MINIMUM, OrganisationKind, Role
from .models import Gemeente, Organisation, RegionaleSamenwerking


class GrantForm(forms.Form):
    """A role (and for Nidos the regions or national scope) that the actor may grant.

    The list offers only what the actor may grant; a role posted outside it gets the service's
    explanation rather than a bare "invalid choice".
    """

    role = forms.ChoiceField(label=_("Rol"), choices=Role.choices)
    nidos_regions = forms.ModelMultipleChoiceField(
        label=_("Nidos-regio's"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("De regio's waarvan deze persoon de locaties en jongeren ziet."),
    )
    is_national = forms.BooleanField(label=_("Landelijk (alle regio's)"), required=False)

    def __init__(self, *args, actor: Actor, organisation: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        grantable = grantable_roles(actor, organisation)
        self.fields["role"].widget.choices = [
            (value, label) for value, label in Role.choices if value in grantable
        ]
        self.fields["role"].help_text = _(
            "Lezer: alleen inzien. Medewerker: inzien en wijzigen. Coördinator: ook leden beheren."
        )
        regions, may_national = grantable_nidos_scope(actor)
        if organisation.kind == OrganisationKind.NIDOS:
            self.fields["nidos_regions"].queryset = regions
            if not may_national:
                del self.fields["is_national"]
        else:
            del self.fields["nidos_regions"]
            del self.fields["is_national"]

    def grant(self) -> dict:
        data = self.cleaned_data
        return {
            "role": data["role"],
            "nidos_regions": list(data.get("nidos_regions") or []),
            "is_national": bool(data.get("is_national")),
        }


class InvitationForm(GrantForm):
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Het werkadres van de persoon; de uitnodiging is 7 dagen geldig."),
    )
    field_order = ["email", "role", "nidos_regions", "is_national"]


class MembershipForm(GrantForm):
    pass


class AcceptInvitationForm(forms.Form):
    password1 = forms.CharField(
        label=_("Kies een wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Ten minste 12 tekens; geen veelgebruikt wachtwoord en niet alleen cijfers."),
    )
    password2 = forms.CharField(
        label=_("Herhaal het wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("De twee wachtwoorden zijn niet gelijk."))
        elif first:
            from django.contrib.auth import get_user_model

            candidate = get_user_model()(username=self.email, email=self.email)
            try:
                password_validation.validate_password(first, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class SamenwerkingForm(forms.ModelForm):
    """Name, description and the gemeenten to invite (never a removal: see the services)."""

    gemeenten = forms.ModelMultipleChoiceField(
        label=_("Gemeenten uitnodigen"),
        queryset=Gemeente.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = RegionaleSamenwerking
        fields = ["name", "description"]
        help_texts = {"description": _("Bijvoorbeeld het doel of de afspraken (optioneel).")}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, invitable, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeenten"].queryset = invitable
        # Formatted here, in the language of the request.
        self.fields["gemeenten"].help_text = _(
            "Elke gekozen gemeente krijgt een uitnodiging en doet pas mee als een medewerker of "
            "coördinator van die gemeente haar accepteert. Maakt u de samenwerking namens uw "
            "gemeente, dan doet uw gemeente direct mee. Ten minste %(minimum)s en ten hoogste "
            "%(maximum)s gemeenten, deelnemers en openstaande uitnodigingen samen. Gemeenten "
            "staan per provincie."
        ) % {"minimum": SAMENWERKING_MINIMUM, "maximum": SAMENWERKING_MAXIMUM}

    def provinces(self) -> list[tuple[str, list[tuple[Gemeente, bool]]]]:
        """The gemeenten per province, each with whether it is chosen, for the checkbox groups."""
        chosen = {str(pk) for pk in (self["gemeenten"].value() or [])}
        gemeenten = self.fields["gemeenten"].queryset.order_by("province__name", "sort_name")
        return [
            (province, [(g, str(g.pk) in chosen) for g in group])
            for province, group in groupby(gemeenten, key=lambda g: g.province.name)
        ]
