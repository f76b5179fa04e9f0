"""The figures of the two taakstellingen per gemeente and period (DESIGN.md §8), read in a fixed
number of queries whatever the number of gemeenten, locations, youths and periods:

- KSO places, a stock: the letter's number, the places in use on the period's last day (today
  for the running period) and the gap between them; nothing carried over.
- Huisvesting vergunninghouders, a flow: the letter's number, the balance carried in from the
  period before, the number housed (the COA/TVS count, or *voorlopig* the amv's counted early)
  and the balance carried on.
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

from django.db.models import Q, QuerySet
from django.utils import timezone

from kso_portal.access import Action, Actor, scope
from locations import selectors as location_selectors
from locations import workflow
from locations.constants import Stage
from organisations.models import Gemeente
from vervolghuisvesting import selectors as youth_selectors

from ..constants import HOUSING_STATUS, PLACES_STATUS, PROVISIONAL, FigureKind
from ..models import Period, Quota
from ..rules import HousingBalance, housing_account, housing_status, places_gap, places_status


@dataclass(frozen=True)
class Letter:
    """A figure of a letter (or estimate) and where it came from."""

    number: int | None = None
    source: str = ""  # officieel or schatting; "" when there is no figure
    origin: str = ""  # the file it came from ("" for an estimate)
    applied_at: datetime | None = None


NO_LETTER = Letter()


@dataclass(frozen=True)
class Places:
    """KSO places, a stock: te realiseren, gerealiseerd, nog te realiseren."""

    letter: Letter
    realised: int  # places in use on the period's last day (today for the running period)

    @property
    def target(self) -> int | None:
        return self.letter.number

    @property
    def gap(self) -> int | None:
        """Nog te realiseren: positive places still to realise, negative more than asked."""
        return places_gap(self.target, self.realised)

    @property
    def status(self) -> str | None:
        return places_status(self.gap)

    @property
    def status_text(self) -> str | None:
        return str(PLACES_STATUS[self.status]) if self.status else None


@dataclass(frozen=True)
class Housing:
    """Huisvesting vergunninghouders, a flow with carry-over; no account before the gemeente's
    first target."""

    letter: Letter
    counted_early: int  # amv's counted early: the KSO part of the number housed
    tvs: int | None  # the COA/TVS count of persons housed, when imported
    account: HousingBalance | None

    @property
    def target(self) -> int | None:
        return self.letter.number

    def _balance(self, name: str) -> int | None:
        return None if self.account is None else getattr(self.account.balance, name)

    @property
    def carried_in(self) -> int | None:
        return self._balance("carried_in")

    @property
    def effective_target(self) -> int | None:
        """Te huisvesten: the target plus the achterstand (minus the voorsprong) carried in."""
        return self._balance("effective_target")

    @property
    def housed(self) -> int:
        return self.tvs if self.tvs is not None else self.counted_early

    @property
    def balance(self) -> int | None:
        """Positive an achterstand, negative a voorsprong."""
        return self._balance("balance")

    @property
    def is_provisional(self) -> bool:
        """The balance rests on an amv count for want of a COA/TVS count (here or carried in)."""
        return self.account is not None and self.account.is_provisional

    @property
    def status(self) -> str | None:
        return None if self.account is None else housing_status(self.account.balance.balance)

    @property
    def status_text(self) -> str | None:
        """Achterstand, op koers or voorsprong, and "(voorlopig)" when it is."""
        if self.status is None:
            return None
        words = str(HOUSING_STATUS[self.status])
        return f"{words} ({PROVISIONAL})" if self.is_provisional else words

    @property
    def tvs_below_counted_early(self) -> bool:
        """The official count holds fewer persons than the amv's the portal counted early."""
        return self.tvs is not None and self.tvs < self.counted_early


@dataclass(frozen=True)
class PeriodFigures:
    period: Period
    places: Places
    housing: Housing


@dataclass
class Row:
    """A gemeente's line of the period table."""

    gemeente: Gemeente
    places: Places
    housing: Housing
    pipeline: dict[str, int] = field(default_factory=dict)  # places on the way, by stage

    @property
    def pipeline_total(self) -> int:
        return sum(self.pipeline.values())

    @cached_property
    def pipeline_by_stage(self) -> list[tuple[str, int]]:
        """The pipeline's places per stage, in the order of the way to use."""
        return [
            (label, self.pipeline[stage])
            for stage, label in Stage.choices
            if self.pipeline.get(stage)
        ]


