"""The guide's "five-phase campaign plan": what each phase is for, and the steps a new campaign is offered.

Wording is the guide's (UNISON, *Bargaining for Insourcing*). A branch may rewrite the seeded steps
(`PlanStepTemplate`); without its own, the guide's `STEPS` are offered. Deadlines are counted back from the
target contract's decision date by `months_before`: APSE's research, quoted in the guide, puts the ideal
lead-in to insourcing at two years.
"""

from dataclasses import dataclass

LEAD_IN_MONTHS = 24


@dataclass(frozen=True)
class Section:
    code: str
    heading: str
    bullets: tuple[str, ...] = ()


@dataclass(frozen=True)
class Phase:
    number: int
    title: str
    table_title: str
    sections: tuple[Section, ...]


@dataclass(frozen=True)
class Step:
    phase: int
    step: str
    objective: str
    task: str
    months_before: int
    is_follow_up: bool = False
    # Which of the section's bullets in PHASES this step carries into the plan (by index), so a test can check
    # that every piece of guidance shown on the page is also offered as a draft row.
    covers: tuple[int, ...] = ()


PHASES = {
    1: Phase(
        1,
        "Phase 1 – Research and campaign development",
        "Research and Campaign Development",
        (
            Section(
                "1.1",
                "Identify insourcing target",
                (
                    "Establish a clear picture of outsourced contracts including scale, relevant contract dates, and "
                    "terms and conditions of employment etc – using the templates provided.",
                    "Identify the decision makers for each of the contract and conduct a “power map” of them. "
                    "Ultimately who can take the decision to insource? Who and what are their motivations, "
                    "self-interest and influencers and how do we exert influence? Who are our potential campaign "
                    "allies inside and outside of the workplace and how can they be mobilised?",
                    "Map current and potential union strengths and weaknesses within each of the contracts and any "
                    "other areas that could exert pressure on the decision maker.",
                    "Assess collective workplace issues that could be used within an insourcing campaign – are they "
                    "widely and deeply felt? Can insourcing provide the union solution to the issue?",
                    "Identify potential opportunities to grow membership, increase member participation and identify "
                    "and develop activists.",
                    "Aggregate the information to select a target where the campaign is winnable within available "
                    "time and resource, and which also provides opportunity to increase membership levels, "
                    "participation and activism.",
                ),
            ),
            Section(
                "1.2",
                "Establish a campaign team or organising committee",
                (
                    "It is recommended the team or committee include active and respected leaders from the workforce "
                    "as well as officers of the branch and regional staff.",
                ),
            ),
            Section(
                "1.3",
                "Campaign goal and objectives",
                (
                    "As well as achieving insourcing, a campaign should also aim to build a stronger and powerful "
                    "union. SMART organising targets should be set for membership recruitment / growth and new "
                    "activists.",
                    "Baseline levels of membership and activism should be recorded so that organising success can be "
                    "measured as the campaign progresses.",
                ),
            ),
            Section(
                "1.4", "Develop a timeline and resourced plan to take the campaign through the following phases 2-5."
            ),
        ),
    ),
    2: Phase(
        2,
        "Phase 2 – Base building",
        "Base Building Organising Activity",
        (
            Section(
                "2.1",
                "Building the workplace and community union base from which the insourcing campaign can be "
                "confidently launched.",
                (
                    "Launch pre-campaign organising activity to identify / confirm organising issues and increase "
                    "membership and activism. This phase could include workplace visits and meetings to agitate "
                    "around the collective issues that could be resolved through insourcing.",
                    "Initiate / develop relationships with potential community and political campaign allies outside "
                    "of the workplace.",
                ),
            ),
            Section(
                "2.2",
                "Finalise the “plan to win” - a clear, coherent and credible strategy for phases 3 and 4 – to build "
                "the power and exert the influence over the decision maker to move them to insource.",
            ),
        ),
    ),
    3: Phase(
        3,
        "Phase 3 – Insourcing campaign launch and escalate",
        "Issue Campaign/s Launch & Escalate",
        (
            Section(
                "3.1",
                "Launch the campaign from a position of confidence and strength",
                (
                    "The plan to win should be clear, credible and have the confidence of the membership. It must be "
                    "developed in a way that requires member participation for success which will in turn enable "
                    "ongoing activist identification and development.",
                    "Membership should increase significantly with the goal of majority density.",
                    "Insourcing campaigns will require public facing activity, external to the workplace, to "
                    "“leverage” decision makers through well targeted multi directional pressure. It is vital that "
                    "members understand and have confidence in the “plan to win”.",
                ),
            ),
        ),
    ),
    4: Phase(
        4,
        "Phase 4 – Win insourcing or create crisis (for the employer / decision maker!)",
        "Create Crisis",
        (
            Section(
                "4.1",
                "Escalate the campaign inside and outside of the workplace and bring multiple pressures to bear "
                "simultaneously until they create a crisis for the decision maker which exceeds any costs of "
                "insourcing (financial, political or ideological).",
                (
                    "Success will require a plan of escalating action – to test and build the participation and "
                    "resolve of members whilst incrementally increasing pressure on the employer / decision maker.",
                    "Actions start as relatively “soft” opportunities to participate and demonstrate strength of "
                    "feeling such as petitions or collective grievances, before moving to more open displays such as "
                    "badge and sticker days. The campaign can then build towards collective activity such as meetings "
                    "and rallies.",
                    "Community and political events can be held outside of the workplace and the campaign can be "
                    "taken to other interested individuals / bodies and influencers of the primary decision maker.",
                    "Ultimately the campaign can escalate to formal ballot for industrial action (with advice to "
                    "ensure a lawful dispute focused on workplace issues)",
                ),
            ),
        ),
    ),
    5: Phase(
        5,
        "Phase 5 – Win, celebrate, review and sustain",
        "Win, Celebrate, Review & Sustain",
        (
            Section(
                "5.1",
                "Win the campaign, promote and celebrate the win and ensure sustainability of membership, "
                "organisation, activism, participation and confidence.",
                (
                    "A full and thorough review of key lessons and future recommendations must be captured to inform "
                    "future UNISON organising strategy.",
                    "Follow through and continue to work with the members to ensure that the insourcing is delivered "
                    "and that any problems are addressed.",
                ),
            ),
        ),
    ),
}

