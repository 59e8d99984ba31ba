"""What the API publishes. Fields are listed one by one: nothing reaches a reporting tool by accident.

Never published: survey answers (only suppressed aggregates), survey contact details, team members' names and
emails, FoI letters, and anything about who did what.
"""

from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from campaigns.models import Campaign, PlanRow
from contracts.models import Contract, FoIRequest, LeadIn
from insourcing.models import Branch
from overview.dashboards import progress
from surveys.models import Survey


class BranchSerializer(serializers.ModelSerializer):
    region = serializers.CharField(source="region.slug")

    class Meta:
        model = Branch
        fields = ["id", "slug", "name", "region"]


class ContractSerializer(serializers.ModelSerializer):
    branch = serializers.CharField(source="branch.slug")
    authority = serializers.CharField(source="authority.name")
    provider = serializers.CharField(source="provider.name", allow_null=True, default=None)
    membership_density = serializers.SerializerMethodField(help_text="UNISON members per 100 staff; null if unknown.")
    lead_in_status = serializers.SerializerMethodField()
    has_campaign = serializers.BooleanField(help_text="A campaign targets this contract.")

    class Meta:
        model = Contract
        fields = [
            "id",
            "branch",
            "authority",
            "provider",
            "reference",
            "service",
            "service_category",
            "value",
            "value_basis",
            "start_date",
            "end_date",
            "latest_end_date",
            "staff_count",
            "union_members",
            "other_union_members",
            "activists",
            "membership_density",
            "lead_in_status",
            "has_campaign",
            "updated_at",
        ]

    @extend_schema_field(OpenApiTypes.FLOAT)
    def get_membership_density(self, contract) -> float | None:
        share = contract.membership_density()
        return None if share is None else round(share * 100, 1)

    @extend_schema_field(serializers.ChoiceField(choices=LeadIn.choices))
    def get_lead_in_status(self, contract) -> str:
        return str(contract.lead_in_status(has_campaign=contract.has_campaign))


class CampaignSerializer(serializers.ModelSerializer):
    branch = serializers.CharField(source="branch.slug")
    phase_label = serializers.CharField(source="get_phase_display")
    target_contracts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    density = serializers.SerializerMethodField(help_text="Latest membership density (%); null if unknown.")
    activists = serializers.SerializerMethodField(help_text="Latest number of activists; null if unknown.")
    overdue_plan_rows = serializers.IntegerField()

    class Meta:
        model = Campaign
        fields = [
            "id",
            "branch",
            "name",
            "status",
            "phase",
            "phase_label",
            "started_on",
            "target_contracts",
            "target_density",
            "target_activists",
            "target_date",
            "baseline_on",
            "baseline_staff",
            "baseline_members",
            "baseline_activists",
            "density",
            "activists",
            "overdue_plan_rows",
            "created_at",
            "updated_at",
        ]

    def _latest(self, campaign) -> progress.Reading | None:
        return progress.reading_on(progress.readings(campaign), timezone.localdate())

    @extend_schema_field(serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True))
    def get_density(self, campaign):
        latest = self._latest(campaign)
        value = progress.density(latest.members, latest.staff) if latest else None
        return None if value is None else str(value)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_activists(self, campaign) -> int | None:
        latest = self._latest(campaign)
        return latest.activists if latest else None


class PlanRowSerializer(serializers.ModelSerializer):
    branch = serializers.CharField(source="campaign.branch.slug")
    is_overdue = serializers.SerializerMethodField()

    class Meta:
        model = PlanRow
        fields = [
            "id",
            "campaign",
            "branch",
            "phase",
            "step",
            "objective",
            "task",
            "deadline",
            "status",
            "done_on",
            "is_draft",
            "is_overdue",
            "updated_at",
        ]

    def get_is_overdue(self, row) -> bool:
        return row.is_overdue()


class FoIRequestSerializer(serializers.ModelSerializer):
    branch = serializers.CharField(source="branch.slug")
    authority = serializers.CharField(source="authority.name")
    contracts = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    is_overdue = serializers.SerializerMethodField(help_text="Awaiting a reply past the statutory due date.")

    class Meta:
        model = FoIRequest
        fields = [
            "id",
            "reference",
            "branch",
            "authority",
            "contracts",
            "subject",
            "status",
            "sent_on",
            "received_on",
            "due_on",
            "replied_on",
            "review_due_on",
            "is_overdue",
            "created_at",
            "updated_at",
        ]

    def get_is_overdue(self, foi) -> bool:
        waiting = foi.status in (*FoIRequest.AWAITING_REPLY, FoIRequest.Status.OVERDUE)
        return waiting and foi.due_on is not None and foi.due_on < timezone.localdate()


class SurveySerializer(serializers.ModelSerializer):
    branch = serializers.CharField(source="contract.branch.slug")
    staff_count = serializers.IntegerField(source="contract.staff_count", allow_null=True)
    responses = serializers.SerializerMethodField(help_text="Responses received (kept after the raw answers go).")
    response_rate = serializers.SerializerMethodField(help_text="Responses per 100 staff; null if staff unknown.")

    class Meta:
        model = Survey
        fields = [
            "id",
            "branch",
            "contract",
            "campaign",
            "title",
            "status",
            "opens_on",
            "closes_on",
            "created_on",
            "updated_at",
            "staff_count",
            "responses",
            "response_rate",
        ]

    def get_responses(self, survey) -> int | None:
        """Null when 1 to 9, as on the results page: a count that small is a small group."""
        snapshot = getattr(survey, "snapshot", None) if survey.raw_deleted_on else None
        count = snapshot.data["responses"] if snapshot else survey.response_count
        return None if count is None or 0 < count < 10 else count

    @extend_schema_field(serializers.FloatField(allow_null=True))
    def get_response_rate(self, survey) -> float | None:
        responses = self.get_responses(survey)
        rate = None if responses is None else survey.response_rate(responses)
        return None if rate is None else round(rate * 100, 1)


# Suppressed results: the same aggregates as the results page, every count already through surveys.suppression.


class CellSerializer(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField(allow_null=True, help_text="null when suppressed (a group of 1 to 9).")
    percent = serializers.FloatField(allow_null=True)


class LineSerializer(serializers.Serializer):
    label = serializers.CharField()
    cells = CellSerializer(many=True)


class QuestionResultSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.CharField()
    dropped = serializers.BooleanField()
    cells = CellSerializer(many=True)
    columns = serializers.ListField(child=serializers.CharField())
    lines = LineSerializer(many=True, help_text="Matrix questions: one line per row.")


class CrossTabSerializer(serializers.Serializer):
    row_question = serializers.CharField()
    column_question = serializers.CharField()
    columns = serializers.ListField(child=serializers.CharField())
    lines = LineSerializer(many=True)
    totals = CellSerializer(many=True)


class SurveyResultsSerializer(serializers.Serializer):
    survey = serializers.IntegerField()
    responses = serializers.IntegerField(allow_null=True, help_text="Null when fewer than 10.")
    paper = serializers.IntegerField(allow_null=True)
    staff_count = serializers.IntegerField(allow_null=True)
    rate = serializers.FloatField(allow_null=True, help_text="Responses per 100 staff.")
    snapshot_date = serializers.CharField(
        allow_blank=True, help_text="Set when the raw answers were deleted and these are the saved results."
    )
    questions = QuestionResultSerializer(many=True)
    crosstabs = CrossTabSerializer(many=True)
