"""Celery's Redis transport, made to survive Redis going away while a task runs.

Celery 5.7's worker, on losing the broker, first *collects* the connection (which drops the
transport's reference to it) and then *closes* it; closing a channel restores its unacknowledged
messages through that transport, whose connection details are gone by then:
`AttributeError: 'NoneType' object has no attribute 'hostname'`, an "unrecoverable error" that
stopped the worker whenever Redis restarted during a task (issue 25). An idle worker has no
unacknowledged messages and survived.

Nothing needs restoring at that moment: with `acks_late` the message of a running task stays in
Redis's unacked set until it is acknowledged, and kombu's periodic `restore_visible` puts it back
on the queue after the visibility timeout (CELERY_BROKER_TRANSPORT_OPTIONS). So this QoS skips
the restore and the acknowledgement when its transport has been collected; such a task may run
again later, which the portal's tasks allow (each is idempotent). Registered as the "redis"
transport in `kso_portal/celery.py`; `tests/kso_portal/test_broker_faults.py` restarts a real
Redis under a worker that is running a task.
"""

import logging

from kombu.transport import redis, virtual

logger = logging.getLogger(__name__)


class QoS(redis.QoS):
    def _transport_collected(self) -> bool:
        """Whether the channel's transport was let go after a lost connection (the channel
        closed, or its transport's connection details dropped)."""
        transport = getattr(self.channel, "connection", None)
        return transport is None or transport.client is None

    def restore_unacked(self, client=None):
        if client is None and self._transport_collected():
            logger.warning(
                "broker connection lost: %d unacknowledged message(s) stay in Redis and are "
                "delivered again after the visibility timeout",
                len(self._delivered),
            )
            return
        super().restore_unacked(client)

    def ack(self, delivery_tag):
        if self._transport_collected():
            # Forget it here; Redis still holds it as unacked (see the module).
            virtual.QoS.ack(self, delivery_tag)
            return
        super().ack(delivery_tag)

    def reject(self, delivery_tag, requeue=False):
        if self._transport_collected():
            virtual.QoS.ack(self, delivery_tag)
            return
        super().reject(delivery_tag, requeue=requeue)


class Channel(redis.Channel):
    QoS = QoS


class Transport(redis.Transport):
    Channel = Channel
