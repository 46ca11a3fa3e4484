"""Forms shared by the doors that act on a case for the client (the portal, the agent's page)."""

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from tiquetera.core.widgets import AmountField, FilePicker
from tiquetera.directory.models import Contact

from .lifecycle.billable import signers
from .models import Case


class PurchaseOrderForm(forms.Form):
    """A signed purchase order for a per-event case (seed 000): its number, amount, who signed
    it (a contact allowed to sign) and the signed document."""

    number = forms.CharField(label=_("Purchase order number"), max_length=50)
    amount = AmountField(label=_("Amount"), max_digits=14, decimal_places=2, min_value=Decimal(0))
    signer = forms.ModelChoiceField(
        label=_("Signed by"), queryset=Contact.objects.none(), empty_label=None
    )
    document = forms.FileField(
        label=_("Signed purchase order (PDF or image)"),
        required=False,
        widget=FilePicker,
    )

    def __init__(self, *args: Any, case: Case, document_required: bool = True, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["signer"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = signers(case)
        field.help_text = _("The person authorized to request services who signed it.")
        self.fields["document"].required = document_required
        consumption = case.consumption
        if consumption is not None and consumption.price is not None and not self.is_bound:
            self.initial["amount"] = consumption.price
