"""Writes of the vervolghuisvesting app. Other apps use these names only."""

from .housing import (
    escalation_record,
    housing_request_move,
    housing_request_submit,
    term_policy_save,
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
    "term_policy_save",
    "youth_create",
]
