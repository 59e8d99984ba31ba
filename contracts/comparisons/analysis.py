"""Everything a comparison page, its PDF report and the members' leaflet show, worked out once.

`analyse(comparison, ...)` takes the comparison with its terms, the reference rates and the comparable pay
point on the comparison's "as at" date, and returns plain data for templates. No database access happens
here except through `load_analysis`, which fetches what `analyse` needs in a fixed number of queries.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from contracts.register.models import FigureSource
from contracts.register.ratios import FrontLinePay, YearRatios, account_ratios

from . import chart, gap
from .models import ROWS, ComparisonWording, PayPoint, PayScheme, ReferenceRate


def uk_date(value) -> str:
    """31 March 2027."""
    return f"{value.day} {value:%B %Y}"


@dataclass
class Cell:
    text: str
    numbers: list[str]


@dataclass
class Row:
    key: str
    label: str
    cells: list[Cell]


@dataclass
class Column:
    key: str  # contractor / new-starters / direct
    heading: str
    terms: object | None  # ComparisonTerms
    hourly_rate: Decimal | None
    hourly_working: str
    weekly_hours: Decimal | None
    staff: int | None = None

    @property
    def is_direct(self) -> bool:
        return self.key == "direct"

    def short_label(self, two_tier: bool) -> str:
        """For the chart, where the full headings do not fit."""
        if self.key == "contractor":
            return "Transferred under TUPE" if two_tier else "Contractor"
        return "New starters" if self.key == "new-starters" else "In-house"


@dataclass
class RateCheck:
    heading: str
    hourly_rate: Decimal | None
    against: list[gap.Figure]
    # The legal minimum (National Living Wage / minimum wage) in force on the "as at" date, when the rate is below
    # it: shown as a warning, not only as a figure in the table.
    below_legal_minimum: object = None

    @property
    def shortfall(self) -> Decimal | None:
        return self.below_legal_minimum.hourly_rate - self.hourly_rate if self.below_legal_minimum else None


@dataclass
class ColumnGap:
    heading: str
    staff: int | None
    weekly_hours: Decimal | None
    per_hour: gap.Figure
    per_full_time_post: gap.Figure
    per_post: gap.Figure | None  # only for part-time posts
    posts: gap.Figure
    workforce_pay: gap.Figure
    leave: gap.Figure
    leave_workforce: gap.Figure
    pension: gap.Figure
    pension_workforce: gap.Figure
    unsocial: gap.Figure
    unsocial_workforce: gap.Figure
    sick_pay: gap.Figure
    total_per_post: gap.Total | None = None
    total_workforce: gap.Total | None = None

    def __post_init__(self):
        self.total_per_post = gap.total(self.per_post_parts())
        self.total_workforce = gap.total(self.workforce_parts())

    def per_post_parts(self) -> list[tuple[str, gap.Figure]]:
        return [
            ("pay", self.per_full_time_post),
            ("leave", self.leave),
            ("pension", self.pension),
            ("unsocial hours", self.unsocial),
        ]

    def workforce_parts(self) -> list[tuple[str, gap.Figure]]:
        return [
            ("pay", self.workforce_pay),
            ("leave", self.leave_workforce),
            ("pension", self.pension_workforce),
            ("unsocial hours", self.unsocial_workforce),
        ]


@dataclass
class Financial:
    year: object
    turnover: Decimal | None
    profit: Decimal | None
    dividends: Decimal | None
    staff_costs: Decimal | None
    highest_paid_director: Decimal | None
    source: str


@dataclass
class Analysis:
    comparison: object
    labels: dict[str, str]
    columns: list[Column]
    rows: list[Row]
    references: dict[str, object]  # ReferenceRate by kind
    reference_names: list[tuple[str, object]]
    pay_point: object | None
    full_time_hours: Decimal | None
    full_time_hours_source: str
    rate_checks: list[RateCheck]
    gaps: list[ColumnGap]
    grand_total: gap.Total | None
    financials: list[Financial]
    gap_against_profit: gap.Figure | None
    front_line: FrontLinePay
    ratios: list[YearRatios]
    rate_chart: str
    gap_chart: str
    sources: list[str] = field(default_factory=list)

    @property
    def direct(self) -> Column:
        return next(c for c in self.columns if c.is_direct)


def _numbers(terms, row_key: str) -> list[str]:
    if terms is None:
        return []
    shown = []
    for name in type(terms).NUMBER_FIELDS.get(row_key, []):
        value = getattr(terms, name)
        if value is None:
            continue
        shown.append(
            {
                "hourly_rate": f"{gap.money(value)} an hour",
                "weekly_hours": f"{gap.number(value)} hours a week",
                "annual_leave_days": f"{gap.number(value)} days a year",
                "sick_full_weeks": f"{gap.number(value)} weeks on full pay",
                "sick_half_weeks": f"{gap.number(value)} weeks on half pay",
                "employer_pension_pct": f"employer pays {gap.percent(value)}",
                "unsocial_premium_pct": f"premium {gap.percent(value)}",
                "unsocial_hours_weekly": f"{gap.number(value)} unsocial hours a week",
            }[name]
        )
    return shown


def _column_heading(key: str, two_tier: bool, labels: dict[str, str]) -> str:
    if key == "contractor":
        return labels["tupe"] if two_tier else labels["contractor"]
    return labels[key]


def analyse(comparison, *, terms, references, pay_point, labels, financials=(), staff_source=None) -> Analysis:
    by_column = {t.column: t for t in terms}
    direct_terms = by_column.get("direct")
    direct_rate, direct_working = _direct_rate(direct_terms, pay_point)
    full_time_hours, full_time_source = _full_time_hours(comparison, direct_terms, pay_point)
    columns = _columns(comparison, by_column, labels, direct_rate, direct_working, full_time_hours)
    reference_names = _reference_names(comparison, references)
    direct_annual = _direct_annual(direct_terms, pay_point, full_time_hours)
    gaps = [
        _column_gap(column, direct_terms, direct_rate, full_time_hours, direct_annual)
        for column in columns
        if not column.is_direct
    ]
    grand_total = _grand_total(gaps)
    financial_rows = [_financial(f) for f in financials]
    return Analysis(
        comparison=comparison,
        labels=labels,
        columns=columns,
        rows=_rows(columns, labels, direct_terms, direct_rate, pay_point),
        references=references,
        reference_names=reference_names,
        pay_point=pay_point,
        full_time_hours=full_time_hours,
        full_time_hours_source=full_time_source,
        rate_checks=[_rate_check(column, reference_names, direct_rate) for column in columns],
        gaps=gaps,
        grand_total=grand_total,
        financials=financial_rows,
        gap_against_profit=_gap_against_profit(gaps, grand_total, financial_rows),
        front_line=(front_line := front_line_pay(comparison, by_column, full_time_hours)),
        ratios=account_ratios(financial_rows, front_line),
        rate_chart=_rate_chart(comparison, columns, reference_names),
        gap_chart=_gap_chart(comparison, columns, gaps),
        sources=_sources(comparison, reference_names, pay_point, financial_rows, staff_source),
    )


def front_line_pay(comparison, by_column, full_time_hours) -> FrontLinePay:
    """A front-line worker's full-time pay a year: the lowest contractor rate in the comparison over a full-time
    week, for setting the highest-paid director's pay against."""
    rates = [
        (by_column[key].hourly_rate, key)
        for key in comparison.columns
        if key != "direct" and key in by_column and by_column[key].hourly_rate is not None
    ]
    if not rates:
        return FrontLinePay(
            None, f"the contractor's hourly rate is not recorded in the “{comparison.title}” comparison"
        )
    if full_time_hours is None:
        return FrontLinePay(None, f"a full-time week is not known in the “{comparison.title}” comparison")
    rate, key = min(rates)
    who = {"contractor": "transferred staff" if comparison.two_tier else "contractor staff"}.get(key, "new starters")
    annual = gap.annual_pay(rate, full_time_hours)
    return FrontLinePay(annual.value, f"{comparison.title}, {who}: {annual.working}", comparison.as_at)


