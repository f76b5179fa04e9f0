"""Writes of youths and placements: placing, moving and ending, the keuzegesprek, and confirming
a location's occupancy. Occupancy itself is never typed in: it follows from the placements."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from kso_portal.access import GEMEENTE, Actor, audience
from kso_portal.once import once_claim
from locations.constants import Stage
from locations.models import Location
from notifications.services import notify
from vervolghuisvesting.constants import Choice, Destination, PlacementTransferState
from vervolghuisvesting.models import OccupancyConfirmation, Placement, PlacementTransfer, Youth
from vervolghuisvesting.rules import AgeCheck, age_on, new_pseudonym, placement_age_check
from vervolghuisvesting.selectors import peak_occupied, responsible_gemeente

PSEUDONYM_ATTEMPTS = 20


def _not_in_future(day: date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("Deze datum ligt in de toekomst.")})


def youth_create(
    *, birth_on: date, nidos_dossier_number: str = "", expected_family_size: int | None = None
) -> Youth:
    """A new youth with a fresh pseudonym (tried again in the rare case it is taken)."""
    for _attempt in range(PSEUDONYM_ATTEMPTS):
        youth = Youth(
            pseudonym=new_pseudonym(),
            birth_on=birth_on,
            nidos_dossier_number=nidos_dossier_number.strip(),
            expected_family_size=expected_family_size,
        )
        youth.full_clean(exclude=["pseudonym"])
        try:
            with transaction.atomic():
                youth.save()
        except IntegrityError:
            continue
        return youth
    raise RuntimeError("no free pseudonym found")


def _check_location(actor: Actor, location: Location, started_on: date) -> None:
    if location.stage != Stage.IN_GEBRUIK:
        raise ValidationError(
            {"location": _("Alleen een locatie die in gebruik is, neemt jongeren op.")}
        )
    if location.contractpartner_id != actor.organisation.pk:
        raise ValidationError(
            {"location": _("Alleen de contractpartner van deze locatie plaatst jongeren.")}
        )
    if location.opening_on and started_on < location.opening_on:
        raise ValidationError(
            {"started_on": _("De locatie is pas geopend op %(on)s.")
             % {"on": location.opening_on.strftime("%d-%m-%Y")}}
        )  # fmt: skip


def _check_age(youth: Youth, started_on: date, age_reason: str, *, is_move: bool) -> None:
    check = placement_age_check(youth.birth_on, started_on)
    age = age_on(youth.birth_on, started_on)
    if check == AgeCheck.REFUSED:
        raise ValidationError(
            {"birth_on": _("Een jongere van %(age)d jaar kan niet in KSO worden geplaatst "
                           "(alleen van 12 tot 21 jaar).") % {"age": age}}
        )  # fmt: skip
    # A move keeps a youth who is already in KSO (for instance in Verlengde Opvang) in KSO.
    if check == AgeCheck.CONFIRM and not is_move and not age_reason.strip():
        raise ValidationError(
            {"age_reason": _("De jongere is %(age)d jaar op de plaatsingsdatum; KSO is voor "
                             "15 tot 18 jaar. Geef een reden om toch te plaatsen.") % {"age": age}}
        )  # fmt: skip


def _check_capacity(location: Location, started_on: date, reason: str) -> None:
    """Full on any day the new placement covers, from its start until today, needs a reason
    (a placement dated back into a full week made 5 of 4 without one: issue 25)."""
    today = timezone.localdate()
    occupied, on = peak_occupied(location=location, since=started_on, until=max(started_on, today))
    if occupied >= location.capacity and not reason.strip():
        raise ValidationError(
            {"overbezetting_reason": _("De locatie is vol op %(on)s (%(occupied)d van "
                                       "%(capacity)d plaatsen). Geef een reden voor "
                                       "overbezetting om toch te plaatsen.")
             % {"on": on.strftime("%d-%m-%Y"), "occupied": occupied,
                "capacity": location.capacity}}
        )  # fmt: skip


def _create_placement(actor: Actor, youth: Youth, location: Location, started_on, **reasons):
    placement = Placement(
        youth=youth,
        location=location,
        started_on=started_on,
        created_by=actor.user,
        organisation=actor.organisation,
        **reasons,
    )
    placement.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            placement.save()
    except IntegrityError:
        # The one-active-placement constraint: someone placed this youth at the same moment.
        raise ValidationError(
            {"youth": _("Deze jongere heeft al een lopende plaatsing.")}
        ) from None
    return placement


@transaction.atomic
def placement_start(
    *,
    actor: Actor,
    location: Location,
    started_on: date,
    youth: Youth | None = None,
    birth_on: date | None = None,
    nidos_dossier_number: str = "",
    expected_family_size: int | None = None,
    overbezetting_reason: str = "",
    age_reason: str = "",
    once: str = "",
) -> Placement:
    """Place an existing youth, or a new one (`birth_on`), in a location that is in use; once
    per form (a double click made two youths: kso_portal/once.py).

    Refused: another organisation's location, a location not in use, a date in the future or
    before the opening, an age under 12 or from 21, a youth already placed elsewhere. Asks for a
    reason: a full location (overbezetting) and an age outside 15-18. The location row is locked
    so that two placements at once count each other.
    """
    claim = once_claim(token=once, user=actor.user)
    location = Location.objects.select_for_update().get(pk=location.pk)
    _not_in_future(started_on, "started_on")
    _check_location(actor, location, started_on)
    if youth is None:
        if birth_on is None:
            raise ValidationError({"birth_on": _("Vul de geboortedatum in.")})
        youth = Youth(birth_on=birth_on)
    elif youth.placements.filter(ended_on__isnull=True).exists():
        raise ValidationError(
            {"youth": _("%(youth)s woont nog op een andere locatie; gebruik verhuizen.")
             % {"youth": youth}}
        )  # fmt: skip
    _check_age(youth, started_on, age_reason, is_move=False)
    _check_capacity(location, started_on, overbezetting_reason)
    if youth.pk is None:
        youth = youth_create(
            birth_on=birth_on,
            nidos_dossier_number=nidos_dossier_number,
            expected_family_size=expected_family_size,
        )
    placement = _create_placement(
        actor,
        youth,
        location,
        started_on,
        overbezetting_reason=overbezetting_reason.strip(),
        age_reason=age_reason.strip(),
    )
    claim.made(reverse("location_detail", kwargs={"pk": location.pk}))
    return placement


def _end(placement: Placement, ended_on: date, destination: str) -> Placement:
    if placement.ended_on is not None:
        raise ValidationError(_("Deze plaatsing is al beëindigd."))
    if ended_on < placement.started_on:
        raise ValidationError({"ended_on": _("Het vertrek ligt voor de plaatsingsdatum.")})
    if destination not in Destination.values:
        raise ValidationError({"destination": _("Kies een bestemming.")})
    _not_in_future(ended_on, "ended_on")
    placement.ended_on, placement.destination = ended_on, destination
    placement.save(update_fields=["ended_on", "destination", "updated_at"])
    return placement


def _close_open_transfers(placement: Placement) -> None:
    """A proposal to move the youth from a placement that ended otherwise has lapsed."""
    PlacementTransfer.objects.filter(
        from_placement=placement, state=PlacementTransferState.VOORGESTELD
    ).update(
        state=PlacementTransferState.INGETROKKEN,
        reason=_("Vervallen: de plaatsing is beëindigd."),
        decided_at=timezone.now(),
    )


@transaction.atomic
def placement_end(
    *, actor: Actor, placement: Placement, ended_on: date, destination: str
) -> Placement:
    """The youth left the location on `ended_on`, towards `destination`; a proposal to move
    them from it lapses."""
    placement = Placement.objects.select_for_update().get(pk=placement.pk)
    placement = _end(placement, ended_on, destination)
    _close_open_transfers(placement)
    return placement


@transaction.atomic
def placement_move(
    *,
    actor: Actor,
    placement: Placement,
    location: Location,
    moved_on: date,
    overbezetting_reason: str = "",
) -> Placement:
    """Move a youth to another of the contractpartner's locations in one step: the current
    placement ends towards another KSO location and the new one starts the same day."""
    placement = Placement.objects.select_for_update().select_related("youth").get(pk=placement.pk)
    if location.pk == placement.location_id:
        raise ValidationError({"location": _("Kies een andere locatie dan de huidige.")})
    target = Location.objects.select_for_update().get(pk=location.pk)
    _check_location(actor, target, moved_on)
    _check_age(placement.youth, moved_on, "", is_move=True)
    _end(placement, moved_on, Destination.ANDERE_KSO)
    _close_open_transfers(placement)
    _check_capacity(target, moved_on, overbezetting_reason)
    return _create_placement(
        actor,
        placement.youth,
        target,
        moved_on,
        overbezetting_reason=overbezetting_reason.strip(),
    )


@transaction.atomic
def conversation_record(*, actor: Actor, youth: Youth, conversation_on: date, choice: str) -> Youth:
    """The keuzegesprek: its date and the youth's choice (or "nog niet bekend"). The responsible
    gemeente hears of it, to prepare the outflow (the draaiboek); an earlier choice stays in the
    youth's history (`selectors.choice_history`)."""
    _not_in_future(conversation_on, "conversation_on")
    if choice not in Choice.values:
        raise ValidationError(
            {"choice": _("Kies zelfstandig wonen, Verlengde Opvang of nog niet bekend.")}
        )
    youth = Youth.objects.select_for_update().get(pk=youth.pk)
    youth.conversation_on, youth.choice = conversation_on, choice
    youth.save(update_fields=["conversation_on", "choice", "updated_at"])
    _tell_gemeente(actor, youth)
    return youth


