"""The organisations and accounts of the national data set: a gemeente organisation for every
gemeente, Nidos with an accountmanager per region, contractpartners and woningcorporaties per
region, the beheerder, and a regionale samenwerking in every province.

They are made only when missing and kept by `--reset`: the access log (append-only) points to the
accounts that signed in, and a second data set can use the same sign-ins.
"""

import math
from dataclasses import dataclass
from functools import cached_property

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from organisations.constants import OrganisationKind, Role
from organisations.models import (
    Gemeente,
    Membership,
    NidosRegion,
    Organisation,
    RegionaleSamenwerking,
    RegionaleSamenwerkingMember,
)

from .base import EMAIL_DOMAIN, Seeder
from .tables import CORPORATION_FORMS, CORPORATION_WORDS, PARTNER_FORMS, PARTNER_WORDS

BEHEER_NAME = "Functioneel beheer KSO-portaal"
# Members of each province's samenwerking: its largest gemeente and its nearest neighbours.
SAMENWERKING_SIZE = 6


@dataclass(frozen=True)
class Place:
    """A gemeente as the seeding needs it."""

    id: int
    code: str
    name: str
    inhabitants: int
    province_id: int
    region: str
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Party:
    """An organisation and the account that acts for it in the data set."""

    organisation: Organisation
    user: object


@dataclass
class Accounts:
    places: list[Place]
    gemeenten: dict[int, Party]  # by gemeente id
    nidos: Party  # national
    accountmanagers: dict[str, Party]  # by Nidos region code
    contractpartners: dict[str, list[Party]]  # by region, the largest first
    corporations: dict[str, list[Party]]  # by region
    beheer: Party
    partners: dict[int, list[int]]  # gemeente id -> gemeenten of its samenwerkingen

    @cached_property
    def region_of(self) -> dict[int, str]:
        return {place.id: place.region for place in self.places}

    @property
    def largest(self) -> Place:
        return max(self.places, key=lambda place: (place.inhabitants, place.code))

    @property
    def benchmark_partner(self) -> Party:
        """The largest contractpartner of the largest gemeente's region."""
        return self.contractpartners[self.largest.region][0]

    @property
    def benchmark(self) -> dict[str, object]:
        """The three sign-ins of the benchmark (README: "Data at national scale")."""
        return {
            "gemeente": self.gemeenten[self.largest.id].user,
            "nidos": self.nidos.user,
            "contractpartner": self.benchmark_partner.user,
        }


def email(local: str) -> str:
    return f"{local}@{EMAIL_DOMAIN}"


def places_load() -> list[Place]:
    regions = dict(NidosRegion.objects.values_list("provinces", "code"))
    rows = Gemeente.objects.filter(valid_until=None).order_by("code")
    return [
        Place(g.id, g.code, g.name, g.inhabitants, g.province_id, regions[g.province_id],
              float(g.latitude or 0), float(g.longitude or 0))
        for g in rows
    ]  # fmt: skip


def _names(forms: tuple[str, ...], words: tuple[str, ...], count: int) -> list[str]:
    names = []
    for number in range(count):
        round_, word = divmod(number, len(words))
        suffix = f" {round_ + 1}" if round_ else ""
        names.append(f"{forms[number % len(forms)]} {words[word]}{suffix}")
    return names


def _regions_for(count: int, first: str, regions: list[str]) -> list[str]:
    """Round-robin over the regions, starting with `first` (where the benchmark's party works)."""
    order = [first, *[code for code in regions if code != first]]
    return [order[number % len(order)] for number in range(count)]


def _gemeente_organisations(places: list[Place]) -> dict[int, Organisation]:
    existing = {o.gemeente_id: o for o in Organisation.objects.filter(gemeente__isnull=False)}
    missing = [
        Organisation(name=f"Gemeente {p.name}", kind=OrganisationKind.GEMEENTE, gemeente_id=p.id)
        for p in places
        if p.id not in existing
    ]
    for organisation in Organisation.objects.bulk_create(missing):
        existing[organisation.gemeente_id] = organisation
    return existing