def comparison_front_line_pay(comparison) -> FrontLinePay:
    """`front_line_pay` for one comparison outside its page (the contract and provider pages ask through
    `Comparison.front_line_pay`): its terms, and the pay point only when the in-house week is not recorded."""
    by_column = {t.column: t for t in comparison.terms.all()}
    direct_terms = by_column.get("direct")
    pay_point = None
    if getattr(direct_terms, "weekly_hours", None) is None and comparison.pay_scheme and comparison.pay_point:
        pay_point = PayPoint.objects.filter(branch_id=comparison.contract.branch_id).in_force(
            comparison.as_at, comparison.pay_scheme, comparison.pay_point
        )
    full_time_hours, _source = _full_time_hours(comparison, direct_terms, pay_point)
    return front_line_pay(comparison, by_column, full_time_hours)


def _direct_rate(direct_terms, pay_point) -> tuple[Decimal | None, str]:
    """The in-house hourly rate and how it was reached: as recorded, else worked out from the pay point."""
    direct_rate = getattr(direct_terms, "hourly_rate", None)
    direct_working = "as recorded" if direct_rate is not None else ""
    if direct_rate is None and pay_point is not None:
        hourly = pay_point.hourly
        direct_rate, direct_working = hourly.value, f"{pay_point}: {hourly.working}"
    return direct_rate, direct_working


