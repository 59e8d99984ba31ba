"""Read-only endpoints. Each starts from `Model.objects.for_user(user)`, the scope every page uses, so an
officer reads their branches and an organiser every branch of their region, and no one anything else."""

from django.db.models import Count, Prefetch
from django.http import Http404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.authentication import SessionAuthentication
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from campaigns.models import Campaign, MembershipSnapshot, PlanRow
from contracts.models import Contract, FoIRequest
from insourcing.access import get_for_user
from insourcing.models import Branch
from overview.dashboards.branch import overdue_rows_count
from surveys.models import Survey
from surveys.results import survey_results

from . import filters, serializers
from .authentication import BearerTokenAuthentication

AUTHENTICATION = [BearerTokenAuthentication, SessionAuthentication]


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class ScopedListView(generics.ListAPIView):
    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]

    def base_queryset(self):
        return self.serializer_class.Meta.model.objects.all()

    def get_queryset(self):
        # Ordered by id so pages are stable while a tool walks through them.
        return self.base_queryset().for_user(self.request.user).order_by("pk")


class BranchList(ScopedListView):
    """Branches you can read: your own, and every branch of the regions you organise."""

    serializer_class = serializers.BranchSerializer
    filter_backends = []

    def base_queryset(self):
        return Branch.objects.select_related("region")


class ContractList(ScopedListView):
    """Contracts on the register, with the renewal clock's lead-in status."""

    serializer_class = serializers.ContractSerializer
    filterset_class = filters.ContractFilter

    def base_queryset(self):
        return Contract.objects.select_related("branch", "authority", "provider").annotate_has_campaign()


class CampaignList(ScopedListView):
    """Campaigns with their phase, SMART targets, baseline and latest membership figures."""

    serializer_class = serializers.CampaignSerializer
    filterset_class = filters.CampaignFilter

    def base_queryset(self):
        return (
            Campaign.objects.select_related("branch")
            .annotate(overdue_plan_rows=overdue_rows_count())
            .prefetch_related(
                "target_contracts",
                Prefetch("snapshots", queryset=MembershipSnapshot.objects.order_by("taken_on", "pk")),
            )
        )


class PlanRowList(ScopedListView):
    """Rows of the campaign plans (objective, task, deadline, status); who is responsible is not published."""

    serializer_class = serializers.PlanRowSerializer
    filterset_class = filters.PlanRowFilter

    def base_queryset(self):
        return PlanRow.objects.select_related("campaign__branch")


class FoIRequestList(ScopedListView):
    """FoI requests and their statutory clock (not the letters)."""

    serializer_class = serializers.FoIRequestSerializer
    filterset_class = filters.FoIRequestFilter

    def base_queryset(self):
        return FoIRequest.objects.select_related("branch", "authority").prefetch_related("contracts")


class SurveyList(ScopedListView):
    """Surveys with response counts and rates. Results: /api/surveys/{id}/results/."""

    serializer_class = serializers.SurveySerializer
    filterset_class = filters.SurveyFilter

    def base_queryset(self):
        return Survey.objects.select_related("contract__branch", "snapshot").annotate(response_count=Count("responses"))


class SurveyResults(generics.GenericAPIView):
    """A survey's results with small cells suppressed, exactly as on its results page. Never the answers."""

    authentication_classes = AUTHENTICATION
    permission_classes = [IsAuthenticated]
    serializer_class = serializers.SurveyResultsSerializer

    @extend_schema(responses=serializers.SurveyResultsSerializer)
    def get(self, request, pk):
        survey = get_for_user(Survey.objects.select_related("contract"), request.user, pk=pk)
        if survey.raw_deleted_on:
            snapshot = getattr(survey, "snapshot", None)
            if snapshot is None:
                raise Http404("No results were kept for this survey.")
            data = snapshot.data
        else:
            data = survey_results(survey).as_json()
        return Response(self.get_serializer({**data, "survey": survey.pk}).data)
