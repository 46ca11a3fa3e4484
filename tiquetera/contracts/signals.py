"""What the contracts app tells the apps above it, without importing them."""

from django.dispatch import Signal

# Consumptions that waited for the client (a purchase order, or accepting a price) and are now
# billable: the cases that took them may open. Sent inside the releasing transaction with
# `consumptions` (a list) and `actor`.
consumptions_released = Signal()