def _direct_annual(direct_terms, pay_point, full_time_hours) -> tuple[Decimal, str] | None:
    """The pay point's own annual salary, when it is what sets the in-house rate for a full-time week."""
    if pay_point is None or getattr(direct_terms, "hourly_rate", None) is not None:
        return None
    if full_time_hours is None or pay_point.weekly_hours != full_time_hours:
        return None
    return pay_point.annual_salary, str(pay_point)


def _full_time_hours(comparison, direct_terms, pay_point) -> tuple[Decimal | None, str]:
    """A full-time week and where it comes from: the in-house terms, else the pay point, else the pay scheme."""
    scheme_hours = None
    if comparison.pay_scheme:
        scheme_hours = PayScheme(comparison.pay_scheme).standard_weekly_hours
    full_time_hours, full_time_source = getattr(direct_terms, "weekly_hours", None), "the in-house weekly hours"
    if full_time_hours is None and pay_point is not None:
        full_time_hours, full_time_source = pay_point.weekly_hours, f"the standard week of {pay_point}"
    if full_time_hours is None and scheme_hours is not None:
        full_time_hours, full_time_source = scheme_hours, f"the {comparison.get_pay_scheme_display()} standard week"
    if full_time_hours is None:
        full_time_source = "not known"
    return full_time_hours, full_time_source


def _columns(comparison, by_column, labels, direct_rate, direct_working, full_time_hours) -> list[Column]:
    columns = []
    for key in comparison.columns:
        column_terms = by_column.get(key)
        if key == "direct":
            columns.append(Column(key, labels["direct"], column_terms, direct_rate, direct_working, full_time_hours))
        else:
            rate = getattr(column_terms, "hourly_rate", None)
            columns.append(
                Column(
                    key,
                    _column_heading(key, comparison.two_tier, labels),
                    column_terms,
                    rate,
                    "as recorded" if rate is not None else "",
                    getattr(column_terms, "weekly_hours", None),
                    comparison.staff_for(key),
                )
            )
    return columns


def _rows(columns, labels, direct_terms, direct_rate, pay_point) -> list[Row]:
    """The side-by-side table of terms; the in-house rate worked out from a pay point is shown in its cell."""
    rows = [
        Row(
            key,
            labels[key],
            [
                Cell(getattr(column.terms, key, "") if column.terms else "", _numbers(column.terms, key))
                for column in columns
            ],
        )
        for key, _ in ROWS
    ]
    if pay_point is not None and direct_terms is not None and direct_terms.hourly_rate is None:
        rows[0].cells[-1].numbers.append(f"{gap.money(direct_rate)} an hour ({pay_point})")
    return rows


def _reference_names(comparison, references) -> list[tuple[str, object]]:
    """The minimum wage and the Real Living Wage for the comparison's area (London or the rest of the UK)."""
    rlw_kind = "rlw-london" if comparison.living_wage_area == "london" else "rlw-uk"
    return [(kind, references.get(kind)) for kind in ("minimum-wage", rlw_kind)]


def _rate_check(column: Column, reference_names, direct_rate) -> RateCheck:
    against = []
    for _, reference in reference_names:
        if reference is None:
            against.append(gap.unknown("no reference rate is recorded for that date"))
        else:
            against.append(gap.against_reference(column.hourly_rate, reference.hourly_rate, reference.name))
    if not column.is_direct:
        against.append(
            gap.against_reference(column.hourly_rate, direct_rate, "comparable in-house rate")
            if direct_rate is not None
            else gap.unknown("the comparable in-house rate is not known")
        )
    legal_minimum = dict(reference_names).get("minimum-wage")
    below = (
        legal_minimum
        if legal_minimum is not None
        and column.hourly_rate is not None
        and column.hourly_rate < legal_minimum.hourly_rate
        else None
    )
    return RateCheck(column.heading, column.hourly_rate, against, below)


