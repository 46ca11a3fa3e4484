"""Pages of the tickets app that both agents and clients reach: downloading an attachment."""

from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from .models import Attachment
from .permissions import can_view_attachment


@require_safe
@login_required
def download_attachment(request: HttpRequest, case_id: int, attachment_id: int) -> FileResponse:
    """The file, always as a download with the content type we read from its bytes, never
    sniffed nor rendered by the browser. 404 for whoever may not see it, as for a missing one:
    a client cannot learn which attachment numbers exist."""
    attachment = (
        Attachment.objects.select_related("case", "article")
        .filter(pk=attachment_id, case_id=case_id)
        .first()
    )
    if attachment is None or not can_view_attachment(request.user, attachment):
        raise Http404
    return file_download(attachment.file, attachment.name, attachment.content_type)


def file_download(file: FieldFile, name: str, content_type: str) -> FileResponse:
    """A stored file as a download under `name` with the content type read from its bytes,
    never sniffed nor rendered by the browser, nor cached; 404 when the storage lost it. Also
    for the files of inquiries (inquiries.views)."""
    try:
        opened = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(opened, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"
    return response
