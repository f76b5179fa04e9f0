"""Writes of the taakstelling: periods, and figures from a file or an estimate, each checked
whole, shown as a preview and written only when confirmed."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from kso_portal.access import Actor
from kso_portal.once import once_claim
from organisations.models import Gemeente

from .constants import ImportState, Source
from .letters import capped_errors, letter_table
from .models import Period, Quota, QuotaImport
from .rules import apportion, parse_period, period_bounds, period_code

CODE_COLUMNS = ("code", "gemeentecode", "cbs-code", "cbs_code")
NUMBER_COLUMNS = ("aantal", "number")


def _period_parts(code: str) -> tuple[int, int]:
    try:
        return parse_period(code)
    except ValueError as error:
        raise ValidationError({"period": str(error)}) from None


def period_code_checked(*, code: str) -> str:
    """The code like 2026-I, written the one way (ValidationError when it is no period)."""
    return period_code(*_period_parts(code))


def period_get_or_create(*, code: str) -> Period:
    """The period of a code like 2026-I, made on first use."""
    year, half = _period_parts(code)
    starts_on, ends_on = period_bounds(year, half)
    period, _created = Period.objects.get_or_create(
        code=period_code(year, half),
        defaults={"year": year, "half": half, "starts_on": starts_on, "ends_on": ends_on},
    )
    return period


def _columns(header: list[str]) -> tuple[int, int]:
    names = [cell.strip().lower() for cell in header]
    code = next((names.index(n) for n in CODE_COLUMNS if n in names), None)
    number = next((names.index(n) for n in NUMBER_COLUMNS if n in names), None)
    if code is None or number is None:
        raise ValidationError(
            [_("Rij 1: de kolommen 'code' en 'aantal' ontbreken (gevonden: %(found)s).")
             % {"found": _shown(", ".join(header), 200) or _("niets")}]
        )  # fmt: skip
    return code, number


def _whole(value: str) -> int | None:
    text = value.strip()
    if text.endswith(".0"):  # spreadsheets write whole numbers as 12.0
        text = text[:-2]
    # ASCII digits only, and few: `int` refuses "--5", "²" and numbers of thousands of digits.
    return int(text) if re.fullmatch(r"-?[0-9]{1,9}", text) else None


def _shown(text: str, length: int = 20) -> str:
    """A cell as an error message quotes it: a cell of a megabyte would fill the page."""
    return text if len(text) <= length else text[: length - 1] + "…"


def _check_row(row_number: int, code: str, value: int | None, valid, numbers) -> str | None:
    where = _("Rij %(row)d") % {"row": row_number}
    if code not in valid:
        return _("%(where)s: onbekende gemeentecode '%(code)s'.") % {
            "where": where,
            "code": _shown(code),
        }
    if code in numbers:
        return _("%(where)s: %(code)s komt twee keer voor.") % {"where": where, "code": code}
    if value is None:
        return _("%(where)s: het aantal is geen geheel getal.") % {"where": where}
    if value < 0:
        return _("%(where)s: het aantal is negatief.") % {"where": where}
    return None


def _checked_rows(table: list[list[str]], valid: dict[str, str]) -> dict[str, int]:
    """Every row checked, every error listed by row; nothing comes back unless all are right."""
    if not table:
        raise ValidationError([_("Het bestand is leeg.")])
    code_at, number_at = _columns(table[0])
    numbers, seen, errors = {}, set(), []
    for row_number, row in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        code = row[code_at].strip().upper() if code_at < len(row) else ""
        value = _whole(row[number_at]) if number_at < len(row) else None
        error = _check_row(row_number, code, value, valid, numbers)
        seen.add(code)
        if error:
            errors.append(error)
        else:
            numbers[code] = value
    missing = sorted(set(valid) - seen)
    if missing:
        names = ", ".join(f"{valid[code]} ({code})" for code in missing)
        errors.append(
            _("Deze %(count)d gemeenten ontbreken: %(names)s.")
            % {"count": len(missing), "names": names}
        )
    if errors:
        raise ValidationError(capped_errors(errors))
    return numbers


def _valid_gemeenten() -> dict[str, str]:
    return dict(Gemeente.objects.filter(valid_until=None).values_list("code", "name"))


@transaction.atomic
def quota_import_preview(
    *, actor: Actor, period: str, kind: str, upload, once: str = ""
) -> QuotaImport:
    """Check a whole file of official figures; on success keep it as a preview to confirm
    (once per form). Raises ValidationError listing every wrong row; nothing is written then."""
    claim = once_claim(token=once, user=actor.user)
    numbers = _checked_rows(letter_table(upload), _valid_gemeenten())
    preview = QuotaImport.objects.create(
        period_code=period_code_checked(code=period),
        kind=kind,
        source=Source.OFFICIEEL,
        file_name=upload.name[:255],
        rows=numbers,
        uploaded_by=actor.user,
        organisation=actor.organisation,
    )
    claim.made(reverse("quota_import_preview", kwargs={"pk": preview.pk}))
    return preview


@transaction.atomic
def quota_estimate_preview(
    *, actor: Actor, period: str, kind: str, national_total: int, once: str = ""
) -> QuotaImport:
    """An estimate from a national total, apportioned by inhabitants (DESIGN.md §8), kept as a
    preview labelled schatting; once per form."""
    claim = once_claim(token=once, user=actor.user)
    populations = dict(Gemeente.objects.filter(valid_until=None).values_list("code", "inhabitants"))
    preview = QuotaImport.objects.create(
        period_code=period_code_checked(code=period),
        kind=kind,
        source=Source.SCHATTING,
        national_total=national_total,
        rows=apportion(national_total, populations),
        uploaded_by=actor.user,
        organisation=actor.organisation,
    )
    claim.made(reverse("quota_import_preview", kwargs={"pk": preview.pk}))
    return preview


@dataclass(frozen=True)
class Change:
    gemeente: str
    code: str
    old: int | None
    new: int


def import_changes(*, quota_import: QuotaImport) -> list[Change]:
    """What confirming would change: new and different figures, by gemeente name."""
    current = dict(
        Quota.objects.filter(
            period__code=quota_import.period_code, kind=quota_import.kind
        ).values_list("gemeente__code", "number")
    )
    names = dict(Gemeente.objects.values_list("code", "name"))
    return sorted(
        (
            Change(names[code], code, current.get(code), number)
            for code, number in quota_import.rows.items()
            if current.get(code) != number
        ),
        key=lambda change: change.gemeente,
    )


@transaction.atomic
def quota_import_apply(*, actor: Actor, quota_import: QuotaImport) -> int:
    """Write a confirmed preview: each gemeente's figure for the period. Returns how many rows
    changed. A preview is applied once; a later import replaces its figures."""
    quota_import = QuotaImport.objects.select_for_update().get(pk=quota_import.pk)
    if quota_import.state != ImportState.PREVIEW:
        raise ValidationError(_("Deze import is al verwerkt of geannuleerd."))
    changes = import_changes(quota_import=quota_import)
    gemeenten = dict(Gemeente.objects.values_list("code", "pk"))
    quota_import.period = period_get_or_create(code=quota_import.period_code)
    for change in changes:
        Quota.objects.update_or_create(
            period=quota_import.period,
            gemeente_id=gemeenten[change.code],
            kind=quota_import.kind,
            defaults={
                "number": change.new,
                "source": quota_import.source,
                "quota_import": quota_import,
            },
        )
    quota_import.state, quota_import.applied_at = ImportState.APPLIED, timezone.now()
    quota_import.save(update_fields=["state", "applied_at", "period"])
    return len(changes)


@transaction.atomic
def quota_import_cancel(*, actor: Actor, quota_import: QuotaImport) -> None:
    if quota_import.state == ImportState.PREVIEW:
        quota_import.state = ImportState.CANCELLED
        quota_import.save(update_fields=["state"])