def _tell_gemeente(actor: Actor, youth: Youth) -> None:
    """The month of the conversation, not its day: a gemeente sees no day that leads to a date
    of birth (DESIGN.md §2)."""
    gemeente = responsible_gemeente(youth=youth)
    members = (
        audience(youth)
        .filter(organisation__kind=GEMEENTE, organisation__gemeente=gemeente)
        .exclude(organisation=actor.organisation)
    )
    choice = Choice(youth.choice).label
    notify(
        recipients={member.user for member in members.select_related("user")},
        kind="youth",
        title=_("Keuze van %(youth)s: %(choice)s") % {"youth": youth, "choice": choice},
        body=_("Het keuzegesprek van %(youth)s is gevoerd in %(month)s; de keuze is %(choice)s. "
               "Bereid de uitstroom voor zoals het draaiboek beschrijft.")
        % {"youth": youth, "month": dateformat.format(youth.conversation_on, "F Y"),
           "choice": choice},
        url=reverse("youth_detail", kwargs={"pseudonym": youth.pseudonym}),
    )  # fmt: skip


@transaction.atomic
def occupancy_confirm(*, actor: Actor, location: Location, once: str = "") -> OccupancyConfirmation:
    """The contractpartner confirms that the location's list of youths is right today; once
    per click of the button."""
    claim = once_claim(token=once, user=actor.user)
    if location.contractpartner_id != actor.organisation.pk:
        raise ValidationError(
            _("Alleen de contractpartner van deze locatie bevestigt de bezetting.")
        )
    confirmation = OccupancyConfirmation.objects.create(
        location=location, confirmed_by=actor.user, organisation=actor.organisation
    )
    claim.made(reverse("location_detail", kwargs={"pk": location.pk}))
    return confirmation