STEPS = (
    Step(
        1,
        "1.1",
        "Establish a clear picture of outsourced contracts",
        "Scale, relevant contract dates, and terms and conditions of employment – using the templates provided.",
        24,
        covers=(0,),
    ),
    Step(
        1,
        "1.1",
        "Identify the decision makers and power map them",
        "Who can take the decision to insource? What are their motivations, self-interest and influencers, and how "
        "do we exert influence? Who are our potential allies inside and outside of the workplace?",
        24,
        covers=(1,),
    ),
    Step(
        1,
        "1.1",
        "Map union strengths and weaknesses in the contract",
        "Current and potential strengths and weaknesses, and any other areas that could exert pressure on the "
        "decision maker.",
        23,
        covers=(2,),
    ),
    Step(
        1,
        "1.1",
        "Assess collective workplace issues",
        "Are they widely and deeply felt? Can insourcing provide the union solution to the issue?",
        23,
        covers=(3,),
    ),
    Step(
        1,
        "1.1",
        "Identify opportunities to grow membership and develop activists",
        "Identify potential opportunities to grow membership, increase member participation and identify and "
        "develop activists.",
        23,
        covers=(4,),
    ),
    Step(
        1,
        "1.1",
        "Select a winnable target",
        "A target where the campaign is winnable within available time and resource, and which also provides "
        "opportunity to increase membership levels, participation and activism.",
        22,
        covers=(5,),
    ),
    Step(
        1,
        "1.2",
        "Establish a campaign team or organising committee",
        "Include active and respected leaders from the workforce as well as officers of the branch and regional staff.",
        22,
        covers=(0,),
    ),
    Step(
        1,
        "1.3",
        "Set SMART organising targets",
        "Targets for membership recruitment / growth and new activists, as well as achieving insourcing.",
        21,
        covers=(0,),
    ),
    Step(
        1,
        "1.3",
        "Record baseline membership and activism",
        "So that organising success can be measured as the campaign progresses.",
        21,
        covers=(1,),
    ),
    Step(
        1,
        "1.4",
        "Develop a timeline and resourced plan for phases 2-5",
        "Who does what by when, with the branch and regional support committed to it.",
        20,
    ),
    Step(
        2,
        "2.1",
        "Launch pre-campaign organising activity",
        "Identify / confirm organising issues and increase membership and activism: workplace visits and meetings "
        "to agitate around the collective issues that could be resolved through insourcing.",
        18,
        covers=(0,),
    ),
    Step(
        2,
        "2.1",
        "Build relationships with community and political allies",
        "Initiate / develop relationships with potential community and political campaign allies outside of the "
        "workplace.",
        16,
        covers=(1,),
    ),
    Step(
        2,
        "2.2",
        "Finalise the plan to win",
        "A clear, coherent and credible strategy for phases 3 and 4 to build the power and exert the influence over "
        "the decision maker to move them to insource.",
        14,
    ),
    Step(
        3,
        "3.1",
        "Launch the campaign from a position of confidence and strength",
        "Members understand and have confidence in the plan to win, which needs their participation to succeed.",
        12,
        covers=(0, 2),
    ),
    Step(
        3,
        "3.1",
        "Grow membership towards majority density",
        "Membership should increase significantly.",
        10,
        covers=(1,),
    ),
    Step(
        3,
        "3.1",
        "Public facing activity to leverage the decision makers",
        "Well targeted multi directional pressure, external to the workplace.",
        9,
        covers=(2,),
    ),
    Step(
        4,
        "4.1",
        "Plan escalating action",
        "A plan of escalating action, to test and build the participation and resolve of members whilst "
        "incrementally increasing pressure on the employer / decision maker.",
        8,
        covers=(0,),
    ),
    Step(
        4,
        "4.1",
        "Soft actions: petitions or collective grievances",
        "Opportunities to participate and demonstrate strength of feeling.",
        8,
        covers=(1,),
    ),
    Step(
        4,
        "4.1",
        "Open displays: badge and sticker days",
        "Test and build the participation of members.",
        7,
        covers=(1,),
    ),
    Step(
        4,
        "4.1",
        "Collective activity: meetings and rallies",
        "Increase pressure on the decision maker.",
        6,
        covers=(1,),
    ),
    Step(
        4,
        "4.1",
        "Community and political events outside the workplace",
        "Take the campaign to other interested individuals / bodies and influencers of the primary decision maker.",
        5,
        covers=(2,),
    ),
    Step(
        4,
        "4.1",
        "Consider a formal ballot for industrial action",
        "With advice to ensure a lawful dispute focused on workplace issues.",
        3,
        covers=(3,),
    ),
    Step(5, "5.1", "Win, promote and celebrate the win", "", 0),
    Step(
        5,
        "5.1",
        "Review key lessons and future recommendations",
        "A full and thorough review, captured to inform future UNISON organising strategy.",
        -2,
        covers=(0,),
    ),
    Step(
        5,
        "5.1",
        "Follow through: see the insourcing delivered",
        "Continue to work with the members to ensure that the insourcing is delivered and that any problems are "
        "addressed.",
        -6,
        is_follow_up=True,
        covers=(1,),
    ),
)


def steps_for_branch(branch) -> list[Step]:
    """The branch's own wording of the steps if it has any, otherwise the guide's."""
    own = list(branch.plan_step_templates.all())
    if not own:
        return list(STEPS)
    return [Step(t.phase, t.step, t.objective, t.task, t.months_before, is_follow_up=False) for t in own]
