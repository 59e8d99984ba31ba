"""Imports in the browser: upload, column mapping with a preview, dry run, then apply; each step in the worker.

Requests only store the upload and queue steps (contracts/imports/jobs.py); a busy job's page polls its progress.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from insourcing.access import get_for_user, user_can_edit
from insourcing.models import Branch

from .forms import ApplyForm, MappingForm, UploadForm
from .jobs import import_authority, import_job_cancel, import_job_request, import_jobs_upload
from .models import ImportJob
from .rows import ERROR, WARNING
from .synonyms import unique_keys

REPORT_PAGE = 100
Status = ImportJob.Status


def _has_problems(row: dict) -> bool:
    return any(level in (ERROR, WARNING) for level, _column, _reason in row["issues"])


def _file_deleted(request, job: ImportJob):
    messages.error(request, "The uploaded file has been deleted, as every file is after its import: upload it again.")
    return redirect(job)


def _batch_url(job: ImportJob) -> str:
    return reverse("contracts:import_batch", kwargs={"slug": job.branch.slug, "batch": job.batch})


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
        authority = import_authority(
            branch=branch, chosen=form.cleaned_data["authority"], new_name=form.cleaned_data["new_authority"]
        )
        files = form.cleaned_data["file"]
        jobs = import_jobs_upload(branch=branch, user=request.user, authority=authority, files=files)
        if len(jobs) == 1:
            return redirect(jobs[0])
        return redirect(_batch_url(jobs[0]))
    return render(request, "contracts/imports/upload.html", {"branch": branch, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def import_mapping(request, pk):
    job = get_for_user(ImportJob.objects.select_related("branch", "authority"), request.user, edit=True, pk=pk)
    if job.file_deleted_at:
        return _file_deleted(request, job)
    if job.file_format != ImportJob.Format.REGISTER or job.status not in (
        Status.READ,
        Status.CHECKED,
        Status.NOT_APPLIED,
    ):
        return redirect(job)
    # The headers and first rows the worker kept: this page never reads the file.
    keys, preview = (job.preview or {}).get("keys") or unique_keys(job.headers), (job.preview or {}).get("rows", [])
    form = MappingForm(
        request.POST or None,
        headers=job.headers,
        keys=keys,
        mapping=job.mapping,
        branch=job.branch,
        initial={"authority": job.authority},
    )
    if request.method == "POST" and form.is_valid():
        authority = import_authority(
            branch=job.branch, chosen=form.cleaned_data["authority"], new_name=form.cleaned_data["new_authority"]
        )
        if import_job_request(job=job, step="check", user=request.user, mapping=form.mapping, authority=authority):
            messages.success(request, "The dry run has started: nothing will be changed until you apply.")
        return redirect(job)
    columns = [(field, [row[i] if i < len(row) else "" for row in preview]) for i, field in enumerate(form.columns())]
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
    if import_job_request(job=job, step="check", user=request.user):
        messages.success(request, "The dry run has started: nothing will be changed until you apply.")
    return redirect(job)


def _next_page(job: ImportJob) -> str:
    """Where a page that was watching a busy job goes once the job stops."""
    if job.status == Status.READ:  # only a file uploaded on its own stops here (a batch's go on to the dry run)
        return reverse("contracts:import_mapping", kwargs={"pk": job.pk})
    if job.status == Status.UNPACKED:
        return _batch_url(job)
    return job.get_absolute_url()


@login_required
@require_GET
def import_detail(request, pk):
    job = get_for_user(ImportJob.objects.select_related("branch", "authority", "uploaded_by"), request.user, pk=pk)
    if request.htmx:
        if job.is_busy:
            return render(request, "contracts/imports/_progress.html", {"job": job})
        response = HttpResponse(status=204)
        response["HX-Redirect"] = _next_page(job)
        return response
    can_edit = user_can_edit(job, request.user)
    if job.status == Status.READ and can_edit:
        # The worker can read a small file before the browser arrives from the upload; the officer must then land
        # where the progress poll would have taken them, not on a page that waits for nothing.
        return redirect("contracts:import_mapping", pk=job.pk)
    problems_only = request.GET.get("show") == "problems"
    rows = [r for r in job.report if _has_problems(r)] if problems_only else job.report
    page = Paginator(rows, REPORT_PAGE).get_page(request.GET.get("page"))
    batch_count = ImportJob.objects.filter(branch=job.branch, batch=job.batch).count() if job.batch else 1
    return render(
        request,
        "contracts/imports/detail.html",
        {
            "job": job,
            "branch": job.branch,
            "page": page,
            "problems_only": problems_only,
            "apply_form": ApplyForm(),
            "can_edit": can_edit,
            "retention_days": settings.IMPORT_FILE_RETENTION_DAYS,
            "batch_url": _batch_url(job) if batch_count > 1 else "",
        },
    )


@login_required
@require_POST
def import_apply(request, pk):
    job = get_for_user(ImportJob.objects.select_related("branch", "authority"), request.user, edit=True, pk=pk)
    form = ApplyForm(request.POST)
    if job.status != Status.CHECKED or not form.is_valid():
        if job.status not in (Status.APPLYING, Status.APPLIED):  # a double click: the first one is on its way
            messages.error(request, "Run the dry run first, then choose how to apply.")
        return redirect(job)
    all_or_nothing = form.cleaned_data["mode"] == "all"
    if import_job_request(job=job, step="apply", user=request.user, all_or_nothing=all_or_nothing):
        messages.success(request, "Applying the import: this page shows the result when it is done.")
    return redirect(job)


@login_required
@require_POST
def import_cancel(request, pk):
    job = get_for_user(ImportJob.objects.select_related("branch"), request.user, edit=True, pk=pk)
    if import_job_cancel(job=job):
        messages.success(request, "The import is cancelled and its file deleted. Nothing was changed in the register.")
    else:
        messages.error(request, f"The import had already finished ({job.get_status_display().lower()}).")
    return redirect(job)


@login_required
@require_GET
def import_batch(request, slug, batch):
    branch = get_for_user(Branch, request.user, slug=slug)
    jobs = list(
        ImportJob.objects.filter(branch=branch, batch=batch)
        .select_related("authority")
        .defer("report", "preview", "headers", "mapping")
        .order_by("created_at", "pk")
    )
    if not jobs:
        raise Http404("No such upload")
    busy = any(job.is_busy for job in jobs)
    files = [job for job in jobs if job.status != Status.UNPACKED]
    context = {
        "branch": branch,
        "jobs": jobs,
        "busy": busy,
        "batch": batch,
        "url": request.path,
        "uploaded": sum(1 for job in jobs if job.unpacked_from_id is None),
        "from_zips": sum(1 for job in files if job.unpacked_from_id is not None),
        "ready": sum(1 for job in jobs if job.status == Status.CHECKED),
        "can_edit": user_can_edit(branch, request.user),
    }
    if request.htmx:
        return render(request, "contracts/imports/_batch_table.html", context)
    return render(request, "contracts/imports/batch.html", context)


@login_required
@require_POST
def import_batch_apply(request, slug, batch):
    """Apply every file of the upload whose dry run is done, each in the worker through the outbox, all or nothing."""
    branch = get_for_user(Branch, request.user, edit=True, slug=slug)
    ready = ImportJob.objects.filter(branch=branch, batch=batch, status=Status.CHECKED, file_deleted_at__isnull=True)
    queued = sum(
        import_job_request(job=job, step="apply", user=request.user, all_or_nothing=True)
        for job in ready.defer("report", "preview")
    )
    if queued:
        messages.success(request, f"Applying {queued} file{'s' if queued != 1 else ''}: each row shows its result.")
    else:
        messages.error(request, "No file of this upload is ready to apply: each needs its dry run first.")
    return redirect(reverse("contracts:import_batch", kwargs={"slug": branch.slug, "batch": batch}))
