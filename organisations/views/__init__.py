"""Pages of the organisations app: organisations with their members and invitations, and
regionale samenwerkingen with theirs."""

from .members import (
    invitation_accept,
    invitation_create,
    invitation_renewal_request,
    invitation_resend,
    invitation_revoke,
    membership_deactivate,
    membership_reactivate,
    membership_update,
    organisation_detail,
    organisation_list,
)
from .samenwerkingen import (
    samenwerking_create,
    samenwerking_detail,
    samenwerking_invitation_accept,
    samenwerking_invitation_decline,
    samenwerking_invitation_detail,
    samenwerking_invitation_withdraw,
    samenwerking_list,
    samenwerking_member_remove,
    samenwerking_update,
)

__all__ = [
    "invitation_accept",
    "invitation_create",
    "invitation_renewal_request",
    "invitation_resend",
    "invitation_revoke",
    "membership_deactivate",
    "membership_reactivate",
    "membership_update",
    "organisation_detail",
    "organisation_list",
    "samenwerking_create",
    "samenwerking_detail",
    "samenwerking_invitation_accept",
    "samenwerking_invitation_decline",
    "samenwerking_invitation_detail",
    "samenwerking_invitation_withdraw",
    "samenwerking_list",
    "samenwerking_member_remove",
    "samenwerking_update",
]