def _grand_total(gaps: list[ColumnGap]) -> gap.Total | None:
    """Only a two-tier workforce has a total across its columns."""
    if len(gaps) > 1:
        return gap.total((f"{g.heading}: {name}", figure) for g in gaps for name, figure in g.workforce_parts())
    return None


def _gap_against_profit(gaps, grand_total, financial_rows) -> gap.Figure | None:
    workforce_total = grand_total or (gaps[0].total_workforce if gaps else None)
    latest_profit = next((f for f in financial_rows if f.profit is not None), None)
    if workforce_total is not None and latest_profit is not None:
        return _share_of_profit(workforce_total, latest_profit)
    return None


def _rate_chart(comparison, columns, reference_names) -> str:
    bars = [
        chart.Bar(c.short_label(comparison.two_tier), c.hourly_rate, "direct" if c.is_direct else "contractor")
        for c in columns
    ]
    bars += [chart.Bar(ref.name, ref.hourly_rate, "reference") for _, ref in reference_names if ref is not None]
    return chart.bar_chart(
        chart_id=f"rates-{comparison.pk or 0}", title=f"Hourly pay on {uk_date(comparison.as_at)}", bars=bars
    )


def _gap_chart(comparison, columns, gaps) -> str:
    gap_bars = []
    for column, g in zip([c for c in columns if not c.is_direct], gaps, strict=True):
        short = column.short_label(comparison.two_tier)
        gap_bars += [
            chart.Bar(f"{short}: pay", g.per_full_time_post.value),
            chart.Bar(f"{short}: leave", g.leave.value),
            chart.Bar(f"{short}: pension", g.pension.value),
        ]
    return chart.bar_chart(
        chart_id=f"gap-{comparison.pk or 0}",
        title="What one full-time post would gain in-house each year",
        bars=gap_bars,
    )


def _sources(comparison, reference_names, pay_point, financial_rows, staff_source) -> list[str]:
    """Where every figure comes from: the branch's own notes, then the rates, pay point, accounts and staff count."""
    sources = [s.strip() for s in (comparison.sources or "").splitlines() if s.strip()]
    for _, ref in reference_names:
        if ref is not None:
            sources.append(f"{ref.name} £{ref.hourly_rate} from {uk_date(ref.effective_from)}: {ref.source}")
    if pay_point is not None:
        sources.append(
            f"{pay_point}: {gap.money(pay_point.annual_salary)} a year from {uk_date(pay_point.effective_from)}"
            + (f" ({pay_point.source})" if pay_point.source else " (entered by the branch)")
        )
    sources += [f"Accounts {f.year}: {f.source}" for f in financial_rows if f.source]
    if staff_source is not None and comparison.staff_count is None:
        sources.append(
            f"Staff numbers: {staff_source.get_kind_display()}"
            + (f", {staff_source.detail}" if staff_source.detail else "")
            + (f", {uk_date(staff_source.as_of)}" if staff_source.as_of else "")
        )
    return sources