def _named_organisations(wanted: list[tuple[str, str]]) -> dict[str, Organisation]:
    """Organisations by name, made when missing (a demo's Nidos or beheer is used as it is)."""
    existing = {(o.name, o.kind): o for o in Organisation.objects.filter(gemeente__isnull=True)}
    missing = [Organisation(name=n, kind=k) for n, k in wanted if (n, k) not in existing]
    for organisation in Organisation.objects.bulk_create(missing):
        existing[organisation.name, organisation.kind] = organisation
    return {name: existing[name, kind] for name, kind in wanted}


@dataclass(frozen=True)
class AccountSpec:
    email: str
    organisation: Organisation
    role: str = Role.MEDEWERKER
    regions: tuple[str, ...] = ()
    is_national: bool = False
    is_beheerder: bool = False


def _users(specs: list[AccountSpec], password: str) -> dict[str, object]:
    """The accounts by e-mail, made when missing; every one gets the password of this run (one
    hash for all: hashing is slow on purpose)."""
    users = get_user_model().objects
    hashed = make_password(password)
    existing = {u.email: u for u in users.filter(email__in=[s.email for s in specs])}
    missing = [
        get_user_model()(username=s.email, email=s.email, password=hashed,
                         is_staff=s.is_beheerder, is_superuser=s.is_beheerder)
        for s in specs
        if s.email not in existing
    ]  # fmt: skip
    for user in users.bulk_create(missing):
        existing[user.email] = user
    users.filter(email__in=list(existing)).update(password=hashed)
    return existing


def _memberships(specs: list[AccountSpec], users: dict[str, object]) -> None:
    existing = set(Membership.objects.values_list("user_id", "organisation_id"))
    new = [s for s in specs if (users[s.email].pk, s.organisation.pk) not in existing]
    memberships = Membership.objects.bulk_create(
        Membership(user=users[s.email], organisation=s.organisation, role=s.role,
                   is_national=s.is_national)
        for s in new
    )  # fmt: skip
    regions = dict(NidosRegion.objects.values_list("code", "pk"))
    through = Membership.nidos_regions.through
    through.objects.bulk_create(
        through(membership_id=m.pk, nidosregion_id=regions[code])
        for m, s in zip(memberships, new, strict=True)
        for code in s.regions
    )


