"""What the cases app tells the channel adapters, without depending on them."""

from django.dispatch import Signal

# An agent's public reply was written (sent inside its transaction, after the requester's
# email is queued): a channel adapter sends it on by its own channel. Arguments: `article`.
agent_reply_written = Signal()
