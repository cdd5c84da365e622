"""Demo content: one organisation (and a co-host), a consultation index, three consultations (open,
upcoming, closed) and a demo user per role. Idempotent: running it again changes nothing.

The demo passwords are documented in the README; this module is the only place that creates them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from wagtail.models import Locale

from consultations.demo_translations import seed_demo_translations
from consultations.pages import ConsultationIndexPage, ConsultationPage, ConsultationQuestion, HomePage, Topic
from youthvoice.accounts.guardians import CONSENT_TEXT_VERSION, GuardianConsent
from youthvoice.accounts.models import User
from youthvoice.accounts.roles import POLICYMAKERS_GROUP
from youthvoice.organisations.models import Membership, Organisation

DEMO_PASSWORD = "youthvoice-demo"  # noqa: S105  # nosec B105 - documented demo credential, created only by seed_demo


@dataclass(frozen=True)
class DemoUser:
    email: str
    display_name: str
    role: str
    groups: tuple[str, ...] = ()
    membership: str | None = None  # role in the demo organisation
    is_superuser: bool = False
    age: int | None = None
    guardian_email: str | None = None  # a minor whose guardian has approved


DEMO_USERS = (
    DemoUser("participant@demo.youthvoice.test", "Quiet Otter", "participant (adult)", age=19),
    DemoUser(
        "teen@demo.youthvoice.test",
        "Brave Heron",
        "participant (14, guardian approved)",
        age=14,
        guardian_email="guardian@demo.youthvoice.test",
    ),
    DemoUser(
        "editor@demo.youthvoice.test",
        "Editor at Safer Streets",
        "organisation editor",
        membership=Membership.Role.EDITOR,
    ),
    DemoUser(
        "moderator@demo.youthvoice.test",
        "Moderator at Safer Streets",
        "organisation moderator",
        membership=Membership.Role.MODERATOR,
    ),
    DemoUser("policymaker@demo.youthvoice.test", "City youth office", "policymaker", (POLICYMAKERS_GROUP,)),
    DemoUser("admin@demo.youthvoice.test", "Platform admin", "platform admin", is_superuser=True),
)


@dataclass(frozen=True)
class DemoConsultation:
    slug: str
    title: str
    topic: str
    summary: str
    easy_read_summary: str
    background: str
    quote: str
    quote_by: str
    questions: tuple[tuple[str, str], ...]
    # Offsets in days from the moment of seeding: status is derived from dates.
    opens_in_days: int
    closes_in_days: int


CONSULTATIONS = (
    DemoConsultation(
        slug="safer-neighbourhoods",
        title="Safer neighbourhoods: what would make you feel safe?",
        topic=Topic.COMMUNITY_SAFETY,
        summary=(
            "The city council is writing its community safety plan for the next four years. "
            "Tell them where and when you feel unsafe, and what would help."
        ),
        easy_read_summary=(
            "The city is making a plan to keep people safe. "
            "We want to know where you feel safe and where you do not. "
            "Your ideas will go to the people who make the plan."
        ),
        background=(
            "<p>The council's current plan was written without asking young people. This time the youth "
            "office will read every comment before the plan is drafted, and will publish an answer here "
            "saying what was taken up and what was not, and why.</p>"
            "<h2>What happens to your comments</h2>"
            "<p>Youth workers from Safer Streets moderate the discussion. Policymakers see summaries "
            "with no names in them.</p>"
        ),
        quote="Street lights on the way home from training would change everything for us.",
        quote_by="A participant in last year's workshop",
        questions=(
            ("Where in your neighbourhood do you feel safe, and why?", "Think of streets, parks, transport, online."),
            ("What one change would make you feel safer?", ""),
            ("Who should young people be able to turn to when something feels wrong?", ""),
        ),
        opens_in_days=-7,
        closes_in_days=30,
    ),
    DemoConsultation(
        slug="after-school-and-youth-centres",
        title="After-school and youth centres",
        topic=Topic.OPPORTUNITIES,
        summary=(
            "The municipality has money for two new youth centres. Help decide what they offer, "
            "when they open and how young people run them."
        ),
        easy_read_summary=(
            "There will be two new places for young people after school. "
            "You can say what should happen there and when they should be open."
        ),
        background=(
            "<p>Youth centres work best when young people help run them. This consultation asks what "
            "you would use, what keeps you away today, and how you would like to take part in running them.</p>"
        ),
        quote="A place where nobody asks why you are there.",
        quote_by="Youth council member",
        questions=(
            ("What would you most like to do in a youth centre?", ""),
            ("What keeps you from going to the places that exist today?", ""),
        ),
        opens_in_days=10,
        closes_in_days=45,
    ),
    DemoConsultation(
        slug="learning-to-check-what-you-read-online",
        title="Learning to check what you read online",
        topic=Topic.ONLINE_LIFE,
        summary=(
            "Schools will add lessons on checking information online. Young people said what works "
            "and what does not; the education office has answered."
        ),
        easy_read_summary=(
            "Schools will teach how to check if something online is true. "
            "Young people gave their ideas. This consultation is finished."
        ),
        background=(
            "<p>Rumours spread fast, and they can turn neighbours against each other. The education "
            "office asked how lessons on checking sources should look, and who should teach them.</p>"
        ),
        quote="Let students teach students: we know which apps people actually use.",
        quote_by="Participant, 16",
        questions=(
            ("How do you decide whether something you read online is true?", ""),
            ("Who should teach these lessons, and how?", ""),
        ),
        opens_in_days=-60,
        closes_in_days=-14,
    ),
)


@dataclass
class SeedReport:
    created: list[str]

    def add(self, what: str) -> None:
        self.created.append(what)


def seed_demo(*, now: datetime | None = None) -> SeedReport:
    """Create whatever demo content is missing; existing objects are left as they are."""
    now = now or timezone.now()
    report = SeedReport(created=[])
    with transaction.atomic():
        organisation, co_host = _organisations(report)
        index = _consultation_index(report)
        for spec in CONSULTATIONS:
            _consultation(spec, index=index, organisation=organisation, co_host=co_host, now=now, report=report)
        seed_demo_translations(index, report)
        _users(report, organisation=organisation, today=now.date())
    return report


def _organisations(report: SeedReport) -> tuple[Organisation, Organisation]:
    organisation, created = Organisation.objects.get_or_create(
        slug="safer-streets-youth-network",
        defaults={
            "name": "Safer Streets Youth Network",
            "description": (
                "A coalition of youth clubs and school councils working with their city on community safety."
            ),
            "website": "https://example.org/safer-streets",
        },
    )
    if created:
        report.add(f"organisation {organisation.name}")
    co_host, created = Organisation.objects.get_or_create(
        slug="open-minds-media-lab",
        defaults={
            "name": "Open Minds Media Lab",
            "description": "Young journalists teaching peers to check sources and spot rumours.",
        },
    )
    if created:
        report.add(f"organisation {co_host.name}")
    return organisation, co_host


def _consultation_index(report: SeedReport) -> ConsultationIndexPage:
    home = HomePage.objects.get(depth=2, locale=Locale.get_default())
    index = ConsultationIndexPage.objects.child_of(home).first()
    if index is None:
        index = ConsultationIndexPage(
            title="Consultations",
            slug="consultations",
            intro="<p>What is being decided, and where your voice is needed.</p>",
        )
        home.add_child(instance=index)
        index.save_revision(log_action=False).publish(log_action=False)
        report.add("consultation index")
    return index


def _consultation(
    spec: DemoConsultation,
    *,
    index: ConsultationIndexPage,
    organisation: Organisation,
    co_host: Organisation,
    now: datetime,
    report: SeedReport,
) -> None:
    if ConsultationPage.objects.child_of(index).filter(slug=spec.slug).exists():
        return
    page = ConsultationPage(
        title=spec.title,
        slug=spec.slug,
        summary=spec.summary,
        easy_read_summary=spec.easy_read_summary,
        body=[
            ("rich_text", spec.background),
            ("quote", {"text": spec.quote, "attribution": spec.quote_by}),
        ],
        topic=spec.topic,
        opens_at=now + timedelta(days=spec.opens_in_days),
        closes_at=now + timedelta(days=spec.closes_in_days),
        min_age=12,
        max_age=30,
        organisation=organisation,
    )
    page.questions = [
        ConsultationQuestion(text=text, help_text=help_text, locale=index.locale, sort_order=position)
        for position, (text, help_text) in enumerate(spec.questions)
    ]
    if spec.topic == Topic.ONLINE_LIFE:
        page.co_hosts = [co_host]
    index.add_child(instance=page)
    page.save_revision(log_action=False).publish(log_action=False)
    report.add(f"consultation {spec.title}")


def _users(report: SeedReport, *, organisation: Organisation, today: date) -> None:
    for spec in DEMO_USERS:
        user = User.objects.filter(email=spec.email).first()
        if user is not None:
            continue
        user = User.objects.create_user(
            email=spec.email,
            password=DEMO_PASSWORD,
            display_name=spec.display_name,
            is_staff=spec.is_superuser,
            is_superuser=spec.is_superuser,
            date_of_birth=_birthday(spec.age, today) if spec.age is not None else None,
            country="MK" if spec.age is not None else "",
        )
        EmailAddress.objects.create(user=user, email=spec.email, verified=True, primary=True)
        for name in spec.groups:
            group, _ = Group.objects.get_or_create(name=name)
            user.groups.add(group)
        if spec.membership:
            Membership.objects.create(
                organisation=organisation,
                user=user,
                role=spec.membership,
                is_safeguarding_contact=spec.membership == Membership.Role.MODERATOR,
            )
        if spec.guardian_email:
            GuardianConsent.objects.create(
                minor=user,
                guardian_email=spec.guardian_email,
                status=GuardianConsent.Status.GRANTED,
                decided_at=timezone.now(),
                method="demo-seed",
                consent_text_version=CONSENT_TEXT_VERSION,
            )
        report.add(f"user {spec.email} ({spec.role})")


def _birthday(years: int, today: date) -> date:
    """A birthday that makes someone ``years`` old today (2 March keeps 29 February out of it)."""
    return date(today.year - years - (1 if (today.month, today.day) < (3, 2) else 0), 3, 2)