def _column_gap(column: Column, direct_terms, direct_rate, full_time_hours, direct_annual=None) -> ColumnGap:
    terms = column.terms

    def value(name):
        return getattr(terms, name, None) if terms is not None else None

    def direct(name):
        return getattr(direct_terms, name, None) if direct_terms is not None else None

    per_hour = gap.hourly_gap(column.hourly_rate, direct_rate)
    if direct_annual is not None:
        per_full_time_post = gap.annual_gap_from_salary(*direct_annual, column.hourly_rate, full_time_hours)
    else:
        per_full_time_post = gap.annual_for_hours(per_hour, full_time_hours)
    hours = column.weekly_hours
    per_post = None
    if hours is not None and full_time_hours is not None and hours < full_time_hours:
        per_post = gap.annual_for_hours(per_hour, hours)
    fte = gap.full_time_equivalent(column.staff, hours, full_time_hours)
    posts = gap.posts_to_count(column.staff, fte)

    leave = gap.leave_value(value("annual_leave_days"), direct("annual_leave_days"), direct_rate, full_time_hours)
    pension = gap.pension_value(
        contractor_pct=value("employer_pension_pct"),
        contractor_hourly_rate=column.hourly_rate,
        direct_pct=direct("employer_pension_pct"),
        direct_hourly_rate=direct_rate,
        full_time_hours=full_time_hours,
    )
    unsocial = gap.unsocial_hours_value(
        contractor_premium_pct=value("unsocial_premium_pct"),
        contractor_hourly_rate=column.hourly_rate,
        direct_premium_pct=direct("unsocial_premium_pct"),
        direct_hourly_rate=direct_rate,
        unsocial_hours_weekly=value("unsocial_hours_weekly"),
    )
    sick_pay = gap.sick_pay_value(
        contractor_full_weeks=value("sick_full_weeks"),
        contractor_half_weeks=value("sick_half_weeks"),
        contractor_hourly_rate=column.hourly_rate,
        direct_full_weeks=direct("sick_full_weeks"),
        direct_half_weeks=direct("sick_half_weeks"),
        direct_hourly_rate=direct_rate,
        full_time_hours=full_time_hours,
    )
    headcount = (
        gap.Figure(Decimal(column.staff), f"{column.staff} staff", unit="fte")
        if column.staff is not None
        else gap.unknown("staff numbers are not known", unit="fte")
    )
    workforce_pay = gap.across_workforce(per_full_time_post, posts)
    leave_workforce = gap.across_workforce(leave, posts)
    pension_workforce = gap.across_workforce(pension, posts)
    unsocial_workforce = gap.across_workforce(unsocial, headcount)
    return ColumnGap(
        heading=column.heading,
        staff=column.staff,
        weekly_hours=hours,
        per_hour=per_hour,
        per_full_time_post=per_full_time_post,
        per_post=per_post,
        posts=posts,
        workforce_pay=workforce_pay,
        leave=leave,
        leave_workforce=leave_workforce,
        pension=pension,
        pension_workforce=pension_workforce,
        unsocial=unsocial,
        unsocial_workforce=unsocial_workforce,
        sick_pay=sick_pay,
    )


def _financial(record) -> Financial:
    def amount(name):
        return getattr(record, name, None)

    return Financial(
        year=getattr(record, "year", ""),
        turnover=amount("turnover"),
        profit=amount("profit"),
        dividends=amount("dividends"),
        staff_costs=amount("staff_costs"),
        highest_paid_director=amount("highest_paid_director"),
        source=str(getattr(record, "source", "") or ""),
    )


def _share_of_profit(workforce_total, financial: Financial) -> gap.Figure:
    if not workforce_total.known:
        return gap.unknown("the gap across the workforce is not known", unit="share-of-profit")
    if not financial.profit or financial.profit <= 0:
        return gap.unknown(f"the provider made no profit in {financial.year}", unit="share-of-profit")
    share = (workforce_total.value / financial.profit * 100).quantize(Decimal("0.1"))
    return gap.Figure(
        share,
        f"{gap.money(workforce_total.value)} ÷ {gap.money(financial.profit)} profit in {financial.year} "
        f"= {gap.number(share)}% of the provider's profit",
        unit="share-of-profit",
    )


def provider_financials(provider) -> list:
    """The provider's accounts, newest first, once the register records them (`provider.financials`)."""
    if provider is None or not hasattr(provider, "financials"):
        return []
    return list(provider.financials.all().order_by("-year")[:3])


def load_analysis(comparison) -> Analysis:
    """Fetch what one comparison needs (terms, rates, pay point, wording, accounts) and analyse it."""
    branch = comparison.contract.branch
    pay_point = None
    if comparison.pay_scheme and comparison.pay_point:
        pay_point = PayPoint.objects.filter(branch=branch).in_force(
            comparison.as_at, comparison.pay_scheme, comparison.pay_point
        )
    return analyse(
        comparison,
        terms=list(comparison.terms.all()),
        references=ReferenceRate.objects.on(comparison.as_at),
        pay_point=pay_point,
        labels=ComparisonWording.objects.labels(branch),
        financials=provider_financials(comparison.contract.provider),
        staff_source=FigureSource.objects.filter(contract=comparison.contract, field="staff_count").first(),
    )