def _places(
    periods: list[Period], gemeenten: QuerySet, *, pipeline: bool = False
) -> tuple[dict[tuple[int, int], int], dict[int, dict[str, int]]]:
    """Places realised per (gemeente, period) on the period's last day (today for the running
    period) and, with `pipeline`, per gemeente the places on the way by stage: one query."""
    today = timezone.localdate()
    days = {f"p{period.pk}": min(period.ends_on, today) for period in periods}
    stages = tuple(workflow.BEFORE_IN_USE) if pipeline else ()
    rows = location_selectors.places_in_use(gemeenten=gemeenten, days=days, stages=stages)
    realised = {
        (row["gemeente_id"], period.pk): row[f"p{period.pk}"] for row in rows for period in periods
    }
    on_the_way = {
        row["gemeente_id"]: {
            stage: row[f"stage_{stage}"] for stage in stages if row[f"stage_{stage}"]
        }
        for row in rows
    }
    return realised, on_the_way


def _letters(
    actor: Actor,
    stock: list[Period],
    flow: list[Period],
    gemeenten: QuerySet,
    action: Action = Action.VIEW,
) -> dict[tuple[str, int, int], Letter]:
    """The KSO places of the `stock` periods and the vergunninghouders' targets and COA/TVS
    counts of the `flow` periods, by (kind, gemeente, period): one query."""
    flow_kinds = (FigureKind.VERGUNNINGHOUDERS, FigureKind.GEHUISVEST)
    quotas = (
        scope(actor, Quota, action)
        .filter(
            Q(period__in=stock, kind=FigureKind.KSO_PLAATSEN)
            | Q(period__in=flow, kind__in=flow_kinds)
        )
        .filter(gemeente__in=gemeenten.values("pk"))
        .order_by()
    )  # a dict: no sorting needed
    return {
        (kind, gemeente_id, period_id): Letter(number, source, origin, applied_at)
        for kind, gemeente_id, period_id, number, source, origin, applied_at in quotas.values_list(
            "kind",
            "gemeente_id",
            "period_id",
            "number",
            "source",
            "quota_import__file_name",
            "quota_import__applied_at",
        )
    }


def _counted_early(periods: list[Period], gemeenten: QuerySet) -> dict[tuple[int, int], int]:
    """amv's counted early per (gemeente, period): one query."""
    columns = {f"p{period.pk}": (period.starts_on, period.ends_on) for period in periods}
    rows = youth_selectors.counted_early(gemeenten=gemeenten, periods=columns)
    return {(row["gemeente_id"], p.pk): row[f"p{p.pk}"] for row in rows for p in periods}


@dataclass(frozen=True)
class _Read:
    """What `histories` read, for every gemeente at once."""

    letters: dict[tuple[str, int, int], Letter]
    realised: dict[tuple[int, int], int]
    early: dict[tuple[int, int], int]

    def letter(self, kind: str, gemeente_id: int, period: Period) -> Letter:
        return self.letters.get((kind, gemeente_id, period.pk), NO_LETTER)


def _history(read: _Read, gemeente_id: int, periods: list[Period], shown: set[int]) -> list:
    """One gemeente's figures for the periods in `shown`, the account run through `periods`."""
    counts = [read.early.get((gemeente_id, p.pk), 0) for p in periods]
    targets = [read.letter(FigureKind.VERGUNNINGHOUDERS, gemeente_id, p) for p in periods]
    tvs = [read.letter(FigureKind.GEHUISVEST, gemeente_id, p).number for p in periods]
    account = housing_account(
        [(t.number, c, n) for t, c, n in zip(targets, tvs, counts, strict=True)]
    )
    return [
        PeriodFigures(
            p,
            Places(
                read.letter(FigureKind.KSO_PLAATSEN, gemeente_id, p),
                read.realised.get((gemeente_id, p.pk), 0),
            ),
            Housing(target, n, count, balance),
        )
        for p, target, count, n, balance in zip(periods, targets, tvs, counts, account, strict=True)
        if p.pk in shown
    ]


def histories(
    actor: Actor,
    periods: list[Period],
    gemeenten: QuerySet,
    ids: list[int],
    action: Action = Action.VIEW,
    *,
    detailed: list[Period] | None = None,
    pipeline: bool = False,
) -> tuple[dict[int, list[PeriodFigures]], dict[int, dict[str, int]]]:
    """Per gemeente (`ids`, those of `gemeenten`), its figures for the `detailed` periods
    (default: all of `periods`, which run in order up to the last detailed one). The account of
    the vergunninghouders runs through every period; the KSO places, a stock, are read for the
    detailed ones only. With `pipeline`, also per gemeente the places on the way by stage (read
    with the places in use). Three queries."""
    detailed = periods if detailed is None else detailed
    realised, on_the_way = _places(detailed, gemeenten, pipeline=pipeline)
    read = _Read(
        _letters(actor, detailed, periods, gemeenten, action),
        realised,
        _counted_early(periods, gemeenten),
    )
    shown = {period.pk for period in detailed}
    return {pk: _history(read, pk, periods, shown) for pk in ids}, on_the_way
