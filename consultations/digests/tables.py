"""The digest's aggregate tables as rows, for the CSV download (one file, one table after another)."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _

from consultations.digests.present import DigestView


def digest_rows(view: DigestView) -> Iterator[list[object]]:
    content = view.content
    participation = content["participation"]
    yield [_("Consultation"), view.title]
    yield [_("Content up to"), content["until"]]
    yield []
    yield [_("Participation"), _("Count")]
    for key, label in (("participants", _("Participants")), ("comments", _("Comments")),
                       ("replies", _("Replies")), ("votes", _("Votes"))):  # fmt: skip
        value = participation[key]
        yield [label, value if value is not None else _("fewer than %(k)d") % {"k": view.k}]
    for breakdown in view.breakdowns:
        yield []
        yield [breakdown.title, _("Participants")]
        for group in breakdown.groups:
            yield [group.label, group.text]
    yield []
    yield [_("Day"), _("Comments"), _("Votes")]
    yield from ([day, comments, votes] for day, comments, votes in content["over_time"])
    yield []
    yield [_("Question"), _("Comments"), _("Replies"), _("Votes")]
    yield from ([q["text"], q["comments"], q["replies"], q["votes"]] for q in view.questions)
    yield []
    yield [_("Quoted statement"), _("Question"), _("Agree"), _("Disagree"), _("Pass")]
    for question in view.questions:
        for key in ("broad_agreement", "divisive", "bands_agree"):
            for quote in question[key]:
                yield [quote["text"], question["text"], quote["agree"], quote["disagree"], quote["pass"]]
    yield []
    moderation = content["moderation"]
    yield [_("Moderation"), _("Count")]
    yield [_("Published"), moderation["published"]]
    yield [_("Waiting for review"), moderation["held"]]
    for label, count in view.moderation_hidden:
        yield [_("Hidden: %(reason)s") % {"reason": label}, count]
