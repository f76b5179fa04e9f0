"""Writes of the organisations app. Other apps use these names only."""

from .invitations import (
    InvitationUnusable,
    invitation_accept,
    invitation_create,
    invitation_renewal_request,
    invitation_resend,
    invitation_revoke,
)
from .members import membership_deactivate, membership_reactivate, membership_update
from .reference_data import REFERENCE_DATA_DIR, LoadReport, ReferenceDataError, reference_data_load
from .samenwerking_invitations import (
    samenwerking_invitation_accept,
    samenwerking_invitation_decline,
    samenwerking_invitation_withdraw,
    samenwerking_member_remove,
)
from .samenwerkingen import samenwerking_create, samenwerking_update

__all__ = [
    "REFERENCE_DATA_DIR",
    "InvitationUnusable",
    "LoadReport",
    "ReferenceDataError",
    "invitation_accept",
    "invitation_create",
    "invitation_renewal_request",
    "invitation_resend",
    "invitation_revoke",
    "membership_deactivate",
    "membership_reactivate",
    "membership_update",
    "reference_data_load",
    "samenwerking_create",
    "samenwerking_invitation_accept",
    "samenwerking_invitation_decline",
    "samenwerking_invitation_withdraw",
    "samenwerking_member_remove",
    "samenwerking_update",
]