def _wanted_others(seeder: Seeder, first: str, regions: list[str]) -> dict[str, list]:
    """(name, region) of the contractpartners and the woningcorporaties; more of them with
    more locations, and the first (the benchmark's) in the largest gemeente's region."""
    locations = seeder.options.locations
    partners = _names(PARTNER_FORMS, PARTNER_WORDS, max(3, locations // 60))
    corporations = _names(CORPORATION_FORMS, CORPORATION_WORDS, max(3, locations // 150))
    return {
        "partners": list(zip(partners, _regions_for(len(partners), first, regions), strict=True)),
        "corporations": list(
            zip(corporations, _regions_for(len(corporations), first, regions), strict=True)
        ),
    }


def _specs(places, gemeenten, named, wanted, largest: Place) -> list[AccountSpec]:
    specs = [
        AccountSpec(email("gemeente" if p.id == largest.id else p.code.lower()), gemeenten[p.id])
        for p in places
    ]
    specs.append(AccountSpec(email("nidos"), named["Nidos"], is_national=True))
    specs += [
        AccountSpec(email(f"nidos.{code}"), named["Nidos"], regions=(code,))
        for code in NidosRegion.objects.order_by("code").values_list("code", flat=True)
    ]
    for number, (name, _region) in enumerate(wanted["partners"]):
        local = "contractpartner" if number == 0 else f"contractpartner.{number + 1:02d}"
        specs.append(AccountSpec(email(local), named[name]))
    for number, (name, _region) in enumerate(wanted["corporations"]):
        specs.append(AccountSpec(email(f"woningcorporatie.{number + 1:02d}"), named[name]))
    specs.append(
        AccountSpec(email("beheer"), named[BEHEER_NAME], Role.COORDINATOR, is_beheerder=True)
    )
    return specs


def accounts_ensure(seeder: Seeder) -> Accounts:
    places = places_load()
    largest = max(places, key=lambda place: (place.inhabitants, place.code))
    regions = sorted({place.region for place in places})
    wanted = _wanted_others(seeder, largest.region, regions)
    gemeenten = _gemeente_organisations(places)
    named = _named_organisations(
        [("Nidos", OrganisationKind.NIDOS), (BEHEER_NAME, OrganisationKind.BEHEER)]
        + [(name, OrganisationKind.CONTRACTPARTNER) for name, _ in wanted["partners"]]
        + [(name, OrganisationKind.WONINGCORPORATIE) for name, _ in wanted["corporations"]]
    )
    specs = _specs(places, gemeenten, named, wanted, largest)
    users = _users(specs, seeder.options.password)
    _memberships(specs, users)
    by_organisation = {spec.organisation.pk: users[spec.email] for spec in reversed(specs)}
    accounts = _assemble(places, gemeenten, named, wanted, users, by_organisation)
    _samenwerkingen_ensure(places)
    accounts.partners = _partners()
    seeder.progress("organisaties", Organisation.objects.count())
    seeder.progress("accounts van de dataset", len(users))
    return accounts


def _assemble(places, gemeenten, named, wanted, users, by_organisation) -> Accounts:
    def party(organisation: Organisation) -> Party:
        return Party(organisation, by_organisation[organisation.pk])

    contractpartners: dict[str, list[Party]] = {}
    for name, region in wanted["partners"]:
        contractpartners.setdefault(region, []).append(party(named[name]))
    corporations: dict[str, list[Party]] = {}
    for name, region in wanted["corporations"]:
        corporations.setdefault(region, []).append(party(named[name]))
    return Accounts(
        places=places,
        gemeenten={p.id: party(gemeenten[p.id]) for p in places},
        nidos=party(named["Nidos"]),
        accountmanagers={
            region: Party(named["Nidos"], users[email(f"nidos.{region}")])
            for region in sorted({place.region for place in places})
        },
        contractpartners=contractpartners,
        corporations=corporations,
        beheer=party(named[BEHEER_NAME]),
        partners={},
    )


def _nearest(place: Place, others: list[Place], count: int) -> list[Place]:
    scale = math.cos(math.radians(place.latitude))

    def distance(other: Place) -> float:
        return (other.latitude - place.latitude) ** 2 + (
            (other.longitude - place.longitude) * scale
        ) ** 2

    return sorted(others, key=lambda other: (distance(other), other.code))[:count]


def _samenwerkingen_ensure(places: list[Place]) -> None:
    """A samenwerking per province around its largest gemeente, so that hand-overs and the
    gemeente's summary of its partners have something to show."""
    by_province: dict[int, list[Place]] = {}
    for place in places:
        by_province.setdefault(place.province_id, []).append(place)
    for members in by_province.values():
        centre = max(members, key=lambda place: (place.inhabitants, place.code))
        name = f"Samenwerking {centre.name} e.o."
        samenwerking, created = RegionaleSamenwerking.objects.get_or_create(
            name=name,
            defaults={"description": "Gemeenten die samen vervolghuisvesting regelen."},
        )
        if created:
            RegionaleSamenwerkingMember.objects.bulk_create(
                RegionaleSamenwerkingMember(samenwerking=samenwerking, gemeente_id=member.id)
                for member in _nearest(centre, members, SAMENWERKING_SIZE)
            )


def _partners() -> dict[int, list[int]]:
    members: dict[int, list[int]] = {}
    # By name and code, not by key: the same seed picks the same partners in another database.
    for samenwerking, gemeente in RegionaleSamenwerkingMember.objects.order_by(
        "samenwerking__name", "gemeente__code"
    ).values_list("samenwerking", "gemeente"):
        members.setdefault(samenwerking, []).append(gemeente)
    partners: dict[int, list[int]] = {}
    for gemeenten in members.values():
        for gemeente in gemeenten:
            partners.setdefault(gemeente, []).extend(g for g in gemeenten if g != gemeente)
    return partners
