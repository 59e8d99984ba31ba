from django.conf import settings


def site(request):
    return {"union_name": settings.UNION_NAME, "union_join_url": settings.UNION_JOIN_URL}
