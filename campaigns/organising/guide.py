"""The guide's organising templates: preloaded options and their wording, editable per branch.

Plain text and choices only: the models import this module, never the reverse.

Every piece of guide wording has a stable key. `services.branch_wording(branch)` answers the branch's own text where it
has saved one (`OrganisingWording`) and the guide's otherwise, so a branch can adapt the suggestions it offers to
new campaigns while the guide stays the default. Campaign rows copy the wording when they are created and are
edited per campaign from then on.
"""

from dataclasses import dataclass

from django.db import models


class Category(models.TextChoices):
    """Rows of the guide's workforce campaign plan template; also the activity plans."""

    RECRUITMENT = "recruitment", "Recruitment"
    ACTIVIST_DEVELOPMENT = "activists", "Activist development"
    GATHERING_VIEWS = "views", "Gathering views"
    PROVIDING_INFORMATION = "information", "Providing information"
    CAMPAIGN_ACTIVITIES = "activities", "Campaign activities"


class Audience(models.TextChoices):
    """Columns of the workforce campaign plan template."""

    ACTIVISTS = "activists", "UNISON activists"
    MEMBERS = "members", "UNISON members"
    OTHER_UNION = "other-union", "Non-UNISON union members"
    NON_MEMBERS = "non-members", "Non-union members"
    WHOLE_WORKFORCE = "workforce", "Whole workforce"


class Progress(models.TextChoices):
    PLANNED = "planned", "Planned"
    IN_PROGRESS = "in-progress", "In progress"
    DONE = "done", "Done"
    STUCK = "stuck", "Stuck"
    DROPPED = "dropped", "Dropped"


class BroadGroup(models.TextChoices):
    """Rows of the guide's template for targeting external groups."""

    SERVICE_USERS = "service-users", "Service users"
    COMMUNITY = "community", "Community groups"
    MEDIA = "media", "Media"
    SCRUTINY = "scrutiny", "Public authority bodies with responsibility for overview and scrutiny"
    ELECTED = "elected", "Elected officials, such as councillors, MPs and Members of devolved governments"
    SENIOR_MANAGEMENT = "senior-management", "Public authority senior management group"
    OTHER = "other", "Other"


@dataclass(frozen=True)
class Entry:
    key: str
    label: str  # what the wording page calls it
    text: str  # the guide's wording


def _entries(prefix: str, label: str, items: list[tuple[str, str]]) -> list[Entry]:
    return [Entry(f"{prefix}.{key}", f"{label}: {key.replace('-', ' ')}", text) for key, text in items]


ACTIVITY_SUGGESTIONS: dict[str, list[Entry]] = {
    Category.RECRUITMENT: _entries(
        "recruitment",
        "Recruitment activity",
        [
            ("events", "Holding a series of recruitment events"),
            ("materials-stock", "Establishing a stock of recruitment materials"),
            ("display", "Display of recruitment materials"),
            ("distribution", "Distribution of recruitment materials"),
            ("informal-discussions", "Holding informal discussions with non-members"),
        ],
    ),
    Category.ACTIVIST_DEVELOPMENT: _entries(
        "activists",
        "Activist development activity",
        [
            (
                "encourage-reps",
                "Holding informal discussions with members to encourage them to stand as general union reps, as well "
                "as fulfilling the specialist roles of health and safety reps or union learning reps",
            ),
            (
                "workplace-contacts",
                "Encouraging members reluctant to take on an official branch position to become a workplace contact "
                "who arranges meetings, transmits information to members and communicates their views to stewards",
            ),
            (
                "training",
                "Ensuring all activists receive the full training to which they are entitled for discharging any "
                "official union position",
            ),
            ("buddy-mentor", "Supporting all new reps or contacts through a buddy or mentor"),
        ],
    ),
    Category.GATHERING_VIEWS: _entries(
        "views",
        "Gathering views activity",
        [
            ("formal-meetings", "Formal meetings with UNISON members / all staff"),
            ("informal-meetings", "Informal meetings with individual members / wider workforce"),
            ("survey", "Survey of members / all staff (the guide's model survey, Appendix 2)"),
            ("feedback", "Request for feedback through UNISON communications"),
        ],
    ),
    Category.PROVIDING_INFORMATION: _entries(
        "information",
        "Providing information activity",
        [
            (
                "terms-table",
                "A table contrasting contractor staff's terms and conditions with those of comparable staff directly "
                "employed by the public authority",
            ),
            (
                "accounts",
                "Sharing the contractor's financial results: profits, dividends, staff costs against profits and "
                "the chief executive's pay",
            ),
        ],
    ),
    Category.CAMPAIGN_ACTIVITIES: _entries(
        "activities",
        "Campaign activity",
        [
            (
                "demonstration",
                "Demonstration / march / rally, often held outside an important public authority building to "
                "maximise attention on the campaign",
            ),
            (
                "petition",
                "Petition: helps engage staff in the campaign, offers a vehicle to engage with the public and "
                "demonstrate the scale of support",
            ),
            ("publicity-stunt", "Publicity stunt: particularly helpful for attracting media attention"),
            (
                "report-launch",
                "Report launch: analysis of the contract, covering inadequacies of the procurement process and "
                "failures in service delivery / costs",
            ),
            (
                "letter-writing",
                "Letter writing campaign, to highlight the issue in the local media or raise pressure on local "
                "elected officials",
            ),
            (
                "lobby",
                "Lobby: attendance at scrutiny committees, cabinet meetings or councillor / MP / Member of devolved "
                "government surgeries",
            ),
            (
                "equality-impact-assessment",
                "Equality impact assessment: press the public authority to assess how outsourcing damages low "
                "income, women, ethnic minority and disabled staff",
            ),
        ],
    ),
}


