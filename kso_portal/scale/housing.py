"""The housing requests of the national data set, in every state of the housing workflow.

A request goes to the gemeente of the location where the youth lived on the submission day, and
its term and deadline come from the `TermPolicy` row in force then, through
`vervolghuisvesting.rules.housing_deadline`, as `housing_request_submit` does. Open requests go to
the oldest youths still placed (one open request per youth); housed and bridged requests to the
youths who left towards vervolghuisvesting, on the day they left. Overdue requests are escalated;
a few open ones were handed over within a regionale samenwerking.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from vervolghuisvesting.constants import (
    OPEN_STATES,
    Destination,
    EscalationKind,
    HousingState,
    HousingType,
    TransferState,
)
from vervolghuisvesting.models import Escalation, HousingRequest, HousingTransfer, TermPolicy
from vervolghuisvesting.rules import DEFAULT_TERM_POLICY, housing_deadline, milestones

from .accounts import Accounts, Party
from .base import Seeder, counts_by_weight, insert, shuffled_labels
from .stays import Career
from .tables import HOUSING_TYPES, REQUEST_WITHDRAWALS, STATE_WEIGHTS

H = HousingState
# How long ago open requests in each state were submitted (days): some are past their deadline.
OPEN_AGES = {H.INGEDIEND: (0, 45), H.IN_BEHANDELING: (20, 900), H.WONING_AANGEBODEN: (60, 900)}
TRANSFER_SHARE = 0.08


@dataclass
class Planned:
    """A request before it is written, with what follows from it."""

    request: HousingRequest
    career: Career
    transfer_to: int | None = None


def _policy() -> list[TermPolicy]:
    """The term table; a database emptied without it gets the published rule, as the service
    does."""
    if not TermPolicy.objects.exists():
        TermPolicy.objects.bulk_create(
            TermPolicy(valid_from=valid_from, term_months=months)
            for valid_from, months in DEFAULT_TERM_POLICY
        )
    return list(TermPolicy.objects.order_by("valid_from"))


def _pools(seeder: Seeder, careers: list[Career]) -> dict[str, list[Career]]:
    """Who gets which kind of request, the most fitting youths first."""
    rng = seeder.rng
    placed = sorted(
        (c for c in careers if c.is_placed), key=lambda c: (c.youth.birth_on, c.youth.pseudonym)
    )
    left = [c for c in careers if not c.is_placed]
    rng.shuffle(left)
    housed = [c for c in left if c.last.destination == Destination.VERVOLGHUISVESTING]
    other = [c for c in left if c.last.destination != Destination.VERVOLGHUISVESTING]
    return {
        "open": placed + left,
        "done": housed + other + placed,
        "withdrawn": other + housed + placed,
    }


def _take(pool: list[Career], count: int) -> list[Career]:
    """The first `count` of the pool, round again when the pool is short (done requests only:
    a youth may have had several)."""
    if not pool:
        return []
    return [pool[number % len(pool)] for number in range(count)]


def _window(seeder: Seeder, career: Career) -> tuple[date, date]:
    """When a request could be submitted: while placed, from 120 days before 18 (DESIGN.md §7:
    a request is expected then) where the youth was placed that long."""
    last = career.last.end or seeder.today
    first = max(career.first.start, milestones(career.youth.birth_on).meerderjarig - timedelta(120))
    return (first if first <= last else career.first.start), last


def _submitted(seeder: Seeder, career: Career, ages: tuple[int, int]) -> date:
    """A day `ages` days ago (fewest, most) within the youth's window, else the nearest; early
    in the window more often, as requests go in soon after the keuzegesprek."""
    first, last = _window(seeder, career)
    low = max(first, seeder.today - timedelta(days=ages[1]))
    high = min(last, seeder.today - timedelta(days=ages[0]))
    if low > high:
        return min(max(high, first), last)
    return low + timedelta(days=int((high - low).days * seeder.rng.random() ** 2))


def _dates(seeder: Seeder, career: Career, state: str) -> tuple[date, date]:
    """(submitted on, state reached on) of a request in `state`."""
    today, rng = seeder.today, seeder.rng
    if state in OPEN_AGES:
        submitted = _submitted(seeder, career, OPEN_AGES[state])
        if state == H.INGEDIEND:
            return submitted, submitted
        return submitted, min(submitted + timedelta(days=rng.randint(3, 120)), today)
    left = career.last.destination == Destination.VERVOLGHUISVESTING
    if state in (H.GEHUISVEST, H.OVERBRUGGING) and left:
        # Housed on the day the youth left KSO.
        first, _last = _window(seeder, career)
        outcome = career.last.end
        return max(outcome - timedelta(days=rng.randint(20, 420)), first), outcome
    submitted = _submitted(seeder, career, (30, 900))
    return submitted, min(submitted + timedelta(days=rng.randint(5, 330)), today)


def _gemeente_on(career: Career, day: date) -> tuple[int, Party]:
    """The gemeente of the location the youth lived in on `day`, and its contractpartner."""
    stay = next((s for s in reversed(career.stays) if s.start <= day), career.first)
    return stay.location.gemeente_id, stay.partner


def _term(policy: list[TermPolicy], submitted: date) -> tuple[TermPolicy, int, date]:
    row = [row for row in policy if row.valid_from <= submitted][-1]
    months, deadline = housing_deadline(
        submitted, policy=[(r.valid_from, r.term_months) for r in policy]
    )
    return row, months, deadline


def _request(seeder, accounts: Accounts, policy, career: Career, state: str) -> Planned:
    rng = seeder.rng
    submitted, reached = _dates(seeder, career, state)
    gemeente_id, partner = _gemeente_on(career, submitted)
    region = accounts.region_of[gemeente_id]
    # Mostly the contractpartner submits; sometimes Nidos does.
    submitter = partner if rng.random() < 0.85 else accounts.accountmanagers[region]
    row, months, deadline = _term(policy, submitted)
    changed_at = seeder.moment(reached)
    request = HousingRequest(
        youth=career.youth, gemeente_id=gemeente_id, submitted_on=submitted,
        submitted_by=submitter.user, submitted_by_organisation=submitter.organisation,
        term_policy=row, term_months=months, deadline_on=deadline, state=state,
        state_changed_at=changed_at, created_at=seeder.moment(submitted), updated_at=changed_at,
    )  # fmt: skip
    if state == H.GEHUISVEST:
        request.outcome_type, request.outcome_on = seeder.pick(HOUSING_TYPES), reached
    elif state == H.OVERBRUGGING:
        request.outcome_type, request.outcome_on = HousingType.OVERBRUGGING, reached
    elif state == H.INGETROKKEN:
        request.withdrawal_reason = rng.choice(REQUEST_WITHDRAWALS)
    planned = Planned(request, career)
    partners = accounts.partners.get(gemeente_id)
    if state in OPEN_STATES and partners and rng.random() < TRANSFER_SHARE:
        planned.transfer_to = rng.choice(partners)
    return planned


def _allocation(seeder: Seeder, careers: list[Career]) -> list[tuple[Career, str]]:
    """(youth, state) for every request; at most one open request per youth."""
    counts = counts_by_weight(seeder.options.housing_requests, STATE_WEIGHTS)
    open_states = [state for state in STATE_WEIGHTS if state in OPEN_STATES]
    while sum(counts[state] for state in open_states) > len(careers):
        biggest = max(open_states, key=lambda state: counts[state])
        counts[biggest] -= 1
        counts[H.GEHUISVEST] += 1
    pools = _pools(seeder, careers)
    opened = _take(pools["open"], sum(counts[state] for state in open_states))
    pairs = list(zip(opened, shuffled_labels(seeder, {s: counts[s] for s in open_states}),
                     strict=True))  # fmt: skip
    done_counts = {state: counts[state] for state in (H.GEHUISVEST, H.OVERBRUGGING)}
    done = _take(pools["done"], sum(done_counts.values()))
    pairs += zip(done, shuffled_labels(seeder, done_counts), strict=True)
    pairs += [(c, H.INGETROKKEN) for c in _take(pools["withdrawn"], counts[H.INGETROKKEN])]
    return pairs


def _escalations(seeder: Seeder, accounts: Accounts, planned: list[Planned]) -> list:
    """Overleg met Nidos after a passed deadline, and sometimes bestuurlijk opgeschaald."""
    rows, today = [], seeder.today
    for item in planned:
        request = item.request
        closed = request.state_changed_at.date() if request.state == H.INGETROKKEN else None
        until = request.outcome_on or closed or today
        if request.deadline_on >= until or seeder.rng.random() > 0.7:
            continue
        party = accounts.gemeenten[request.gemeente_id]
        first = request.deadline_on + timedelta(days=1)
        day = seeder.between(first, min(until, first + timedelta(days=30)))
        kinds = [(EscalationKind.OVERLEG_NIDOS, day)]
        if request.state in OPEN_STATES and (today - day).days > 30 and seeder.rng.random() < 0.4:
            kinds.append((EscalationKind.BESTUURLIJK, seeder.between(day, today)))
        rows += [
            Escalation(request=request, kind=kind, on=on, by=party.user,
                       organisation=party.organisation, created_at=seeder.moment(on))
            for kind, on in kinds
        ]  # fmt: skip
    return rows


def _transfers(seeder: Seeder, accounts: Accounts, planned: list[Planned]) -> list:
    """Hand-overs to a partner gemeente, accepted by it; the request then belongs to that
    gemeente."""
    rows = []
    for item in planned:
        if item.transfer_to is None:
            continue
        request = item.request
        party = accounts.gemeenten[request.gemeente_id]
        receiver = accounts.gemeenten.get(item.transfer_to, party)
        day = seeder.between(request.submitted_on, seeder.today)
        moment = seeder.moment(day)
        rows.append(
            HousingTransfer(request=request, from_gemeente_id=request.gemeente_id,
                            to_gemeente_id=item.transfer_to, by=party.user, at=moment,
                            note="Woning beschikbaar in de buurgemeente.",
                            state=TransferState.AANVAARD, decided_by=receiver.user,
                            decided_at=moment)
        )  # fmt: skip
        request.gemeente_id = item.transfer_to
    return rows


def housing_seed(seeder: Seeder, accounts: Accounts, careers: list[Career]) -> list[Planned]:
    policy = _policy()
    planned = [
        _request(seeder, accounts, policy, career, state)
        for career, state in _allocation(seeder, careers)
    ]
    transfers = _transfers(seeder, accounts, planned)
    requests = insert(HousingRequest, [item.request for item in planned])
    seeder.progress("aanvragen vervolghuisvesting", len(requests))
    seeder.progress("overdrachten", len(insert(HousingTransfer, transfers)))
    escalations = insert(Escalation, _escalations(seeder, accounts, planned))
    seeder.progress("escalaties", len(escalations))
    return planned
