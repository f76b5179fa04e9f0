"""Writes of the vervolghuisvesting app. Other apps use these names only."""

from .housing import (
    escalation_record,
    housing_request_move,
    housing_request_submit,
    term_policy_save,
)
from .placement_transfers import (
    placement_transfer_accept,
    placement_transfer_decline,
    placement_transfer_propose,
    placement_transfer_withdraw,
)
from .placements import (
    conversation_record,
    occupancy_confirm,
    placement_end,
    placement_move,
    placement_start,
    youth_create,
)
from .transfers import (
    housing_request_transfer,
    housing_transfer_accept,
    housing_transfer_decline,
    housing_transfer_withdraw,
    partner_gemeenten,
)

__all__ = [
    "conversation_record",
    "escalation_record",
    "housing_request_move",
    "housing_request_submit",
    "housing_request_transfer",
    "housing_transfer_accept",
    "housing_transfer_decline",
    "housing_transfer_withdraw",
    "occupancy_confirm",
    "partner_gemeenten",
    "placement_end",
    "placement_move",
    "placement_start",
    "placement_transfer_accept",
    "placement_transfer_decline",
    "placement_transfer_propose",
    "placement_transfer_withdraw",
    "term_policy_save",
    "youth_create",
]
