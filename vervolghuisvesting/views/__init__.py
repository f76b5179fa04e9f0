"""Pages of the vervolghuisvesting app: youths and placements, and housing requests."""

from .housing import (
    escalation_add,
    housing_request_detail,
    housing_request_export,
    housing_request_list,
    housing_request_move,
    housing_request_submit,
    housing_request_transfer,
)
from .placement_transfers import (
    placement_transfer_accept,
    placement_transfer_create,
    placement_transfer_decline,
    placement_transfer_detail,
    placement_transfer_withdraw,
)
from .transfers import (
    housing_transfer_accept,
    housing_transfer_decline,
    housing_transfer_withdraw,
)
from .youths import (
    occupancy_confirm,
    placement_create,
    placement_end,
    placement_move,
    youth_conversation,
    youth_detail,
    youth_export,
    youth_list,
)

__all__ = [
    "escalation_add",
    "housing_request_detail",
    "housing_request_export",
    "housing_request_list",
    "housing_request_move",
    "housing_request_submit",
    "housing_request_transfer",
    "housing_transfer_accept",
    "housing_transfer_decline",
    "housing_transfer_withdraw",
    "occupancy_confirm",
    "placement_create",
    "placement_end",
    "placement_move",
    "placement_transfer_accept",
    "placement_transfer_create",
    "placement_transfer_decline",
    "placement_transfer_detail",
    "placement_transfer_withdraw",
    "youth_conversation",
    "youth_detail",
    "youth_export",
    "youth_list",
]