@dataclass(frozen=True)
class Argument:
    key: str
    argument: str
    source: str


KEY_ARGUMENTS = [
    Argument(
        "unfair-treatment",
        "Contractor staff are treated unfairly in comparison to those staff directly employed by the public authority",
        "The terms and conditions comparison / turnover rates climbing because of staff discontent / more grievance "
        "cases and disputes",
    ),
    Argument(
        "collective-bargaining",
        "Contractor staff have lost the right to bargain collectively over their pay, terms and conditions",
        "The loss of a recognition agreement and absence of negotiations over staff terms",
    ),
    Argument(
        "private-profits",
        "The contractor has been generating major private profits despite service issues / attacks on staff terms "
        "and conditions",
        "The contractor's financial results (ask the Bargaining Support Group, bsg@unison.co.uk); the wider group's "
        "profitability is a useful reference point",
    ),
    Argument(
        "local-economy",
        "The contractor's low wage model has a damaging effect on the local economy",
        "The number of staff on the National Minimum Wage or below the Living Wage; if the contractor will not say, "
        "a short staff survey",
    ),
    Argument(
        "declining-service",
        "The standard of service has declined since the contractor took over and / or has not matched promised "
        "performance levels",
        "Key performance indicators monitored as part of the contract / surveys of staff / surveys of service users",
    ),
    Argument(
        "cost-overruns",
        "The cost of the service has surpassed the original budgeted cost",
        "An FoI request to the public authority / details of costs charged for changes to the contract",
    ),
    Argument(
        "lost-flexibility",
        "The public authority has lost flexibility in how it manages its business",
        "The experiences of staff working for the contractor and the directly employed staff they work alongside",
    ),
    Argument(
        "equality-impact",
        "Outsourcing has a particularly damaging effect on groups with protected characteristics under the Equality "
        "Act, whom a public authority has a duty to protect under the Public Sector Equality Duty",
        "The model survey in Appendix 2 of the guide",
    ),
]

BROAD_GROUP_GUIDANCE = {
    BroadGroup.SERVICE_USERS: "Most likely to be interested in the deterioration in the quality of service and "
    "rising costs. Share materials that highlight declining standards; service user representatives may feed back.",
    BroadGroup.COMMUNITY: "e.g. parent teacher associations, resident associations, trades union councils, religious "
    "groups, youth groups, student unions, a Living Wage initiative or a local disability rights group.",
    BroadGroup.MEDIA: "Local print, radio and TV. Rallies, demonstrations and publicity stunts attract attention; "
    "members giving personal testimony must be protected from detriment.",
    BroadGroup.SCRUTINY: "Find when the committees meet, their members, their papers and whether a union "
    "representative may attend or give evidence.",
    BroadGroup.ELECTED: "Letters, surgeries, the Labour Link regional contact; do not write off other parties; time "
    "the pressure to the election timetable.",
    BroadGroup.SENIOR_MANAGEMENT: "Senior managers can turn an in-house option into a well-reasoned business case: "
    "benefits, costs, timescale and risks.",
    BroadGroup.OTHER: "Anyone else who can move the decision makers.",
}

BUSINESS_CASE_GUIDANCE = {
    "benefits": "The standard of service that can be delivered to service users as well as wider benefits to the "
    "organisation, such as flexibility in responding to changes and impacts on staff morale, motivation, turnover.",
    "costs": "The cost requirements to meet the specified benefits, in terms of both capital expenditure and staffing "
    "costs. Neighbouring authorities joining forces can offset a large contractor's economies of scale.",
    "timescale": "Putting in place the capacity to deliver the service in-house can take some time: build the capital "
    "requirements and staff skills into a realistic timescale.",
    "risks": "Risks will generally be a strength of an in-house option: it avoids the risk of a contractor folding, "
    "pulling out of a contract or imposing heavy penalties for changes to requirements.",
}


def _all_entries() -> list[Entry]:
    entries = [entry for suggestions in ACTIVITY_SUGGESTIONS.values() for entry in suggestions]
    for argument in KEY_ARGUMENTS:
        entries.append(
            Entry(f"argument.{argument.key}", f"Key argument: {argument.key.replace('-', ' ')}", argument.argument)
        )
        entries.append(
            Entry(f"source.{argument.key}", f"Possible source: {argument.key.replace('-', ' ')}", argument.source)
        )
    entries += [
        Entry(f"allies.{group.value}", f"Allies guidance: {group.label}", BROAD_GROUP_GUIDANCE[group])
        for group in BroadGroup
    ]
    entries += [
        Entry(f"business.{name}", f"Business case guidance: {name}", text)
        for name, text in BUSINESS_CASE_GUIDANCE.items()
    ]
    return entries


ENTRIES: dict[str, Entry] = {entry.key: entry for entry in _all_entries()}
