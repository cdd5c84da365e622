"""The response form, its commitment rows (a plain formset: blank rows work without JavaScript) and the
small progress form. Forms check the shape of the input; the services decide and write."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from consultations.responses.models import COMMITMENT_MAX_LENGTH, PART_MAX_LENGTH, Commitment, Response
from consultations.responses.services import MAX_COMMITMENTS, CommitmentInput

BLANK_COMMITMENT_ROWS = 5


class PlainLabels:
    """Labels read as plain words, without Django's trailing colon (as on the account pages)."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def _part(label: str, help_text: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=PART_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": PART_MAX_LENGTH}),
    )


class ResponseForm(PlainLabels, forms.Form):
    heard = _part(
        _("What we heard"),
        _("The main things young people said, in plain words, including what you may not like to hear."),
    )
    will_do = _part(
        _("What we will do"), _("What changes because of what they said. The commitments below follow up on it.")
    )
    will_not = _part(
        _("What we will not do, and why"),
        _("Ideas you will not take up, and the honest reason for each. Saying no clearly builds trust."),
    )

    @classmethod
    def initial_from(cls, response: Response | None) -> dict[str, str]:
        if response is None:
            return {}
        return {"heard": response.heard, "will_do": response.will_do, "will_not": response.will_not}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class CommitmentForm(PlainLabels, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text = forms.CharField(
        label=_("What you commit to"),
        max_length=COMMITMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": COMMITMENT_MAX_LENGTH}),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Commitment.Status.choices, initial=Commitment.Status.PLANNED)
    # Explained once above the rows rather than in every row, so that status and date line up.
    date = forms.DateField(label=_("Due date, or the day it was done"), required=False, widget=DateInput())


class BaseCommitmentFormSet(forms.BaseFormSet):
    def commitments(self) -> list[CommitmentInput]:
        """The filled-in rows, in the order shown; blank rows and rows marked for removal are left out."""
        rows = []
        for form in self.forms:
            if not form.has_changed() and not form.cleaned_data.get("id"):
                continue  # a blank row nobody touched
            data = form.cleaned_data
            if data.get("DELETE"):
                continue
            rows.append(CommitmentInput(text=data["text"], status=data["status"], date=data["date"], id=data["id"]))
        return rows


def commitment_formset(*, published: bool) -> type[BaseCommitmentFormSet]:
    """Before publication a commitment can be removed; after it, only marked as dropped."""
    return forms.formset_factory(
        CommitmentForm,
        formset=BaseCommitmentFormSet,
        extra=BLANK_COMMITMENT_ROWS,
        can_delete=not published,
        max_num=MAX_COMMITMENTS,
        validate_max=True,
    )


def commitment_initial(response: Response | None) -> list[dict[str, object]]:
    if response is None:
        return []
    return [
        {"id": commitment.pk, "text": commitment.text, "status": commitment.status, "date": commitment.date}
        for commitment in response.commitments.all()
    ]


class CommitmentProgressForm(PlainLabels, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=Commitment.Status.choices)
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=DateInput(),
        help_text=_("When it is due; once done, the day it was done. Optional."),
    )
