"""Imports in the browser: upload, column mapping with a preview, dry run, then apply."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from contracts.register.models import PublicAuthority
from insourcing.access import get_for_user, user_can_edit
from insourcing.models import Branch

from .forms import ApplyForm, MappingForm, UploadForm
from .jobs import import_job_apply, import_job_check, import_job_inspect, import_job_preview
from .models import ImportJob
from .rows import ERROR, WARNING

REPORT_PAGE = 100


def _has_problems(row: dict) -> bool:
    return any(level in (ERROR, WARNING) for level, _column, _reason in row["issues"])


def _file_deleted(request, job: ImportJob):
    messages.error(request, "The uploaded file has been deleted, as every file is after its import: upload it again.")
    return redirect(job)


@login_required
@require_GET
def import_list(request, slug):
    branch = get_for_user(Branch, request.user, slug=slug)
    jobs = ImportJob.objects.filter(branch=branch).select_related("uploaded_by", "authority").defer("report")[:100]
    return render(
        request,
        "contracts/imports/list.html",
        {"branch": branch, "jobs": jobs, "can_edit": user_can_edit(branch, request.user)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def import_upload(request, slug):
    branch = get_for_user(Branch, request.user, edit=True, slug=slug)
    form = UploadForm(request.POST or None, request.FILES or None, branch=branch)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        authority = form.cleaned_data["authority"]
        if new_name := " ".join(form.cleaned_data["new_authority"].split()):
            authority, _ = PublicAuthority.objects.get_or_create(branch=branch, name=new_name)
        job = ImportJob(
            branch=branch,
            uploaded_by=request.user,
            authority=authority,
            original_name=upload.name[:255],
            size=upload.size,
        )
        job.file.save(upload.name, upload, save=False)
        job.save()
        import_job_inspect(job=job)
        if job.status == ImportJob.Status.UNREADABLE:
            messages.error(request, f"The file could not be read: {job.error}")
            return redirect(job)
        if job.file_format == ImportJob.Format.REGISTER:
            return redirect("contracts:import_mapping", pk=job.pk)
        import_job_check(job=job, user=request.user)
        return redirect(job)
    return render(request, "contracts/imports/upload.html", {"branch": branch, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request, pk):
    job = get_for_user(ImportJob.objects.select_related("branch", "authority"), request.user, edit=True, pk=pk)
    if job.file_deleted_at:
        return _file_deleted(request, job)
    if job.file_format != ImportJob.Format.REGISTER or job.status in (
        ImportJob.Status.APPLIED,
        ImportJob.Status.UNREADABLE,
    ):
        return redirect(job)
    headers, keys, preview = import_job_preview(job=job)
    form = MappingForm(request.POST or None, headers=headers, keys=keys, mapping=job.mapping)
    if request.method == "POST" and form.is_valid():
        job.mapping = form.mapping
        job.save(update_fields=["mapping"])
        import_job_check(job=job, user=request.user)
        messages.success(request, "Dry run done: nothing has been changed yet. Check the rows, then apply.")
        return redirect(job)
    columns = [(form[f"column_{i}"], [row[i] if i < len(row) else "" for row in preview]) for i in range(len(keys))]
    return render(
        request,
        "contracts/imports/mapping.html",
        {"job": job, "branch": job.branch, "form": form, "columns": columns, "preview_count": len(preview)},
    )


@login_required
@require_POST
def import_check(request, pk):
    job = get_for_user(ImportJob.objects.select_related("branch", "authority"), request.user, edit=True, pk=pk)
    if job.file_deleted_at:
        return _file_deleted(request, job)
    if job.status not in (ImportJob.Status.APPLIED, ImportJob.Status.UNREADABLE):
        import_job_check(job=job, user=request.user)
        messages.success(request, "Dry run done: nothing has been changed yet.")
    return redirect(job)


@login_required
@require_GET
def import_detail(request, pk):
    job = get_for_user(ImportJob.objects.select_related("branch", "authority", "uploaded_by"), request.user, pk=pk)
    problems_only = request.GET.get("show") == "problems"
    rows = [r for r in job.report if _has_problems(r)] if problems_only else job.report
    page = Paginator(rows, REPORT_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "contracts/imports/detail.html",
        {
            "job": job,
            "branch": job.branch,
            "page": page,
            "problems_only": problems_only,
            "apply_form": ApplyForm(),
            "can_edit": user_can_edit(job, request.user),
            "retention_days": settings.IMPORT_FILE_RETENTION_DAYS,
        },
    )


@login_required
@require_POST
def import_apply(request, pk):
    job = get_for_user(ImportJob.objects.select_related("branch", "authority"), request.user, edit=True, pk=pk)
    form = ApplyForm(request.POST)
    if job.status != ImportJob.Status.CHECKED or not form.is_valid():
        messages.error(request, "Run the dry run first, then choose how to apply.")
        return redirect(job)
    job = import_job_apply(job=job, user=request.user, all_or_nothing=form.cleaned_data["mode"] == "all")
    if job.status == ImportJob.Status.APPLIED:
        summary = job.summary
        messages.success(
            request,
            f"Applied: {_count(summary['new'], 'new contract')}, {summary['update']} updated, "
            f"{summary['unchanged']} unchanged; {_count(summary['error'], 'row')} with errors left out.",
        )
    elif job.status == ImportJob.Status.NOT_APPLIED:
        messages.error(request, "Nothing was applied: some rows have errors and you chose all or nothing.")
    return redirect(job)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
